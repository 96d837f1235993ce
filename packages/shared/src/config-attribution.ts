import { z } from 'zod';

/** `attribution`: how agents' commits name the model that wrote them. */
export const attributionConfigSchema = z
  .object({
    coAuthoredBy: z
      .boolean()
      .default(true)
      .describe(
        "Add `Co-Authored-By: <model> <address>` to every commit an agent makes, through a commit-msg hook given in the agent's environment (nothing is written to the repository); false turns it off",
      ),
  })
  .strict()
  .default({ coAuthoredBy: true });
