'use client';
import { useState } from 'react';
import { CopyIcon } from './icons';

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (plain http on another host, or denied): select-and-copy by hand still works on the <code>.
    return false;
  }
}

/** Copies `text` to the clipboard; says "copied" (or that it could not) for a moment, also to screen readers. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState<string | null>(null);
  return (
    <button
      type="button"
      data-testid="copy-button"
      aria-label={label}
      title={label}
      onClick={async (e) => {
        e.stopPropagation();
        setSaid((await copy(text)) ? 'copied' : 'select it to copy');
        setTimeout(() => setSaid(null), 1500);
      }}
      className="inline-flex shrink-0 items-center gap-1 rounded px-1 py-0.5 text-[11px] text-zinc-500 hover:bg-zinc-200/70 hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
    >
      <CopyIcon />
      <span aria-live="polite">{said ?? ''}</span>
    </button>
  );
}
