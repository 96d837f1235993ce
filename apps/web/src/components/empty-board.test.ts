import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EmptyBoard } from './empty-board';

const text = (hasProjects: boolean) =>
  renderToStaticMarkup(createElement(EmptyBoard, { hasProjects })).replace(/<[^>]+>/g, '');

describe('the empty board', () => {
  it('without a project: `ao init` registers it with the running daemon, no restart', () => {
    const t = text(false);
    expect(t).toContain('ao init');
    expect(t).toContain('registers the project with this running daemon');
    expect(t).toContain('no restart needed');
    expect(t).not.toMatch(/restart\s+ao up|then restart/i);
  });

  it('with a project: starting an agent is the first step', () => {
    const t = text(true);
    expect(t).not.toContain('ao init');
    expect(t).toMatch(/1Start an agent: ao start --prompt/);
  });
});
