export { DEFAULT_PROMPT_PATTERNS, detectPrompt, normalizeScreen, PROMPT_TAIL_LINES } from './prompt-patterns';
export { type ScreenWatchOptions, watchScreen } from './watch-screen';
