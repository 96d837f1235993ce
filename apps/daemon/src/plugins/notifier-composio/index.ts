import type { Notifier, PluginModule } from '@ao/shared/plugin';
import type { Composio } from '@composio/core';
import { z } from 'zod';
import { readSecret, refusedSecret, secretFileSchema } from '../tracker-shared/secret';
import { composioClient, executeTool } from './execute';
import { renderArguments } from './render';

const configSchema = z
  .object({
    userId: z
      .string()
      .min(1)
      .describe("Composio user (entity) id whose connected account runs the tool, e.g. 'default'"),
    action: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9_]*$/, 'a Composio tool slug, e.g. SLACK_SEND_MESSAGE')
      .describe('The tool to execute: SLACK_SEND_MESSAGE, DISCORD_SEND_MESSAGE, GMAIL_SEND_EMAIL, ...'),
    arguments: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .default({})
      .describe(
        "The tool's arguments; strings may hold {{title}} {{body}} {{url}} {{priority}} {{sessionId}}, e.g. { channel: '#agents', text: '{{title}}\\n{{body}}' }",
      ),
    version: z
      .string()
      .min(1)
      .optional()
      .describe("Toolkit version to pin, e.g. '20250909_00'; without it the latest version runs"),
    connectedAccountId: z
      .string()
      .min(1)
      .optional()
      .describe('Which connected account to use when the user has several for the toolkit'),
    apiKeyFile: secretFileSchema
      .optional()
      .describe('File holding the Composio API key, when COMPOSIO_API_KEY is not set'),
    apiKey: refusedSecret('set COMPOSIO_API_KEY or apiKeyFile').describe(
      'Refused: the API key comes from COMPOSIO_API_KEY or apiKeyFile, never the config',
    ),
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Composio API URL (default https://backend.composio.dev); for tests'),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(120_000)
      .default(15_000)
      .describe('Bound on one notification: looking the tool up and executing it'),
    COMPOSIO_API_KEY: z.string().optional().describe('Filled from the environment by the daemon'),
  })
  .strict();
export type ComposioNotifierConfig = z.output<typeof configSchema>;

/** Sends each notification by executing a Composio tool (Slack, Discord, Gmail, ...) for the user's connected account. */
export const notifierComposio = {
  manifest: {
    name: 'composio',
    slot: 'notifier',
    description: 'Any app Composio connects, through a tool such as SLACK_SEND_MESSAGE',
  },
  configSchema,
  create(config): Notifier {
    const apiKey = readSecret(config.COMPOSIO_API_KEY, config.apiKeyFile, 'apiKeyFile');
    let client: Promise<Composio> | null = null;
    return {
      async send(n) {
        if (!apiKey)
          throw new Error(
            `Composio ${config.action}: no API key: set COMPOSIO_API_KEY, or apiKeyFile in notifiers.composio`,
          );
        client ??= composioClient(apiKey, config.baseUrl);
        await executeTool(await client, {
          userId: config.userId,
          action: config.action,
          arguments: renderArguments(config.arguments, n),
          version: config.version,
          connectedAccountId: config.connectedAccountId,
          timeoutMs: config.timeoutMs,
        });
      },
    };
  },
} satisfies PluginModule<'notifier', typeof configSchema>;
