/**
 * `dealmath movement SNAPSHOT...`: how the open pipeline of a window moved between snapshots
 * (the waterfall), and which deals slipped.
 */
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import { snapshotSpecs } from '../../io/readSnapshots.js';
import { Grouping, refuseRejected } from '../../engine/dealRun.js';
import { refuseMixedCurrencies, runMovement, snapshotRejectedRows } from '../../engine/snapshotRun.js';
import { movementDocument } from '../../report/sections/movement.js';
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
  await analysis.inputs.ledger.addSnapshots(run.snapshots);
  const { json, view, warnings } = movementDocument(run, { config: analysis.config, dimensions: analysis.by, keepDeals: flags.deals === true, generatedAt: analysis.generatedAt, inputs: analysis.inputs.files, chartWidth: outputWidth(terminal) });
  await emit({ json, view }, flags, terminal);
  for (const warning of warnings) terminal.stderr.write(`dealmath movement: ${warning}\n`);
  return EXIT_OK;
}
