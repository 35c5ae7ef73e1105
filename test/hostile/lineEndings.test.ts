/**
 * Mixed line endings (issue 18, found by `npm run fuzz`): a CRLF file with some lines saved with a
 * lone LF used to merge those lines into their neighbours (200 rows read as 133, 66 of them
 * rejected as ragged), in one pass and in parts alike. Every line is now a row.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

describe('mixed line endings', () => {
  const header = 'deal_id,owner,stage,amount,created,close';
  const rows = Array.from({ length: 30 }, (_, index) => `D${index},"Ann, ""A""",${index % 2 === 0 ? 'Closed Won' : 'Closed Lost'},${1000 + index},2026-01-01,2026-02-01`);
  // CRLF first (so the file reads as CRLF), then every third line ends in a lone LF.
  const text = [header, ...rows].map((line, index) => `${line}${index % 3 === 2 ? '\n' : '\r\n'}`).join('');
  const file = join(tempDir(), 'mixed.csv');
  writeFileSync(file, text);

  it('reads every line as a row, in one pass and in parts', async () => {
    for (const env of [{ DEALMATH_WORKERS: '1' }, { DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_WORKERS: '2' }]) {
      const result = await run(['winrate', file, '--as-of', '2026-11-20', '--json'], { env });
      expect(result.code).toBe(0);
      const doc = JSON.parse(result.stdout);
      expect(doc).toMatchObject({ rowsRead: 30, rowsRejected: 0 });
      // 15 won (even rows) and 15 lost
      expect(doc.total).toMatchObject({ won: 15, lost: 15 });
    }
  });

  it("keeps a quoted cell's own line breaks as written", async () => {
    const quoted = join(tempDir(), 'quoted.csv');
    writeFileSync(quoted, 'deal_id,owner,stage,amount,created,close,note\r\nQ1,Ann,Closed Won,10,2026-01-01,2026-02-01,"two\r\nlines"\r\nQ2,Bob,Closed Lost,5,2026-01-01,2026-02-01,"lone\nfeed"\nQ3,Cy,Closed Won,7,2026-01-01,2026-02-01,plain\r\n');
    const doc = JSON.parse((await run(['winrate', quoted, '--as-of', '2026-11-20', '--by', 'note', '--json'])).stdout);
    expect(doc).toMatchObject({ rowsRead: 3, rowsRejected: 0 });
    expect(doc.groups.map((group: { key: { note: string } }) => group.key.note).sort()).toEqual(['lone\nfeed', 'plain', 'two\r\nlines']);
  });
});
