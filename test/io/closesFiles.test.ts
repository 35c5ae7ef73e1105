/**
 * A file refused before its rows are read (a column the file lacks, a binary file, a header
 * with nothing usable) is closed when the refusal is thrown: before, its descriptor stayed open
 * until the garbage collector closed it, and Node printed DEP0137 warnings to the user's stderr.
 * Counted in /proc/self/fd (Linux; elsewhere the test is skipped).
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAccounts, readDeals, readHistory } from '../../src/index.js';
import { DEFAULT_CONFIG } from '../../src/model/config.js';
import { EXAMPLES, FIXTURES, tempDir } from '../cli/helpers.js';

const openFiles = (): number => readdirSync('/proc/self/fd').length;
const ignore = (): void => undefined;

describe.runIf(existsSync('/proc/self/fd'))('a file refused before its rows is closed at once', () => {
  const dir = tempDir();
  const binary = join(dir, 'deals.csv');
  writeFileSync(binary, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(200_000, 1)]));
  const noKey = join(dir, 'accounts.csv');
  writeFileSync(noKey, 'revenue,region\n100,EMEA\n');

  const refusals: [string, () => Promise<unknown>][] = [
    ['--map to a column the file lacks', () => readDeals([join(EXAMPLES, 'deals.csv')], { config: DEFAULT_CONFIG, map: { amount: 'Nope' } }, { deal: ignore, finding: ignore })],
    ['a gzip file named .csv', () => readDeals([binary], { config: DEFAULT_CONFIG }, { deal: ignore, finding: ignore })],
    ['an accounts file with neither an id nor a name', () => readAccounts([noKey])],
    ['a history without a stage column', () => readHistory([join(FIXTURES, 'history/no-stage-column.csv')], { config: DEFAULT_CONFIG }, { entry: ignore, finding: ignore })],
  ];

  it.each(refusals)('%s', async (_what, refused) => {
    const before = openFiles();
    await expect(refused()).rejects.toMatchObject({ name: 'DealmathError' });
    expect(openFiles()).toBe(before);
  });
});
