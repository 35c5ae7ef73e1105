/**
 * `dealmath forecast --backtest SNAPSHOT...`: the forecast as each snapshot would have made it,
 * scored against what closed (report/sections/forecastAccuracy.ts).
 */
import type { PeriodUnit } from '../model/calendar.js';
import { EXIT_OK } from '../model/errors.js';
import type { SnapshotSpec } from '../io/readSnapshots.js';
import { forecastGroupOf, type ForecastBy, type ForecastRep } from '../metrics/forecast.js';
import { refuseRejected } from '../engine/dealRun.js';
import { runForecastSnapshots } from '../engine/forecastSnapshots.js';
import { snapshotRejectedRows } from '../engine/snapshotRun.js';
import { snapshotsLeftOutWarning } from '../report/sections/snapshotsLeftOut.js';
import { backtestDocument } from '../report/sections/forecastAccuracy.js';
import type { Analysis } from './analysis.js';
import type { CommonFlags, Terminal } from './context.js';
import { emit } from './emit.js';

export interface BacktestChoices {
  readonly by: ForecastBy;
  readonly reps: readonly ForecastRep[] | null;
  readonly runs: number;
  readonly seed: number;
}

export async function forecastBacktest(specs: readonly SnapshotSpec[], analysis: Analysis, unit: PeriodUnit, choices: BacktestChoices, flags: CommonFlags, terminal: Terminal): Promise<number> {
  const backtest = { groupOf: forecastGroupOf(choices.by, choices.reps), runs: choices.runs, seed: choices.seed };
  const past = await runForecastSnapshots({ specs, input: analysis.input, where: analysis.input.where, asOf: analysis.asOf, unit, backtest });
  // The snapshots are the backtest's deals: --max-rejected holds their rows, as a deals file's.
  refuseRejected(snapshotRejectedRows(past.snapshots, past.findings), analysis.input.maxRejected ?? null);
  if (past.accuracy === null) throw new Error('a backtest run scores its snapshots');
  await analysis.inputs.ledger.addSnapshots(past.snapshots);
  const document = backtestDocument(past.accuracy, past.history, choices.by, analysis, past.snapshots, snapshotsLeftOutWarning(analysis.asOf, past.leftOut));
  await emit(document, flags, terminal);
  for (const warning of document.warnings) terminal.stderr.write(`dealmath forecast: ${warning}\n`);
  return EXIT_OK;
}
