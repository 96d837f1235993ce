// Plays Claude Code's hooks: POSTs its hook payloads to the daemon's /api/hooks/<sessionId> with the session's secret.

/** A hook payload as Claude Code sends it on stdin (the fields FACTS.md lists), for `event`. */
export function hookPayload(event, { agentSessionId, cwd, seq = 0 }) {
  const base = {
    session_id: agentSessionId,
    transcript_path: `/dev/null/${agentSessionId}.jsonl`,
    cwd,
    hook_event_name: event,
    permission_mode: 'default',
  };
  if (event === 'PreToolUse')
    return { ...base, tool_name: 'Bash', tool_input: { command: `npm test -- --run step-${seq}` } };
  if (event === 'Stop')
    return { ...base, stop_hook_active: false, last_assistant_message: `Done with step ${seq}.` };
  if (event === 'UserPromptSubmit') return { ...base, prompt: `step ${seq}` };
  return base;
}

/** POSTs one hook payload; resolves to the HTTP status (throws on a network error). */
export async function postHook(url, sessionId, secret, payload) {
  const res = await fetch(`${url}/api/hooks/${sessionId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ao-hook-secret': secret },
    body: JSON.stringify(payload),
  });
  await res.arrayBuffer();
  return res.status;
}
