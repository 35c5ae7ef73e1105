/**
 * A file read in parts is hashed on a thread of its own (io/textInput.ts sha256OnThread): the
 * digest is the file's SHA-256, computed here independently, and a file the thread cannot read
 * gets the main thread's one-line error.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256OfFile, sha256OnThread } from '../../src/io/textInput.js';
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
