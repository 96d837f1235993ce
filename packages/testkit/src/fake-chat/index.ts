export { type FakeSlack, type SlackPost, startFakeSlack } from './fake-slack';
export { type FakeTelegram, startFakeTelegram, type TelegramChat, type TelegramSent } from './fake-telegram';
