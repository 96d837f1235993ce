import type { Client } from '../client';

/** Asks the daemon (on this machine) to open the session in a terminal application (`ao attach <id> --open`). */
export async function openInTerminal(client: Client, id: string): Promise<void> {
  const { terminal: used } = await client.post<{ terminal: string }>(
    `/api/sessions/${encodeURIComponent(id)}/open-terminal`,
  );
  console.log(`${id}: opened in ${used}`);
}
