/**
 * A flag a command accepts does something, or is refused (exit 2) or said to be unused: never
 * silently ignored. Each case here was once accepted and dropped.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers.js';
import { run } from './inProcess.js';

const DEALS = join(EXAMPLES, 'deals.csv');
const CONFIG = join(EXAMPLES, 'dealmath.yaml');
const AS_OF = ['--config', CONFIG, '--as-of', '2026-11-20'];

describe('--min-sample only where the output flags small samples', () => {
  it.each(['velocity', 'pareto', 'pvf', 'forecast', 'retention'])('%s refuses it as an unknown option (exit 2)', async (command) => {
    const result = await run([command, DEALS, ...AS_OF, '--min-sample', '5000']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`dealmath ${command}: unknown option '--min-sample'`);
    expect(result.stdout).toBe('');
  });

  it('winrate still flags rates below it', async () => {
    const result = await run(['winrate', DEALS, ...AS_OF, '--min-sample', '5000', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toEqual(['1 of 1 rates rest on fewer than 5,000 deals (flagged "small sample"; --min-sample sets the bar)']);
  });
});
