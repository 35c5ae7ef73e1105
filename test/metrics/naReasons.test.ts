import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NA_REASONS, na, naReason } from '../../src/metrics/naReasons.js';
import { accountPlanFigures } from '../../src/metrics/accountPlan.js';
import { ROOT } from '../cli/helpers.js';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

describe('naReasons: the one catalogue of n/a reasons', () => {
  it('names every reason with a stable kebab-case code', () => {
    for (const code of Object.keys(NA_REASONS)) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('words a reason from its code and arguments, with the wording the outputs print', () => {
    expect(naReason('no-closed-deals')).toEqual({ code: 'no-closed-deals', message: 'no closed deals in window' });
    expect(naReason('no-closed-deals', 'rate window').message).toBe('no closed deals in rate window');
    expect(naReason('small-peer-group', 30).message).toBe('no rep has 30 or more closed deals in the window');
    expect(naReason('stage-pvf-unknown', 'Qualify', 'conversion to won is unknown').message).toBe('the pvf of stage Qualify is unknown: conversion to won is unknown');
  });

  it('words the reasons of the newer commands as they printed them before the catalogue held them', () => {
    // Literals: the messages forecast, movement, retention, accounts and winrate --by type printed
    // when each wrote its own reasons (test/golden and the e2e tests hold the outputs).
    expect(naReason('no-quota').message).toBe('no quota for this rep');
    expect(naReason('no-quota', 'no-reps').message).toBe('n/a: no quota (give --reps FILE with a quota per rep)');
    expect(naReason('no-quota', 'not-in-reps').message).toBe('n/a: no quota for this rep in the reps file');
    expect(naReason('not-requested', ['crm'], 'history').message).toBe('n/a: --weights crm asked for other methods than history');
    expect(naReason('needs-snapshots').message).toBe('n/a: category weights need past snapshots');
    expect(naReason('needs-snapshots', 'pipeline').message).toBe('n/a: needs past snapshots of the pipeline (--snapshot DATE=FILE or a folder of dated exports)');
    expect(naReason('no-stage-conversion').message).toBe('n/a: no open deal of the period is in a stage with a known conversion to won');
    expect(naReason('no-stage-conversion', { cannotBeKnown: 'no closed deals' }).message).toBe('n/a: stage conversion cannot be known: no closed deals');
    expect(naReason('no-deals', 'existing').message).toBe('n/a: no expansion or renewal deals');
    expect(naReason('no-deals', 'new-business').message).toBe('n/a: no new-business deals');
    expect(naReason('zero-value-win-rate').message).toBe('value win rate is 0: no pipeline reaches the target');
    expect(naReason('no-win-rate', 'zero').message).toBe('n/a: a value win rate of 0 closes no gap');
    // forecast --snapshot and --backtest (forecast history and accuracy), as first written in their modules.
    expect(naReason('no-probability', 'snapshot').message).toBe('n/a: no open deal of the period carried a probability at this snapshot');
    expect(naReason('no-forecast-category', 'snapshot').message).toBe('n/a: no open deal of the period carried a known forecast category at this snapshot');
    expect(naReason('no-stage-conversion', 'snapshot-simulation').message).toBe('n/a: no probability and no stage conversion known yet at this snapshot');
    expect(naReason('no-category-history', 'omitted').message).toBe('n/a: no omitted value in past snapshots of a period that has ended');
    expect(naReason('no-forecast-to-score', 'commit').message).toBe('n/a: no commit forecast with actual bookings above 0 to score');
    expect(naReason('needs-backtest').message).toBe('n/a: forecast accuracy is scored by forecast --backtest SNAPSHOT...');
  });

  it('keeps the account plan codes as printed before: a value win rate of 0 is no-win-rate', () => {
    const closedNothingWon = { won: 0, lost: 40, wonValue: 0, lostValue: 100 };
    const figures = accountPlanFigures({ objective: 100, pipelineGoal: null, won: 0, pipeline: 0, account: closedNothingWon, teamValueWinRate: null, minSample: 30 });
    expect(figures.requiredPipeline.reason).toEqual({ code: 'no-win-rate', message: 'n/a: a value win rate of 0 closes no gap' });
    const noRate = accountPlanFigures({ objective: 100, pipelineGoal: null, won: 0, pipeline: 0, account: { won: 0, lost: 0, wonValue: 0, lostValue: 0 }, teamValueWinRate: null, minSample: 30 });
    expect(noRate.requiredPipeline.reason?.code).toBe('no-win-rate');
    expect(noRate.valueWinRate.reason?.message).toBe('n/a: neither the account nor the team has a value win rate');
  });

  it('is the only place a reason is worded: no notAvailable(code, message) or { code, message } literal elsewhere in src', () => {
    const offenders: string[] = [];
    // src/model and src/io hold no figures (their { code: 'custom', message } are zod issues).
    for (const file of ['metrics', 'engine', 'report', 'cli', 'validate'].flatMap((layer) => sourceFiles(join(ROOT, 'src', layer)))) {
      const name = relative(ROOT, file).replaceAll('\\', '/');
      if (name === 'src/metrics/naReasons.ts' || name === 'src/metrics/figure.ts' || name === 'src/index.ts') continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (/\bnotAvailable(<[^>]*>)?\(/.test(line) || /\{\s*code:\s*['"`][a-z-]+['"`],\s*message:/.test(line)) offenders.push(`${name}:${index + 1}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('makes an n/a figure: value null exactly when the reason is set', () => {
    expect(na('target-met')).toEqual({ value: null, reason: { code: 'target-met', message: 'target already met' } });
  });
});
