import { describe, expect, it } from 'vitest';
import { adfToMarkdown } from './adf-to-markdown';

const t = (text: string, marks?: Array<{ type: string; attrs?: Record<string, unknown> }>) => ({
  type: 'text',
  text,
  marks,
});
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });

describe('adfToMarkdown', () => {
  it('renders marks, links, mentions, emoji and hard breaks inline', () => {
    const d = doc(
      p(
        t('bold', [{ type: 'strong' }]),
        t(' and '),
        t('docs', [{ type: 'link', attrs: { href: 'https://x.test/d' } }]),
        { type: 'hardBreak' },
        { type: 'mention', attrs: { id: 'a1', text: '@Alice' } },
        t(' '),
        { type: 'emoji', attrs: { shortName: ':smile:', text: '😄' } },
      ),
    );
    expect(adfToMarkdown(d)).toBe('**bold** and [docs](https://x.test/d)\n@Alice 😄');
  });

  it('renders headings, nested lists, quotes, rules and tables as blocks', () => {
    const item = (...content: unknown[]) => ({ type: 'listItem', content });
    const d = doc(
      { type: 'heading', attrs: { level: 2 }, content: [t('Plan')] },
      {
        type: 'bulletList',
        content: [item(p(t('a')), { type: 'bulletList', content: [item(p(t('a.1')))] }), item(p(t('b')))],
      },
      { type: 'blockquote', content: [p(t('quoted'))] },
      { type: 'rule' },
      {
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [
              { type: 'tableHeader', content: [p(t('k'))] },
              { type: 'tableHeader', content: [p(t('v'))] },
            ],
          },
          {
            type: 'tableRow',
            content: [
              { type: 'tableCell', content: [p(t('1'))] },
              { type: 'tableCell', content: [p(t('2'))] },
            ],
          },
        ],
      },
    );
    expect(adfToMarkdown(d)).toBe('## Plan\n\n- a\n  - a.1\n- b\n\n> quoted\n\n---\n\n| k | v |\n| 1 | 2 |');
  });

  it('keeps text of unknown nodes, and takes null and plain strings', () => {
    expect(adfToMarkdown(doc({ type: 'someFutureNode', content: [p(t('still here'))] }))).toBe('still here');
    expect(adfToMarkdown(null)).toBe('');
    expect(adfToMarkdown('plain')).toBe('plain');
  });
});
