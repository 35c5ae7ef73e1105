/**
 * Columns dealmath must not take silently (docs/inputs.md, "Reading your exports"): weighted
 * amounts are never the amount. Files are the QA pass's, inline; figures counted by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { linesFile, tempDir } from './helpers.js';
import { run } from './inProcess.js';

let dir = '';
beforeAll(() => {
  dir = tempDir();
});

const file = (name: string, lines: readonly string[]): string => linesFile(dir, name, lines);
const wonValue = async (args: readonly string[]): Promise<unknown> => {
  const result = await run([...args, '--as-of', '2026-06-30', '--json'], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).total.wonValue;
};

describe('HubSpot weighted amounts', () => {
  it('Forecast amount is not the amount: inspect keeps it a dimension, pipeline has no amount; --map takes it', async () => {
    file('forecast.csv', ['Record ID,Deal Stage,Forecast amount,Close Date', '1,closedwon,250,2026-02-01', '2,closedlost,100,2026-02-01']);
    const inspect = await run(['inspect', 'forecast.csv', '--json'], { cwd: dir });
    expect(inspect.code).toBe(0);
    const columns = JSON.parse(inspect.stdout).files[0].columns as { header: string; field: string | null }[];
    expect(columns.find((column) => column.header === 'Forecast amount')?.field).toBe('dimension');
    expect(await wonValue(['winrate', 'forecast.csv'])).toBe(0);
    expect(await wonValue(['winrate', 'forecast.csv', '--map', 'amount=Forecast amount'])).toBe(250);
  });
});
