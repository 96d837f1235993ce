'use client';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../lib/api';
import { graceOf, needsYou, pageTitle } from '../lib/board';
import { BoardContext, BoardStore } from '../lib/board-store';
import { EventFeed } from '../lib/event-feed';
import { NeedWatch } from '../lib/need-watch';
import { notifyNeed } from '../lib/notify';
import { ConnectionBanner } from './connection-banner';
import { DialogHost } from './dialog-host';
import { Header } from './header';
import { LoginScreen } from './login-screen';
import { RecoveredBanner } from './recovered-banner';

type Auth = 'checking' | 'login' | 'ok' | 'unreachable';

/**
 * Checks the login and, at the same time, opens the one SSE feed and store every page reads (the snapshot does not
 * wait for the check: a stream refused for want of a login ends in the login screen all the same).
 */
export function AppShell({ children }: { children: ReactNode }) {
  const [auth, setAuth] = useState<Auth>('checking');

  const check = useCallback(async () => {
    try {
      await api.me();
      setAuth('ok');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setAuth('login');
      else setAuth('unreachable');
    }
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  const loggedOut = useCallback(() => setAuth('login'), []);

  useEffect(() => {
    if (auth !== 'unreachable') return;
    const t = setInterval(() => void check(), 3000);
    return () => clearInterval(t);
  }, [auth, check]);

  if (auth === 'login') return <LoginScreen onLoggedIn={() => setAuth('ok')} />;
  if (auth === 'unreachable') {
    return (
      <>
        <ConnectionBanner status="down" />
        <Splash text="Waiting for the ao daemon. Is `ao up` running?" />
      </>
    );
  }
  return <LiveShell onUnauthorized={loggedOut}>{children}</LiveShell>;
}

function LiveShell({ children, onUnauthorized }: { children: ReactNode; onUnauthorized: () => void }) {
  const storeRef = useRef<BoardStore | null>(null);
  storeRef.current ??= new BoardStore();
  const store = storeRef.current;

  useEffect(() => {
    const feed = new EventFeed({
      snapshot: (s) => {
        store.snapshot(s);
        void store.loadQueues(api.mergeQueue);
      },
      event: (e) => store.event(e),
      status: (s) => store.feed(s),
      unauthorized: onUnauthorized,
      lastEventId: () => store.get().board.lastEventId,
    });
    feed.start();
    return () => feed.stop();
  }, [store, onUnauthorized]);

  useEffect(() => {
    const watch = new NeedWatch();
    const update = () => {
      const { board } = store.get();
      const now = Date.now();
      const grace = graceOf(board.projects);
      document.title = pageTitle(
        needsYou(board.sessions.values(), board.escalations.values(), now, grace).count,
      );
      // Announce only once the snapshot is in (the first look, on it, takes stock).
      if (board.loaded)
        for (const need of watch.look(board.sessions.values(), board.escalations.values(), now, grace))
          notifyNeed(need);
    };
    update();
    // A permission prompt passes its grace time with no event: recount now and then.
    const t = setInterval(update, 15_000);
    const off = store.subscribe(update);
    return () => {
      clearInterval(t);
      off();
    };
  }, [store]);

  return (
    <BoardContext.Provider value={store}>
      <DialogHost>
        <div className="flex min-h-screen flex-col">
          <Header />
          <ConnectionBanner />
          <RecoveredBanner />
          <main className="flex-1">{children}</main>
        </div>
      </DialogHost>
    </BoardContext.Provider>
  );
}

function Splash({ text }: { text: string }) {
  return (
    <div className="flex min-h-screen items-center justify-center p-6">
      <div className="flex items-center gap-3 text-sm text-zinc-500 dark:text-zinc-400">
        <span className="h-3 w-3 animate-pulse rounded-full bg-indigo-500" />
        {text}
      </div>
    </div>
  );
}
