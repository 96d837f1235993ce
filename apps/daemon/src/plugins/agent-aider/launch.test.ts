import { describe, expect, it } from 'vitest';
import { aiderConfigSchema } from './config';
import { buildAiderArgv, launchAider } from './launch';

const ctx = {
  sessionId: 'ao-7',
  projectId: 'demo',
  cwd: '/w/ao-7',
  prompt: 'fix the parser',
  sessionDir: '/data/sessions/ao-7',
  hookUrl: 'http://127.0.0.1:3000/api/hooks/ao-7',
  hookSecret: 'x',
  resume: null,
};

describe('aider launch', () => {
  it('starts interactive aider with its history files in the session dir and no .gitignore edits', () => {
    const argv = buildAiderArgv(aiderConfigSchema.parse({ model: 'gpt-4o' }), '/s', false);
    expect(argv).toEqual([
      'aider',
      '--chat-history-file',
      '/s/aider.chat.history.md',
      '--input-history-file',
      '/s/aider.input.history',
      '--no-gitignore',
      '--no-check-update',
      '--no-show-release-notes',
      '--analytics-disable',
      '--model',
      'gpt-4o',
    ]);
    expect(argv).not.toContain('--message');
    expect(argv).not.toContain('--yes-always');
  });

  it('answers yes to everything only for permissions "skip"', () => {
    expect(buildAiderArgv(aiderConfigSchema.parse({ permissions: 'skip' }), '/s', false)).toContain(
      '--yes-always',
    );
    expect(buildAiderArgv(aiderConfigSchema.parse({ permissions: 'auto-edit' }), '/s', false)).not.toContain(
      '--yes-always',
    );
  });

  it('types the prompt after start, and restores the chat history on resume', () => {
    const config = aiderConfigSchema.parse({ args: ['--no-auto-commits'], env: { OPENAI_API_KEY: 'k' } });
    const plan = launchAider(config, ctx);
    expect(plan.prompt).toEqual({ mode: 'type', text: 'fix the parser', delayMs: 4000 });
    expect(plan.agentSessionId).toBe('aider:ao-7');
    expect(plan.env).toEqual({ OPENAI_API_KEY: 'k' });
    expect(plan.command.at(-1)).toBe('--no-auto-commits');
    expect(plan.command).not.toContain('fix the parser');
    const restored = launchAider(config, { ...ctx, resume: { agentSessionId: 'aider:ao-7' } });
    expect(restored.command).toContain('--restore-chat-history');
    expect(restored.prompt).toEqual({ mode: 'none' });
  });
});
