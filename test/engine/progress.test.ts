/** The progress line: only when enabled (a terminal), only after a moment, cleared at the end. */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Progress } from '../../src/engine/progress.js';

function sink(): { stream: Writable; text: () => string } {
  let written = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((written += chunk.toString()), done()) });
  return { stream, text: () => written };
}

describe('Progress', () => {
  afterEach(() => vi.useRealTimers());

  it('says nothing when not on a terminal, however long the read', () => {
    vi.useFakeTimers();
    const out = sink();
    const progress = new Progress(out.stream, false);
    vi.advanceTimersByTime(60_000);
    for (let row = 0; row < 100_000; row += 1) progress.tick();
    progress.done();
    expect(out.text()).toBe('');
  });

  it('says nothing for a quick read, then shows rows once reading takes more than a moment', () => {
    vi.useFakeTimers();
    const out = sink();
    const progress = new Progress(out.stream, true);
    for (let row = 0; row < 20_000; row += 1) progress.tick();
    expect(out.text()).toBe('');
    vi.advanceTimersByTime(2_000);
    for (let row = 0; row < 20_000; row += 1) progress.tick();
    expect(out.text()).toMatch(/reading: 32,768 rows/);
    progress.done();
    expect(out.text().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('counts each row as one of several equal parts when the others are read in worker threads, and says about', () => {
    vi.useFakeTimers();
    const out = sink();
    const progress = new Progress(out.stream, true, 2);
    vi.advanceTimersByTime(2_000);
    for (let row = 0; row < 16_384; row += 1) progress.tick();
    expect(out.text()).toMatch(/reading: about 32,768 rows/);
    progress.done();
  });
});
