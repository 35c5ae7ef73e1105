/**
 * `dealmath movement SNAPSHOT...`: how the open pipeline of a window moved between snapshots
 * (the waterfall), and which deals slipped.
 */
import { formatDay } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import { snapshotSpecs } from '../../io/readSnapshots.js';
import { SCHEMA_VERSION } from '../../report/renderers/json.js';
import { documentCurrency, provenanceJson, rowsReadLine } from '../../report/document.js';
import { Grouping, refuseRejected } from '../../engine/dealRun.js';
import { refuseMixedCurrencies, runMovement, snapshotRejectedRows } from '../../engine/snapshotRun.js';
import { movementJson, movementSections, snapshotWarnings } from '../../report/sections/movement.js';
import { prepareAnalysis, runEnvironment } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit, outputWidth } from '../emit.js';

export interface MovementFlags extends CommonFlags {
  snapshot?: string[];
  rolling?: boolean;
  steps?: boolean;
  deals?: boolean;
}

export async function movementCommand(files: string[], flags: MovementFlags, terminal: Terminal): Promise<number> {
  const snapshotColumn = flags.map?.find((pair) => /^\s*snapshot\s*date\s*=/i.test(pair))?.replace(/^[^=]*=\s*/, '').replace(/^["']|["']$/g, '');
  const specs = snapshotSpecs(files, flags.snapshot ?? []);
  if (flags.rolling === true && (flags.period !== undefined || flags.from !== undefined)) throw new DealmathError('usage', 'give either --rolling or a window (--period, --from/--to), not both');
  // The window is the snapshots' (movementRun); the deal reading is every command's.
  const { period: _period, from: _from, to: _to, map, ...readFlags } = flags;
  const analysis = await prepareAnalysis(specs.map((spec) => spec.file), { ...readFlags, map: (map ?? []).filter((pair) => !/^\s*snapshot\s*date\s*=/i.test(pair)) }, terminal);
  const window = flags.rolling === true ? { rolling: true as const } : flags.period !== undefined ? { period: flags.period } : flags.from !== undefined ? { from: flags.from, to: flags.to ?? flags.from } : null;
  const { input } = analysis;
  const run = await runMovement({ specs, input: { config: input.config, preset: input.preset, map: input.map, delimiter: input.delimiter, sheet: input.sheet, snapshotColumn }, grouping: new Grouping(analysis.by), where: input.where, window, steps: flags.steps === true, keepDeals: flags.deals === true, asOf: analysis.asOf, environment: runEnvironment(terminal) });
  // The snapshots are this command's deals: --max-rejected holds their rows, as a deals file's.
  refuseRejected(snapshotRejectedRows(run.snapshots, run), input.maxRejected ?? null);
  refuseMixedCurrencies(run, analysis.config);
  const rows = run.snapshots.reduce((sum, s) => ({ read: sum.read + s.rowsRead, used: sum.used + s.rowsUsed, rejected: sum.rejected + s.rowsRejected, filtered: sum.filtered + s.rowsFiltered }), { read: 0, used: 0, rejected: 0, filtered: 0 });
  const warnings = snapshotWarnings(run);
  await analysis.inputs.ledger.addSnapshots(run.snapshots);
  const json = { schemaVersion: SCHEMA_VERSION, command: 'movement', ...provenanceJson(analysis.generatedAt, documentCurrency(run, analysis.config), analysis.inputs.files), rowsRead: rows.read, rowsUsed: rows.used, rowsRejected: rows.rejected, rowsFiltered: rows.filtered, warnings, ...movementJson(run, { keepDeals: flags.deals === true }) };
  const first = run.snapshots[0]?.date ?? 0;
  const last = run.snapshots.at(-1)?.date ?? 0;
  const windowLine = run.window.kind === 'rolling' ? 'all open pipeline (rolling)' : `${run.window.window.label} (${formatDay(run.window.window.from)} to ${formatDay(run.window.window.to)}, by expected close date)`;
  const subtitle = [`${run.snapshots.length} snapshots, ${formatDay(first)} to ${formatDay(last)}; window: ${windowLine}`, rowsReadLine({ rowsRead: rows.read, rowsUsed: rows.used, rowsRejected: rows.rejected, rowsFiltered: rows.filtered })];
  const report = { span: run.span, steps: run.steps, slippage: run.slippage, dimensions: analysis.by, firstDate: first, lastDate: last, showDeals: flags.deals === true };
  await emit({ json, view: () => ({ title: 'Pipeline movement', subtitle, sections: movementSections(report, { chartWidth: outputWidth(terminal) }) }) }, flags, terminal);
  for (const warning of warnings) terminal.stderr.write(`dealmath movement: ${warning}\n`);
  return EXIT_OK;
}
