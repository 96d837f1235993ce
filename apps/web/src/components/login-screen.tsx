'use client';
import { type FormEvent, useState } from 'react';
import { api } from '../lib/api';
import { Button, ErrorText, errorMessage, Field, inputClass } from './ui';

/** Shown when `/api/auth/me` answers 401: trade the access token for the session cookie. */
export function LoginScreen({ onLoggedIn }: { onLoggedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.login(token.trim());
      await api.me();
      onLoggedIn();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-br from-indigo-50 to-zinc-100 p-4 dark:from-zinc-950 dark:to-indigo-950/40">
      <form
        onSubmit={submit}
        className="w-full max-w-sm space-y-5 rounded-2xl border border-zinc-200 bg-white p-6 shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div>
          <div className="text-2xl font-bold tracking-tight">
            <span className="text-indigo-600 dark:text-indigo-400">ao</span> dashboard
          </div>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
            Sign in with the daemon&apos;s access token.
          </p>
        </div>
        <Field label="Access token">
          <input
            className={`${inputClass} font-mono`}
            type="password"
            name="token"
            autoComplete="current-password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder="paste the token"
            required
          />
        </Field>
        <ErrorText error={error} />
        <Button variant="primary" type="submit" disabled={busy || !token.trim()} className="w-full">
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
        <p className="rounded-md bg-zinc-100 p-3 text-xs leading-5 text-zinc-600 dark:bg-zinc-800/70 dark:text-zinc-300">
          <code className="font-mono font-semibold">ao up</code> prints a login URL: open it and you are
          signed in. The token is also in <code className="font-mono">token</code> in ao&apos;s data directory
          (<code className="font-mono">~/.ao</code> by default).
        </p>
      </form>
    </div>
  );
}
