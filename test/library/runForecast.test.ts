/**
 * runForecast from the library, as runPlan: the run environment (DEALMATH_WORKERS...) may be left
 * out, and an empty one from JavaScript ({}) reads as no variable set instead of failing in the workers.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, loadConfig, parseIsoDay, periodContaining, runForecast, type ForecastRequest, type RunEnvironment } from '../../src/index.js';
import { EXAMPLES } from '../cli/helpers.js';

async function request(): Promise<ForecastRequest> {
  const { config } = await loadConfig(join(EXAMPLES, 'dealmath.yaml'));
  const asOf = parseIsoDay('2026-11-20') as number;
  return {
    input: { files: [join(EXAMPLES, 'deals.csv')], config, where: [], asOf },
    config, asOf, scope: { asOf, window: null, basis: 'close' }, minSample: 30,
    period: periodContaining(asOf, 'quarter', config.fiscalYearStartMonth),
    historyPaths: null, history: null,
    choices: { by: 'owner', reps: null, weights: null, runs: 1000, seed: DEFAULT_SEED },
  };
}

describe('runForecast', () => {
  it('runs without an environment, with an empty one, and gives the same forecast as with { env: {} }', async () => {
    const given = await runForecast(await request(), { env: {} });
    const without = await runForecast(await request());
    const empty = await runForecast(await request(), {} as RunEnvironment);
    expect(without.forecast).toEqual(given.forecast);
    expect(empty.forecast).toEqual(given.forecast);
    expect(given.run.rowsRead).toBe(2000);
  }, 30_000);
});
