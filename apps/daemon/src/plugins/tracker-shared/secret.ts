import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { badRequest } from '@ao/shared/errors';
import { z } from 'zod';

/** An absolute path of a file holding a secret (read when the plugin is made; never a secret in the config itself). */
export const secretFileSchema = z
  .string()
  .refine((p) => isAbsolute(p), 'an absolute path, e.g. /home/me/.config/ao/linear-key');

/** A config key where a secret must not be written: the schema refuses it with where to put the secret instead. */
export const refusedSecret = (where: string) =>
  z.never({ error: `secrets are never written in the config: ${where}` }).optional();

/** The secret from the environment, else the first line of `file`, else undefined. An unreadable file is a 400. */
export function readSecret(
  fromEnv: string | undefined,
  file: string | undefined,
  key: string,
): string | undefined {
  if (fromEnv) return fromEnv.trim();
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').split('\n')[0]?.trim() || undefined;
  } catch (err) {
    throw badRequest(
      `cannot read ${key} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      key,
    );
  }
}
