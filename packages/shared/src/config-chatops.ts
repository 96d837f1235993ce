import { z } from 'zod';

/** A Slack id (user U…/W…, channel C…/G…/D…): what Slack sends, never a display name (names can be changed). */
/** How a secret is written in the config: `${NAME}`, expanded from the daemon's environment. */
const fromEnv = (name: string) => `\${${name}}`;

const slackId = z.string().regex(/^[A-Z0-9]{2,30}$/, 'a Slack id such as U024BE7LH or C024BE91L');
/** A Telegram user or chat id (chats of groups are negative). */
const telegramId = z.number().int().describe('a numeric Telegram id');

const slackSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe('Take commands from Slack (Socket Mode: no public URL needed)'),
    appToken: z
      .string()
      .regex(/^xapp-\S+$/, 'an app-level token starting with xapp-')
      .optional()
      .describe(
        `App-level token with connections:write, e.g. ${fromEnv('SLACK_APP_TOKEN')} (expanded from the environment)`,
      ),
    botToken: z
      .string()
      .regex(/^xox[bp]-\S+$/, 'a bot token starting with xoxb-')
      .optional()
      .describe(`Bot token (chat:write, im:history, channels:history), e.g. ${fromEnv('SLACK_BOT_TOKEN')}`),
    allowUsers: z
      .array(slackId)
      .default([])
      .describe('Slack user ids allowed to give commands; anyone else is refused'),
    allowChannels: z
      .array(slackId)
      .default([])
      .describe('Channel ids where commands are taken (direct messages with the bot are always allowed)'),
    apiUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Slack Web API base URL (default https://slack.com/api/); for a compatible server or tests'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!s.enabled) return;
    for (const key of ['appToken', 'botToken'] as const)
      if (!s[key])
        ctx.addIssue({ code: 'custom', path: [key], message: `required when slack.enabled is true` });
  });

const telegramSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe('Take commands from Telegram (long polling: no public URL needed)'),
    token: z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]+$/, 'a bot token from @BotFather, like 123456:ABC-DEF')
      .optional()
      .describe(`Bot token, e.g. ${fromEnv('TELEGRAM_BOT_TOKEN')} (expanded from the environment)`),
    allowUsers: z
      .array(telegramId)
      .default([])
      .describe('Telegram user ids allowed to give commands; anyone else is refused'),
    allowChats: z
      .array(telegramId)
      .default([])
      .describe('Group chat ids where commands are taken (private chats with the bot are always allowed)'),
    apiRoot: z
      .url({ protocol: /^https?$/ })
      .refine((u) => !u.endsWith('/'), 'no trailing "/"')
      .optional()
      .describe('Bot API root (default https://api.telegram.org); for a local Bot API server or tests'),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.enabled && !t.token)
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'required when telegram.enabled is true' });
  });

/**
 * `chatops`: two-way chat with the fleet from Slack and Telegram (`status`, `sessions`, `show`, `tell`, `merge`,
 * `kill`). Only allow-listed users are answered; every command that changes something is confirmed and logged.
 */
export const chatopsConfigSchema = z
  .object({
    slack: slackSchema.default({ enabled: false, allowUsers: [], allowChannels: [] }),
    telegram: telegramSchema.default({ enabled: false, allowUsers: [], allowChats: [] }),
    confirmTimeoutSec: z
      .number()
      .int()
      .min(1)
      .max(600)
      .default(60)
      .describe(
        'A command that changes something waits this long for "yes" (or the button), then is dropped',
      ),
  })
  .strict()
  .default({
    slack: { enabled: false, allowUsers: [], allowChannels: [] },
    telegram: { enabled: false, allowUsers: [], allowChats: [] },
    confirmTimeoutSec: 60,
  });

export type ChatopsConfig = z.output<typeof chatopsConfigSchema>;
export type SlackChatopsConfig = ChatopsConfig['slack'];
export type TelegramChatopsConfig = ChatopsConfig['telegram'];
