export * from './api';
export * from './config';
export * from './events';
export * from './ids';
export * from './lanes';
export * from './plugin';
export * from './session';
