'use client';
import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import { backoff } from '../lib/event-feed';
import { AckBatcher, type ClientFrame, closeReason, frameBytes, terminalUrl } from '../lib/terminal-protocol';

type TermState = { kind: 'connecting' } | { kind: 'open' } | { kind: 'closed'; reason: string };

function theme(dark: boolean) {
  return dark
    ? { background: '#09090b', foreground: '#e4e4e7', cursor: '#a5b4fc', selectionBackground: '#3730a380' }
    : { background: '#fafafa', foreground: '#18181b', cursor: '#4f46e5', selectionBackground: '#c7d2fe' };
}

/** Wires one WebSocket to the terminal: output with acks, input, resize; reconnects on drops. */
function connect(id: string, term: Terminal, fit: FitAddon, setState: (s: TermState) => void): () => void {
  let ws: WebSocket | null = null;
  let stopped = false;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const send = (f: ClientFrame) => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(f));
  };
  const acks = new AckBatcher((bytes) => send({ type: 'ack', bytes }));
  const subs = [
    term.onData((data) => send({ type: 'input', data })),
    term.onResize(({ cols, rows }) => send({ type: 'resize', cols, rows })),
  ];

  const open = () => {
    setState({ kind: 'connecting' });
    const sock = new WebSocket(terminalUrl(window.location, id, term.cols, term.rows));
    sock.binaryType = 'arraybuffer';
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      term.reset(); // the server starts with the current screen
      setState({ kind: 'open' });
      fit.fit();
    };
    sock.onmessage = (m: MessageEvent<string | ArrayBuffer>) => {
      const bytes = frameBytes(m.data);
      const data = typeof m.data === 'string' ? m.data : new Uint8Array(m.data);
      term.write(data, () => acks.rendered(bytes));
    };
    sock.onclose = (ev) => {
      if (ws !== sock) return;
      acks.dispose();
      if (stopped) return;
      const reason = closeReason(ev.code);
      if (reason) {
        setState({ kind: 'closed', reason });
        return;
      }
      const delay = backoff(attempt++);
      setState({ kind: 'closed', reason: `Disconnected (${ev.code}). Reconnecting in ${delay / 1000}s…` });
      retry = setTimeout(open, delay);
    };
  };
  open();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    acks.dispose();
    for (const s of subs) s.dispose();
    ws?.close(1000, 'viewer left');
  };
}

/** The live terminal of a session (xterm.js over `/api/sessions/:id/terminal`). */
export function TerminalView({ id, live }: { id: string; live: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<TermState>({ kind: 'connecting' });

  useEffect(() => {
    const el = host.current;
    if (!el || !live) return;
    let cleanup = () => {};
    let cancelled = false;
    void (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([
        import('@xterm/xterm'),
        import('@xterm/addon-fit'),
      ]);
      if (cancelled) return;
      const dark = document.documentElement.classList.contains('dark');
      const term = new Terminal({
        fontFamily: 'ui-monospace, Menlo, Consolas, "Liberation Mono", monospace',
        fontSize: 13,
        cursorBlink: true,
        scrollback: 5000,
        theme: theme(dark),
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(el);
      fit.fit();
      const disconnect = connect(id, term, fit, setState);
      const ro = new ResizeObserver(() => fit.fit());
      ro.observe(el);
      term.focus();
      cleanup = () => {
        ro.disconnect();
        disconnect();
        term.dispose();
      };
    })();
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [id, live]);

  return (
    <div className="flex h-full flex-col overflow-hidden rounded-xl border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950">
      <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 text-xs dark:border-zinc-800">
        <span
          className={`h-2 w-2 rounded-full ${!live ? 'bg-zinc-400' : state.kind === 'open' ? 'bg-emerald-500' : state.kind === 'connecting' ? 'animate-pulse bg-amber-400' : 'bg-rose-500'}`}
        />
        <span data-testid="terminal-state" className="text-zinc-500 dark:text-zinc-400">
          {!live
            ? 'No live runtime. Restore the session to reattach.'
            : state.kind === 'open'
              ? 'Live terminal'
              : state.kind === 'connecting'
                ? 'Connecting…'
                : state.reason}
        </span>
      </div>
      <div ref={host} data-testid="terminal" className="min-h-[320px] flex-1 p-1.5" />
    </div>
  );
}
