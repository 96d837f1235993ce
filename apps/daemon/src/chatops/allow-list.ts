import type { SlackChatopsConfig, TelegramChatopsConfig } from '@ao/shared/config-chatops';

/**
 * Slack: an allow-listed user, in a direct message with the bot (`im`, or a `D…` channel for button presses) or in an
 * allow-listed channel.
 */
export function slackAllowed(
  cfg: SlackChatopsConfig,
  user: string,
  channel: string,
  channelType?: string,
): boolean {
  if (!cfg.allowUsers.includes(user)) return false;
  const direct = channelType === 'im' || (channelType === undefined && channel.startsWith('D'));
  return direct || cfg.allowChannels.includes(channel);
}

/** Telegram: an allow-listed user, in a private chat with the bot or in an allow-listed chat. */
export function telegramAllowed(
  cfg: TelegramChatopsConfig,
  user: number,
  chat: number,
  chatType: string,
): boolean {
  if (!cfg.allowUsers.includes(user)) return false;
  return (chatType === 'private' && chat === user) || cfg.allowChats.includes(chat);
}
