'use client';
import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';
import { KillDialog } from './kill-dialog';
import { SendDialog } from './send-dialog';

export interface DialogRequest {
  kind: 'send' | 'kill';
  sessionId: string;
}

const DialogContext = createContext<(r: DialogRequest) => void>(() => {
  throw new Error('a session dialog was opened outside <DialogHost>');
});

/** Opens the message or kill dialog of a session (from a card, a compact row or the detail page). */
export function useOpenDialog(): (r: DialogRequest) => void {
  return useContext(DialogContext);
}

/**
 * Owns the dialogs opened from a session, keyed by session id, above the board: a card moving to another lane,
 * scrolling out of a virtualized lane or re-rendering never closes a dialog or loses what was typed in it. On close,
 * focus goes back to the button that opened it, or to the session's card if that button is gone.
 */
export function DialogHost({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<DialogRequest | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  const show = useCallback((r: DialogRequest) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(r);
  }, []);

  const close = useCallback(() => {
    setOpen((cur) => {
      if (cur) requestAnimationFrame(() => refocus(opener.current, cur.sessionId));
      return null;
    });
  }, []);

  return (
    <DialogContext.Provider value={show}>
      {children}
      {open?.kind === 'send' ? (
        <SendDialog key={`send:${open.sessionId}`} sessionId={open.sessionId} onClose={close} />
      ) : null}
      {open?.kind === 'kill' ? (
        <KillDialog key={`kill:${open.sessionId}`} sessionId={open.sessionId} onClose={close} />
      ) : null}
    </DialogContext.Provider>
  );
}

function refocus(opener: HTMLElement | null, sessionId: string): void {
  if (opener?.isConnected) {
    opener.focus();
    return;
  }
  const row = document.querySelector<HTMLElement>(`[data-session-id="${CSS.escape(sessionId)}"]`);
  row?.focus();
}
