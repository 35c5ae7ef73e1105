/**
 * Stage information for the steps that use it, as plain data a plan carries: the configured
 * stage order, and the stage history joined to deals (a `--history` file in long form, else
 * HubSpot's wide "Date entered" columns inside the deals file, else whatever
 * `lost_stage`/`stage_entered` say), and the stalled rule's per-stage averages.
 */
import type { Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import type { Finding } from '../model/findings.js';
import { stageOrderOf, wideHistoryOf, type StageOrder } from '../model/stageHistory.js';
import type { Deal } from '../model/types.js';
import { packedHistoryLookup, type PackedHistory } from '../model/packedHistory.js';
import type { DateOrder } from '../model/values.js';
import { averageDwellByStage, stageDwellFold } from '../metrics/stageDwell.js';
import type { HistoryLookup } from '../metrics/stageJourney.js';
import { stalledDays } from '../metrics/stalled.js';
import { readHistoryIndex } from '../io/readHistory.js';
import { prepareDealFile } from '../io/readDeals.js';
import { createDealReader } from '../model/dealReader.js';
import { inferStageOrder, openStageSightings, type InferredStageOrder, type StageSighting } from '../model/stageOrder.js';
import { runDeals, type DealInput } from './dealRun.js';

export interface StageInput {
  readonly stageOrder: StageOrder;
  /** Stage entries by deal, from a --history file (packed: plain data a worker thread is sent as it is); null: from the deals' own wide columns. */
  readonly history: PackedHistory | null;
  /** Day/month order of the wide columns' slash dates. */
  readonly dateOrder: DateOrder | null;
  /** Where stage entries come from. */
  readonly source: 'history' | 'wide-columns';
  /** History rows read and rejected (a --history file), for the notes. */
  readonly historyRowsRead: number;
  readonly historyRowsRejected: number;
  /** The --history files as given, each with its rows read (provenance); none for the wide columns. */
  readonly historyFiles: readonly { readonly file: string; readonly rowsRead: number }[];
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
    const { history, summary } = await readHistoryIndex(historyPaths, { config, delimiter: options.delimiter }, options.onFinding ?? (() => undefined));
    // readHistory reads each path in turn: its summary's files are the paths' own, in order.
    const historyFiles = historyPaths.map((file, index) => ({ file, rowsRead: summary.files[index]?.rowsRead ?? 0 }));
    return { stageOrder, history, dateOrder: null, source: 'history', historyRowsRead: summary.rowsRead, historyRowsRejected: summary.rowsRejected, historyFiles };
  }
  return { stageOrder, history: null, dateOrder: config.dateFormat ?? null, source: 'wide-columns', historyRowsRead: 0, historyRowsRejected: 0, historyFiles: [] };
}

/** The history rows a stage input holds in memory (0 for the wide columns, read from each deal's own cells). */
export function heldHistoryRows(stage: Pick<StageInput, 'source' | 'historyRowsRead'> | null | undefined): number {
  return stage?.source === 'history' ? stage.historyRowsRead : 0;
}

/** The stage entries of a deal, by the input's source. `onFinding`: a wide column's cell that is not a date. */
export function historyLookupOf(stage: Pick<StageInput, 'stageOrder' | 'history' | 'dateOrder'>, onFinding?: (found: Finding) => void): HistoryLookup {
  if (stage.history !== null) return packedHistoryLookup(stage.history);
  return wideHistoryOf(stage.stageOrder, { dateOrder: stage.dateOrder, ...(onFinding === undefined ? {} : { onFinding }) });
}

/** What the stalled rule needs, as data: the stage input and each stage's average dwell. */
export interface StalledInput {
  readonly stage: StageInput;
  readonly averages: StalledAverages;
}

export type StalledCheck = (deal: Deal) => { daysInStage: number; averageDwellDays: number } | null;

/**
 * The `stalled` rule needs each stage's average dwell over closed deals before it can judge
 * an open deal, so it reads the deals once ahead (a pre-pass; deals on stdin cannot be read
 * twice, so they are refused here). `loaded`: the same history already read (the report's
 * stage analyses), so that it is not read and held a second time.
 */
