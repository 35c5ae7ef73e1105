/**
 * The library's weekly report: buildReport, given the inputs the example config names (deals,
 * stage history, reps, accounts, snapshots) read through the library, prints the same JSON as
 * `dealmath report --config examples/dealmath.yaml --json`, forecast, movement and accounts included.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputLedger, buildReport, loadConfig, loadStageInput, parseIsoDay, parsePeriod, readAccounts, readReps, snapshotSpecs, stalledInputFor } from '../../src/index.js';
import { EXAMPLES, SOURCE_DATE_EPOCH, dealmath } from '../cli/helpers.js';

describe('buildReport', () => {
  it('produces the JSON of dealmath report, its new sections included', async () => {
    const { config } = await loadConfig(join(EXAMPLES, 'dealmath.yaml'));
    const asOf = parseIsoDay('2026-11-20') as number;
    const period = parsePeriod('this-quarter', asOf, config.fiscalYearStartMonth);
    if (period === null) throw new Error('no period');
    const file = (name: string) => join(EXAMPLES, name);
    const input = { files: [file('deals.csv')], config, where: [], asOf };
    const history = [file('history.csv')];
    const accounts = await readAccounts([file('accounts.csv')]);
    const reps = await readReps(file('reps.csv'));
    const stage = await loadStageInput(history, config);
    // Provenance, as the command records it: each file read besides the deals, in a ledger.
    const ledger = new InputLedger();
    await ledger.addReps(file('reps.csv'), reps);
    await ledger.addAccounts(accounts);
    await ledger.addHistory(stage);
    const report = await buildReport({
      input, asOf, period, basis: 'close', minSample: 30,
      sections: ['kpis', 'winrates', 'velocity', 'coverage', 'forecast', 'movement', 'funnel', 'pvf', 'pareto-reps', 'pareto-accounts', 'quadrants', 'accounts', 'integrity'],
      by: 'owner', title: 'Pipeline review', levers: { deals: 0.1, value: 0.1, winRate: 0.1, cycle: -0.1 },
      reps, target: null, accounts,
      stage, stalled: await stalledInputFor(history, input, asOf, undefined),
      snapshots: snapshotSpecs([file('snapshots')], []),
      // When (SOURCE_DATE_EPOCH in the tests), and the other files read.
      generatedAt: new Date(Number(SOURCE_DATE_EPOCH) * 1000),
      otherInputs: ledger.files,
    });
    const cli = JSON.parse(dealmath(['report', '--config', file('dealmath.yaml'), '--as-of', '2026-11-20', '--json']).stdout);
    const sections = report.json.sections as Record<string, unknown>;
    expect(Object.keys(sections)).toEqual(expect.arrayContaining(['forecast', 'movement', 'accounts']));
    expect(sections.forecast).not.toBeNull();
    expect(sections.movement).not.toBeNull();
    expect(sections.accounts).not.toBeNull();
    expect(JSON.parse(JSON.stringify(report.json))).toEqual(cli);
  }, 60_000);
});
