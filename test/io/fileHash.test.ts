/**
 * A file read in parts is hashed on a thread of its own (io/textInput.ts sha256OnThread): the
 * digest is the file's SHA-256, computed here independently, and a file the thread cannot read
 * gets the main thread's one-line error.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDeals } from '../../src/io/readDeals.js';
import { sha256OfFile, sha256OnThread } from '../../src/io/textInput.js';
import { DEFAULT_CONFIG } from '../../src/model/config.js';
import { EXAMPLES, tempDir } from '../cli/helpers.js';

describe('sha256OnThread', () => {
  it("gives the file's SHA-256, as the main thread's reader does", async () => {
    const dir = tempDir();
    // Several of the thread's 256 KiB reads, the last one short.
    const path = join(dir, 'bytes.csv');
    writeFileSync(path, Buffer.from(Array.from({ length: 700_001 }, (_, index) => (index * 7919) % 251)));
    const expected = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(await sha256OnThread(path)).toBe(expected);
    expect(await sha256OfFile(path)).toBe(expected);
    const deals = join(EXAMPLES, 'deals.csv');
    expect(await sha256OnThread(deals)).toBe(createHash('sha256').update(readFileSync(deals)).digest('hex'));
  });

  it('a file it cannot read is the main thread error; stdin has no digest', async () => {
    await expect(sha256OnThread(join(tempDir(), 'missing.csv'))).rejects.toMatchObject({ code: 'file-not-found' });
    await expect(sha256OnThread(tempDir())).rejects.toMatchObject({ code: 'unreadable' });
    expect(await sha256OnThread('-')).toBeNull();
  });
});

describe('a large file read whole', () => {
  it('is hashed on a thread alongside the reading: the digest is still the file\'s SHA-256', async () => {
    // Past the 32 MiB from which one pass hashes on a thread (io/readDeals.ts HASH_ON_THREAD_BYTES):
    // 1,100 deals with a 32 KB note each.
    const note = 'x'.repeat(32 * 1024);
    const lines = ['id,stage,amount,close_date,note'];
    for (let row = 0; row < 1100; row += 1) lines.push(`D${row},${row % 2 === 0 ? 'Closed Won' : 'Closed Lost'},${row},2026-01-15,${note}`);
    const path = join(tempDir(), 'large.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const summary = await readDeals([path], { config: DEFAULT_CONFIG }, { deal: () => undefined, finding: () => undefined });
    expect(summary.rowsRead).toBe(1100);
    expect(summary.files[0]?.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
  });
});
