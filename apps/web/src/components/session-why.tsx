'use client';
import type { Session } from '@ao/shared/session';
import type { Fix, WhyTone } from '../lib/session-view';
import { whyLine } from '../lib/session-view';
import { CopyButton } from './copy-button';

const tones: Record<WhyTone, string> = {
  neutral: 'text-zinc-500 dark:text-zinc-400',
  warn: 'text-amber-700 dark:text-amber-300',
  bad: 'text-rose-700 dark:text-rose-300',
};

/** The command that fixes a blocked agent, visible and copyable. */
export function FixCommand({ fix }: { fix: Fix }) {
  return (
    <span className="inline-flex min-w-0 max-w-full items-center gap-1" data-testid="fix">
      <span className="shrink-0 font-semibold">Fix:</span>
      {fix.command ? (
        <>
          <code
            className="min-w-0 truncate rounded bg-zinc-100 px-1 font-mono text-zinc-800 dark:bg-zinc-800 dark:text-zinc-100"
            data-testid="fix-command"
            title={fix.text}
          >
            {fix.command}
          </code>
          <CopyButton text={fix.command} label={`Copy the command: ${fix.command}`} />
        </>
      ) : (
        <span className="min-w-0 truncate">{fix.text}</span>
      )}
    </span>
  );
}

/** Why the session needs a look (exit and last line, block and its fix, failure, question, unknown), or nothing. */
export function SessionWhy({
  session,
  oneLine = false,
  full = false,
}: {
  session: Session;
  /** The compact row: one truncated line. */
  oneLine?: boolean;
  /** The detail page: the whole text. */
  full?: boolean;
}) {
  const why = whyLine(session);
  if (!why) return null;
  return (
    <div
      data-testid="session-why"
      className={`min-w-0 text-xs ${tones[why.tone]} ${oneLine ? 'flex items-center gap-2' : 'space-y-0.5'}`}
    >
      <p
        className={oneLine ? 'min-w-0 truncate' : full ? 'break-words' : 'line-clamp-2 break-words'}
        title={why.text}
      >
        {why.text}
      </p>
      {why.fix ? <FixCommand fix={why.fix} /> : null}
    </div>
  );
}
