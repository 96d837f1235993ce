'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type ReactElement, useEffect, useState } from 'react';
import { graceOf, needsYou } from '../lib/board';
import { useBoard } from '../lib/board-store';
import { notificationPermission, requestNotifications } from '../lib/notify';
import { applyTheme, nextTheme, readTheme, type ThemeChoice } from '../lib/theme';
import { BellIcon, MoonIcon, SunIcon, SystemIcon } from './icons';
import { SpawnDialog } from './spawn-dialog';
import { Button } from './ui';
import { useNow } from './use-now';

const themeIcons: Record<ThemeChoice, () => ReactElement> = {
  system: SystemIcon,
  dark: MoonIcon,
  light: SunIcon,
};

function ThemeToggle() {
  const [theme, setTheme] = useState<ThemeChoice>('system');
  useEffect(() => setTheme(readTheme()), []);
  return (
    <Button
      variant="ghost"
      aria-label={`Theme: ${theme}`}
      title={`Theme: ${theme} (click to change)`}
      data-testid="theme-toggle"
      onClick={() => {
        const t = nextTheme(theme);
        applyTheme(t);
        setTheme(t);
      }}
    >
      {themeIcons[theme]()}
    </Button>
  );
}

function NotifyButton() {
  const [perm, setPerm] = useState<string>('default');
  useEffect(() => setPerm(notificationPermission()), []);
  if (perm === 'unsupported' || perm === 'granted') return null;
  return (
    <Button
      variant="ghost"
      title={
        perm === 'denied'
          ? 'Notifications are blocked in the browser settings'
          : 'Notify me when a session needs me'
      }
      disabled={perm === 'denied'}
      onClick={async () => setPerm(await requestNotifications())}
    >
      <BellIcon />
      <span className="hidden sm:inline">Notify me</span>
    </Button>
  );
}

function NavLink({ href, label }: { href: string; label: string }) {
  const path = usePathname();
  const current = href === '/' ? path === '/' : path.startsWith(href.replace(/\/$/, ''));
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      data-testid={`nav-${label.toLowerCase()}`}
      className={`rounded-md px-2 py-1 font-medium ${
        current
          ? 'bg-zinc-200/70 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100'
          : 'text-zinc-600 hover:bg-zinc-200/70 dark:text-zinc-400 dark:hover:bg-zinc-800'
      }`}
    >
      {label}
    </Link>
  );
}

export function Header() {
  const { board } = useBoard();
  const [spawnOpen, setSpawnOpen] = useState(false);
  const now = useNow();
  const waiting = needsYou(
    board.sessions.values(),
    board.escalations.values(),
    now,
    graceOf(board.projects),
  ).count;
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85">
      <div className="mx-auto flex max-w-[1600px] items-center gap-2 px-3 py-2 sm:px-5">
        <Link href="/" className="flex items-center gap-2 font-bold tracking-tight">
          <span className="grid h-7 w-7 place-items-center rounded-lg bg-indigo-600 text-sm text-white">
            ao
          </span>
          <span className="hidden sm:inline">agent orchestrator</span>
        </Link>
        <nav aria-label="Pages" className="ml-2 flex items-center gap-1 text-sm">
          <NavLink href="/" label="Board" />
          <NavLink href="/insights/" label="Insights" />
        </nav>
        {waiting > 0 ? (
          <span
            data-testid="needs-you"
            className="ml-2 rounded-full bg-amber-400 px-2 py-0.5 text-xs font-semibold text-amber-950"
          >
            {waiting} need{waiting === 1 ? 's' : ''} you
          </span>
        ) : null}
        <div className="ml-auto flex items-center gap-1">
          <Link
            href="/lessons"
            className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-200/70 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            Lessons
          </Link>
          <NotifyButton />
          <ThemeToggle />
          <Button variant="primary" onClick={() => setSpawnOpen(true)} data-testid="open-spawn">
            + <span className="hidden sm:inline">New session</span>
            <span className="sm:hidden">New</span>
          </Button>
        </div>
      </div>
      <SpawnDialog open={spawnOpen} onClose={() => setSpawnOpen(false)} />
    </header>
  );
}
