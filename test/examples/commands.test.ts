/**
 * Every command listed in examples/README.md runs as written from the examples folder (where
 * dealmath picks up dealmath.yaml), in table form and in JSON form.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const commands = block
  .split('\n')
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter((line) => line.startsWith('dealmath '))
  .map((line) => line.slice('dealmath '.length).split(/\s+/));

describe('examples/README.md commands', () => {
  it('lists the commands to try', () => {
    expect(commands.length).toBeGreaterThanOrEqual(10);
  });

  for (const args of commands) {
    it(`dealmath ${args.join(' ')}`, async () => {
      const expectedCode = args[0] === 'validate' && args[1] === 'deals-messy.csv' ? 1 : 0;
      const table = await run(args, { cwd: EXAMPLES });
      expect(table.stderr).not.toMatch(/internal error/);
      expect(table.code).toBe(expectedCode);
      expect(table.stdout.length).toBeGreaterThan(0);
      const json = await run([...args, '--json'], { cwd: EXAMPLES });
      expect(json.code).toBe(expectedCode);
      const document = JSON.parse(json.stdout);
      expect(document.schemaVersion).toBe(2);
      expect(document.command).toBe(args[0]);
      if (typeof document.rowsRead === 'number' && typeof document.rowsFiltered === 'number') {
        expect(document.rowsRead).toBe(document.rowsUsed + document.rowsRejected + document.rowsFiltered);
      }
      expect(json.stdout).not.toMatch(/NaN|Infinity/);
    });
  }
});
