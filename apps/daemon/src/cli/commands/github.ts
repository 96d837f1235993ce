import type { Session } from '@ao/shared/session';
import type { Client } from '../client';
import { table } from '../format';

export async function merge(client: Client, id: string, opts: { method?: string }): Promise<void> {
  const { session } = await client.post<{ session: Session }>(
    `/api/sessions/${encodeURIComponent(id)}/merge`,
    {
      method: opts.method,
    },
  );
  console.log(`${session.id}: PR #${session.pr?.number} ${session.pr?.state}; session ${session.status}`);
}

export async function issues(client: Client, project: string | undefined, json: boolean): Promise<void> {
  const id =
    project ?? (await client.get<{ projects: Array<{ id: string }> }>('/api/projects')).projects[0]?.id;
  if (!id) throw new Error('no project yet: run `ao init`');
  const { issues: list } = await client.get<{
    issues: Array<{ number: number; key?: string; title: string; labels: string[] }>;
  }>(`/api/projects/${encodeURIComponent(id)}/issues`);
  if (json) return console.log(JSON.stringify(list, null, 2));
  if (!list.length) return console.log('no open issues');
  console.log(
    table([
      ['ISSUE', 'TITLE', 'LABELS'],
      ...list.map((i) => [i.key ?? String(i.number), i.title, i.labels.join(', ')]),
    ]),
  );
}

export async function webhook(client: Client, publicUrl: string | undefined): Promise<void> {
  const info = await client.get<{ path: string; secret: string; contentType: string; events: string[] }>(
    '/api/github/webhook',
  );
  const base = publicUrl?.replace(/\/$/, '') ?? client.baseUrl;
  console.log(`Payload URL:   ${base}${info.path}`);
  console.log(`Content type:  ${info.contentType}`);
  console.log(`Secret:        ${info.secret}`);
  console.log(`Events:        ${info.events.join(', ')}`);
  console.log(`
Add it in GitHub: repository Settings → Webhooks → Add webhook.
Behind NAT (a laptop), relay through smee.io:
  npx smee-client --url https://smee.io/<channel> --target ${client.baseUrl}${info.path}
and give GitHub the smee.io channel URL as the payload URL. Without any webhook, ao polls GitHub instead.`);
}