export async function stalledInputFor(historyPaths: readonly string[], input: DealInput, asOf: number, delimiter: string | undefined, loaded?: StageInput): Promise<StalledInput> {
  if (input.files.includes('-')) {
    throw new DealmathError('usage', '--history with deals on stdin: the stalled rule reads the deals twice; give the deals as a file');
  }
  const stage = loaded ?? (await loadStageInput(historyPaths, input.config, { delimiter }));
  const fold = stageDwellFold({ stageOrder: stage.stageOrder, asOf, historyByDeal: historyLookupOf(stage) });
  let state = fold.init();
  await runDeals({ ...input, where: [] }, { use: (deal) => (state = fold.add(state, deal)) });
  return { stage, averages: [...averageDwellByStage(fold.finish(state))] };
}

/**
 * The stalled rule as a check, rebuilt from its data (in each worker thread too). It keeps its
 * last answer: integrity and coverage ask about the same deal one after the other, and each
 * answer walks the deal's stage history.
 */
export function stalledCheckOf(stalled: StalledInput, asOf: number): StalledCheck {
  const byStage = new Map(stalled.averages);
  const history = historyLookupOf(stalled.stage);
  let lastDeal: Deal | null = null;
  let lastAnswer: ReturnType<StalledCheck> = null;
  return (deal) => {
    if (deal === lastDeal) return lastAnswer;
    const measured = stalledDays(deal, { stageOrder: stalled.stage.stageOrder, averageDwellByStage: byStage, asOf, historyByDeal: history });
    lastAnswer = measured !== null && measured.stalled ? { daysInStage: measured.daysInStage, averageDwellDays: measured.averageDwellDays } : null;
    lastDeal = deal;
    return lastAnswer;
  };
}

/**
 * Average dwell per stage as [stage, days] pairs: what the pre-pass learns, passed as data to
 * worker threads so that they do not read all the deals again.
 */
export type StalledAverages = readonly (readonly [string, number | null])[];

/**
 * Open stages with their CRM probabilities, as the first rows of a deals file show them
 * (the rows the reader samples anyway). Null for stdin, which cannot be read twice.
 */
export async function sampledStages(input: Pick<DealInput, 'files' | 'config' | 'preset' | 'map' | 'delimiter'>): Promise<StageSighting[] | null> {
  const [path] = input.files;
  if (path === undefined || path === '-') return null;
  const { table, mapping, formats, sample, rest } = await prepareDealFile(path, { config: input.config, preset: input.preset, map: input.map, delimiter: input.delimiter });
  await rest.return?.();
  if (mapping.fields.stage === undefined) return null;
  const read = createDealReader({ file: table.file, headers: table.header, mapping, formats, config: input.config });
  const byStage = new Map<string, number[]>();
  for (const { cells, row } of sample) {
    const deal = read(cells, row, () => undefined);
    if (deal === null || deal.status !== 'open' || deal.stage === null) continue;
    const probabilities = byStage.get(deal.stage) ?? [];
    if (deal.probability !== null) probabilities.push(deal.probability);
    byStage.set(deal.stage, probabilities);
  }
  return [...byStage.entries()].map(([label, probabilities]) => ({ label, probabilities }));
}

/**
 * The analysis with the stage order the config lacks, inferred from the first deals file
 * (standard pipeline or CRM probability); unchanged when the config lists stages or nothing decides.
 */
export async function withInferredStages<Analysis extends { readonly config: Config; readonly input: DealInput }>(analysis: Analysis): Promise<{ analysis: Analysis; inferred: InferredStageOrder | null }> {
  if ((analysis.config.stages ?? []).length > 0) return { analysis, inferred: null };
  const sightings = await sampledStages(analysis.input);
  const inferred = sightings === null ? null : inferStageOrder(openStageSightings(sightings, analysis.config));
  if (inferred === null) return { analysis, inferred: null };
  const config: Config = { ...analysis.config, stages: [...inferred.open], stagesInferred: true };
  return { analysis: { ...analysis, config, input: { ...analysis.input, config } }, inferred };
}

/** The note a stage command prints when it inferred the order. */
export function inferredStagesNote(inferred: InferredStageOrder | null): string[] {
  return inferred === null ? [] : [`stage order not in the config, inferred: ${inferred.open.join(' > ')} (${inferred.reason}); set stages: in the config to change it`];
}
