import { readFileSync } from 'node:fs';
import type { Delivery } from '@ao/shared/api';
import type { Message, Session } from '@ao/shared/session';
import { CliError, type Client } from '../client';
import { followEvents } from '../follow-events';
import { sessionTable } from '../format';

export interface StartOptions {
  prompt?: string;
  issue?: string;
  agent?: string;
  runtime?: string;
  branch?: string;
  project?: string;
}

export async function start(
  client: Client,
  opts: StartOptions,
  projectFromCwd: string | undefined,
): Promise<void> {
  if (!opts.prompt && !opts.issue) throw new CliError('give --prompt "..." or --issue <number or key>');
  const prompt = opts.prompt === '-' ? readFileSync(0, 'utf8') : opts.prompt;
  const body = {
    project: opts.project ?? projectFromCwd,
    prompt,
    issue: opts.issue,
    agent: opts.agent,
    runtime: opts.runtime,
    branch: opts.branch,
  };
  const { session } = await client.post<{ session: Session }>('/api/sessions', body);
  console.log(session.id);
  console.error(
    `started on branch ${session.branch} in ${session.worktreePath}; \`ao attach ${session.id}\` to watch`,
  );
}

export async function status(client: Client, opts: { json?: boolean; watch?: boolean; project?: string }) {
  const query = opts.project ? `?project=${encodeURIComponent(opts.project)}` : '';
  const render = (sessions: Session[]) => {
    if (opts.json) console.log(JSON.stringify(sessions, null, 2));
    else console.log(sessionTable(sessions));
  };
  const { sessions } = await client.get<{ sessions: Session[] }>(`/api/sessions${query}`);
  if (!opts.watch) return render(sessions);
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const redraw = () => {
    if (!opts.json) process.stdout.write('\x1b[2J\x1b[H');
    render([...byId.values()].filter((s) => !opts.project || s.project === opts.project));
  };
  redraw();
  await followEvents(client, (type, data) => {
    if (type === 'snapshot') {
      byId.clear();
      for (const s of (data as { sessions: Session[] }).sessions) byId.set(s.id, s);
    } else if (type.startsWith('session.')) {
      const s = (data as { data?: { session?: Session } }).data?.session;
      if (!s) return undefined;
      byId.set(s.id, s);
    } else return undefined;
    redraw();
    return undefined;
  });
}

export async function send(client: Client, id: string, words: string[], opts: { wait?: boolean } = {}) {
  const message =
    words.length === 0 || (words.length === 1 && words[0] === '-')
      ? readFileSync(0, 'utf8')
      : words.join(' ');
  if (!message.trim()) throw new CliError('nothing to send');
  const { delivery } = await client.post<{ delivery: Delivery }>(
    `/api/sessions/${encodeURIComponent(id)}/send`,
    {
      message,
    },
  );
  console.log(`${delivery.state}: ${delivery.detail}`);
  if (opts.wait && delivery.state === 'queued') await waitForMessage(client, id, delivery.id);
}

/** Follows a queued message until the agent takes it (delivered) or discards it (dropped); prints the outcome. */
async function waitForMessage(client: Client, sessionId: string, messageId: number): Promise<void> {
  const final = (m: Message) =>
    m.state === 'delivered' || m.state === 'dropped' || m.state === 'failed' ? m : null;
  let outcome: Message | null = null;
  await followEvents(client, async (type, data) => {
    if (type === 'snapshot') {
      // Connected: it may already have moved while we were connecting.
      const { messages } = await client.get<{ messages: Message[] }>(
        `/api/sessions/${encodeURIComponent(sessionId)}/messages`,
      );
      outcome = final(messages.find((m) => m.id === messageId) ?? ({ state: 'sending' } as Message));
    } else if (type === 'session.message') {
      const m = (data as { data: { message: Message } }).data.message;
      if (m.id === messageId) outcome = final(m);
    }
    return outcome ? 'stop' : undefined;
  });
  const m = outcome as Message | null;
  if (!m) return;
  console.log(`${m.state}: ${m.detail ?? ''}`);
  if (m.state !== 'delivered') throw new CliError(`the message was ${m.state}`, 3);
}

export async function messages(client: Client, id: string, opts: { json?: boolean }): Promise<void> {
  const { messages: list } = await client.get<{ messages: Message[] }>(
    `/api/sessions/${encodeURIComponent(id)}/messages`,
  );
  if (opts.json) return void console.log(JSON.stringify(list, null, 2));
  if (!list.length) return void console.log(`no messages to ${id} yet`);
  for (const m of list) {
    const text = m.text.replace(/\s+/g, ' ');
    console.log(
      `#${m.id} ${m.kind} ${m.state}${m.detail ? ` (${m.detail})` : ''}: ${text.length > 100 ? `${text.slice(0, 99)}…` : text}`,
    );
  }
}

export async function kill(client: Client, id: string, opts: { removeWorktree?: boolean; force?: boolean }) {
  const { session } = await client.post<{ session: Session }>(
    `/api/sessions/${encodeURIComponent(id)}/kill`,
    {
      removeWorktree: Boolean(opts.removeWorktree),
      force: Boolean(opts.force),
    },
  );
  console.log(`${session.id} ${session.status}${opts.removeWorktree ? ', worktree removed' : ''}`);
  // What happened to work that lived in the runtime (a pod's clone): where it was saved, or why it was not.
  const detail = session.evidence?.detail ?? '';
  if (detail.startsWith('killed; ')) console.log(detail.slice('killed; '.length));
}

export async function restore(client: Client, id: string): Promise<void> {
  const { session } = await client.post<{ session: Session }>(
    `/api/sessions/${encodeURIComponent(id)}/restore`,
  );
  console.log(
    `${session.id} ${session.status}${session.agentSessionId ? ` (agent session ${session.agentSessionId})` : ''}`,
  );
}

export async function logs(client: Client, id: string | undefined, opts: { bytes: string }): Promise<void> {
  const path = id ? `/api/sessions/${encodeURIComponent(id)}/log` : '/api/log';
  const text = await client.get<string>(`${path}?bytes=${Number(opts.bytes) || 65536}`);
  process.stdout.write(typeof text === 'string' ? text : JSON.stringify(text));
}
