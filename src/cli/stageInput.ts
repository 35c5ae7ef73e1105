/**
 * Stage information for the commands that use it: the configured stage order, and the stage
 * history joined to deals (a `--history` file in long form, else HubSpot's wide "Date entered"
 * columns inside the deals file, else whatever `lost_stage`/`stage_entered` say).
 */
import type { Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import type { Finding } from '../model/findings.js';
import { stageOrderOf, wideHistoryOf, type StageOrder } from '../model/stageHistory.js';
import type { Deal } from '../model/types.js';
import type { Scope } from '../metrics/scope.js';
import { averageDwellByStage, stageDwellFold } from '../metrics/stageDwell.js';
import type { HistoryLookup } from '../metrics/stageJourney.js';
import { stalledDays } from '../metrics/stalled.js';
import { readHistoryIndex } from '../io/readHistory.js';
import { runDeals, Grouping, type DealInput } from './dealInput.js';

export interface StageInput {
  readonly stageOrder: StageOrder;
  readonly history: HistoryLookup;
  /** Where stage entries come from. */
  readonly source: 'history' | 'wide-columns';
  /** History rows read and rejected (a --history file), for the notes. */
  readonly historyRowsRead: number;
  readonly historyRowsRejected: number;
}

/** The configured open stages, in order; stage analyses cannot run without them. */
export function requireStageOrder(config: Config): StageOrder {
  const order = stageOrderOf(config);
  if (order.open.length === 0) {
    throw new DealmathError('bad-config', 'stage analyses need the stage order: list the stages in the config, e.g. stages: [Qualification, Discovery, Proposal, Negotiation, Closed Won, Closed Lost]');
  }
  return order;
}

export async function loadStageInput(historyPaths: readonly string[] | undefined, config: Config, options: { delimiter?: string | undefined; onFinding?: (found: Finding) => void } = {}): Promise<StageInput> {
  const stageOrder = requireStageOrder(config);
  if (historyPaths !== undefined && historyPaths.length > 0) {
    const { index, summary } = await readHistoryIndex(historyPaths, { config, delimiter: options.delimiter }, options.onFinding ?? (() => undefined));
    return { stageOrder, history: index.byDeal, source: 'history', historyRowsRead: summary.rowsRead, historyRowsRejected: summary.rowsRejected };
  }
  const wide = wideHistoryOf(stageOrder, { dateOrder: config.dateFormat ?? null, ...(options.onFinding === undefined ? {} : { onFinding: options.onFinding }) });
  return { stageOrder, history: wide, source: 'wide-columns', historyRowsRead: 0, historyRowsRejected: 0 };
}

export type StalledCheck = (deal: Deal) => { daysInStage: number; averageDwellDays: number } | null;

/**
 * The `stalled` rule needs each stage's average dwell over closed deals before it can judge
 * an open deal, so it reads the deals once ahead (a pre-pass; deals on stdin cannot be read
 * twice, so they are refused here). `known`: averages a pre-pass already measured.
 */
export async function stalledCheckFor(
  historyPaths: readonly string[],
  input: DealInput,
  scope: Pick<Scope, 'asOf'>,
  delimiter: string | undefined,
  known?: StalledAverages,
): Promise<StalledCheck & { readonly averages: StalledAverages }> {
  if (known === undefined && input.files.includes('-')) {
    throw new DealmathError('usage', '--history with deals on stdin: the stalled rule reads the deals twice; give the deals as a file');
  }
  const stage = await loadStageInput(historyPaths, input.config, { delimiter });
  let averages = known;
  if (averages === undefined) {
    const fold = stageDwellFold({ stageOrder: stage.stageOrder, asOf: scope.asOf, historyByDeal: stage.history });
    let state = fold.init();
    await runDeals({ ...input, grouping: new Grouping([]), where: [] }, { use: (deal) => (state = fold.add(state, deal)) });
    averages = [...averageDwellByStage(fold.finish(state))];
  }
  const byStage = new Map(averages);
  const check: StalledCheck = (deal) => {
    const measured = stalledDays(deal, { stageOrder: stage.stageOrder, averageDwellByStage: byStage, asOf: scope.asOf, historyByDeal: stage.history });
    return measured !== null && measured.stalled ? { daysInStage: measured.daysInStage, averageDwellDays: measured.averageDwellDays } : null;
  };
  return Object.assign(check, { averages });
}

/**
 * Average dwell per stage as [stage, days] pairs: what the pre-pass learns, passed as data to
 * worker threads so that they do not read all the deals again.
 */
export type StalledAverages = readonly (readonly [string, number | null])[];

/**
 * A command's flags for its worker threads: with the stalled rule's averages when it has one, so
 * that the threads do not read all the deals again for them.
 */
export function flagsForWorkers<Flags extends { stalledAverages?: StalledAverages }>(flags: Flags, stalled: { readonly averages: StalledAverages } | undefined): Flags {
  return stalled === undefined ? flags : { ...flags, stalledAverages: stalled.averages };
}
