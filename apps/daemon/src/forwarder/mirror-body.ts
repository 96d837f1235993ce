import { z } from 'zod';

/** One forwarded chunk is at most 1 MiB of text; the forwarder sends larger growth in several. */
export const MIRROR_CHUNK_MAX = 1024 * 1024;
export const MIRROR_BODY_LIMIT = 4 * MIRROR_CHUNK_MAX;

export const mirrorBodySchema = z.object({
  path: z.string().min(1).max(4096),
  mode: z.enum(['append', 'replace']),
  offset: z.number().int().min(0).default(0),
  data: z.string().max(MIRROR_CHUNK_MAX),
});
