/**
 * Atlassian Document Format (Jira Cloud's rich text in REST v3) as plain markdown: paragraphs, headings, lists, code
 * blocks, quotes, links, mentions, emoji, tables (as rows of cells) and panels. Unknown nodes keep their text. The
 * result is data for the agent's prompt, never interpreted.
 */
export interface AdfNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: Array<{ type?: string; attrs?: Record<string, unknown> }>;
  content?: AdfNode[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function inlineText(node: AdfNode): string {
  let text = node.text ?? '';
  for (const mark of node.marks ?? []) {
    if (mark.type === 'code') text = `\`${text}\``;
    else if (mark.type === 'strong') text = `**${text}**`;
    else if (mark.type === 'em') text = `*${text}*`;
    else if (mark.type === 'strike') text = `~~${text}~~`;
    else if (mark.type === 'link' && str(mark.attrs?.href)) text = `[${text}](${str(mark.attrs?.href)})`;
  }
  return text;
}

function inline(nodes: AdfNode[] | undefined): string {
  return (nodes ?? []).map(inlineNode).join('');
}

function inlineNode(n: AdfNode): string {
  switch (n.type) {
    case 'text':
      return inlineText(n);
    case 'hardBreak':
      return '\n';
    case 'mention':
      return str(n.attrs?.text) || `@${str(n.attrs?.id)}`;
    case 'emoji':
      return str(n.attrs?.text) || str(n.attrs?.shortName);
    case 'inlineCard':
    case 'blockCard':
      return str(n.attrs?.url);
    case 'date':
      return str(n.attrs?.timestamp) ? new Date(Number(n.attrs?.timestamp)).toISOString().slice(0, 10) : '';
    case 'status':
      return `[${str(n.attrs?.text)}]`;
    default:
      return n.content ? blocks(n.content).join('\n') : (n.text ?? '');
  }
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l, i) => (i === 0 ? l : `${by}${l}`))
    .join('\n');

function list(n: AdfNode, ordered: boolean): string {
  const start = typeof n.attrs?.order === 'number' ? n.attrs.order : 1;
  return (n.content ?? [])
    .map((item, i) => {
      const bullet = ordered ? `${start + i}. ` : '- ';
      return bullet + indent(blocks(item.content).join('\n'), ' '.repeat(bullet.length));
    })
    .join('\n');
}

function table(n: AdfNode): string {
  return (n.content ?? [])
    .map((row) => `| ${(row.content ?? []).map((cell) => blocks(cell.content).join(' ')).join(' | ')} |`)
    .join('\n');
}

function block(n: AdfNode): string {
  switch (n.type) {
    case 'paragraph':
      return inline(n.content);
    case 'heading':
      return `${'#'.repeat(Math.min(Math.max(Number(n.attrs?.level) || 1, 1), 6))} ${inline(n.content)}`;
    case 'bulletList':
      return list(n, false);
    case 'orderedList':
      return list(n, true);
    case 'codeBlock':
      return `\`\`\`${str(n.attrs?.language)}\n${(n.content ?? []).map((t) => t.text ?? '').join('')}\n\`\`\``;
    case 'blockquote':
      return blocks(n.content)
        .join('\n\n')
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
    case 'rule':
      return '---';
    case 'table':
      return table(n);
    case 'mediaSingle':
    case 'mediaGroup':
      return '(attachment)';
    case 'panel':
    case 'expand':
    case 'nestedExpand':
      return blocks(n.content).join('\n\n');
    default:
      return inlineNode(n);
  }
}

function blocks(nodes: AdfNode[] | undefined): string[] {
  return (nodes ?? []).map(block).filter((b) => b !== '');
}

/** A Jira rich-text value (ADF document, a plain string from older APIs, or null) as markdown. */
export function adfToMarkdown(doc: unknown): string {
  if (doc == null) return '';
  if (typeof doc === 'string') return doc;
  const root = doc as AdfNode;
  return blocks(root.type === 'doc' ? root.content : [root]).join('\n\n');
}
