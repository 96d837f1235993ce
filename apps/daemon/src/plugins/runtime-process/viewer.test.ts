import { describe, expect, it } from 'vitest';
import { MAX_VIEWER_QUEUE_CHARS, Viewer, type ViewerHost } from './viewer';

function host(replay = 'REPLAY'): ViewerHost & { written: string[]; detached: number } {
  const h = {
    written: [] as string[],
    detached: 0,
    write: (data: string) => h.written.push(data),
    resize: () => {},
    replay: () => replay,
    detach: () => {
      h.detached += 1;
    },
  };
  return h;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Viewer', () => {
  it('delivers the initial replay before live output', async () => {
    const viewer = new Viewer(host(), 'old-');
    viewer.push('early-');
    const seen: string[] = [];
    viewer.onData((chunk) => seen.push(chunk));
    await tick();
    viewer.push('live');
    expect(seen.join('')).toBe('old-early-live');
  });

  it('queues while paused and flushes on resume', async () => {
    const viewer = new Viewer(host(), '');
    const seen: string[] = [];
    viewer.onData((chunk) => seen.push(chunk));
    viewer.pause();
    viewer.push('a');
    viewer.push('b');
    expect(seen).toEqual([]);
    viewer.resume();
    expect(seen.join('')).toBe('ab');
  });

  it('drops an overflowing backlog and resynchronises with a reset and the replay', async () => {
    const viewer = new Viewer(host('SCREEN'), '');
    const seen: string[] = [];
    viewer.onData((chunk) => seen.push(chunk));
    viewer.pause();
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i * big.length <= MAX_VIEWER_QUEUE_CHARS; i++) viewer.push(big);
    viewer.resume();
    expect(seen).toEqual(['\x1bcSCREEN']);
    viewer.push('after');
    expect(seen.at(-1)).toBe('after');
  });

  it('forwards input until closed; close detaches once; exit reaches late listeners', async () => {
    const h = host();
    const viewer = new Viewer(h, '');
    viewer.write('ls\r');
    viewer.close();
    viewer.close();
    viewer.write('ignored');
    expect(h.written).toEqual(['ls\r']);
    expect(h.detached).toBe(1);
    viewer.end();
    let exited = false;
    viewer.onExit(() => {
      exited = true;
    });
    await tick();
    expect(exited).toBe(true);
  });
});
