/**
 * The fake Jira's JQL: the clauses ao sends, parsed as Jira's grammar reads them (string literals with `\` escapes,
 * `in (...)` lists, `currentUser()`), joined by AND, ending `ORDER BY created DESC`. Anything else (OR, an unquoted
 * value with a space, an unknown field or function) is a syntax error, as it would be in Jira.
 */
export interface JiraQuery {
  project?: string;
  /** `status in (...)` names (Jira compares them ignoring case). */
  statuses?: string[];
  /** `assignee = "<accountId>"`, or `{ currentUser: true }`. */
  assignee?: string | { currentUser: true };
  notDone: boolean;
}

type Value = { kind: 'string' | 'word'; text: string } | { kind: 'list'; items: string[] };

export function parseJql(jql: string): JiraQuery | null {
  let pos = 0;
  const ws = () => {
    while (jql[pos] === ' ') pos++;
  };
  const word = (): string | null => {
    ws();
    const m = /^[A-Za-z]+(?:\(\))?/.exec(jql.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    return m[0];
  };
  const op = (): string | null => {
    ws();
    const m = /^(!=|=|in\b)/i.exec(jql.slice(pos));
    if (!m?.[1]) return null;
    pos += m[1].length;
    return m[1].toLowerCase();
  };
  const str = (): string | null => {
    ws();
    if (jql[pos] !== '"') return null;
    let out = '';
    for (pos++; pos < jql.length; pos++) {
      const c = jql[pos];
      if (c === '\\') out += jql[++pos] ?? '';
      else if (c === '"') {
        pos++;
        return out;
      } else out += c;
    }
    return null;
  };
  const value = (): Value | null => {
    ws();
    if (jql[pos] === '"') {
      const s = str();
      return s === null ? null : { kind: 'string', text: s };
    }
    if (jql[pos] === '(') {
      pos++;
      const items: string[] = [];
      for (;;) {
        const s = str();
        if (s === null) return null;
        items.push(s);
        ws();
        if (jql[pos] === ',') pos++;
        else if (jql[pos] === ')') {
          pos++;
          return { kind: 'list', items };
        } else return null;
      }
    }
    const w = word();
    return w ? { kind: 'word', text: w } : null;
  };

  const q: JiraQuery = { notDone: false };
  for (;;) {
    const field = word()?.toLowerCase();
    const o = op();
    const v = value();
    if (!field || !o || !v) return null;
    if (field === 'project' && o === '=' && v.kind === 'string') q.project = v.text;
    else if (field === 'status' && o === 'in' && v.kind === 'list') q.statuses = v.items;
    else if (field === 'assignee' && o === '=' && v.kind === 'string') q.assignee = v.text;
    else if (field === 'assignee' && o === '=' && v.kind === 'word' && /^currentUser\(\)$/i.test(v.text))
      q.assignee = { currentUser: true };
    else if (field === 'statuscategory' && o === '!=' && v.kind === 'word' && v.text === 'Done')
      q.notDone = true;
    else return null;
    ws();
    const rest = jql.slice(pos);
    if (rest === 'ORDER BY created DESC') return q;
    if (!rest.startsWith('AND ')) return null;
    pos += 4;
  }
}
