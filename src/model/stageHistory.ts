/**
 * Stage history (METRICS.md "Records": stage history): the stage order a history is read
 * against and the HubSpot wide form, where the
 * history sits in the deals file as one `Date entered "<Stage> (<Pipeline>)"` column per stage.
 * Pure: no files, no clock.
 */
import { lostLabels, openStages, wonLabels, type Config } from './config.js';
import { DealmathError } from './errors.js';
import { finding, type Finding } from './findings.js';
import { normalizeHeader } from './mapping.js';
import type { Deal, StageEntry } from './types.js';
import { INVALID, parseDate, type DateOrder } from './values.js';

/** The configured stages a history is read against. */
export interface StageOrder {
  /** Open stages in pipeline order: index 0 is the first stage. */
  readonly open: readonly string[];
  /** Won and lost labels: entering one ends the visit before it. */
  readonly closed: readonly string[];
}

/** The stage order of a config: its open stages, then every won and lost label it knows. */
export function stageOrderOf(config: Config): StageOrder {
  const open = openStages(config);
  const openKeys = new Set(open.map(normalizeHeader));
  const closed: string[] = [];
  const seen = new Set<string>();
  // Configured labels first, so a history entry is renamed to the config's spelling.
  for (const label of [...(config.stages ?? []), ...wonLabels(config), ...lostLabels(config)]) {
    const key = normalizeHeader(label);
    if (key === '' || openKeys.has(key) || seen.has(key)) continue;
    seen.add(key);
    closed.push(label);
  }
  return { open, closed };
}

/** Index of `closed` labels in a StagePosition. */
export const CLOSED_STAGE = -1;

export interface StagePosition {
  /** Index in `open`, or CLOSED_STAGE for a won or lost label. */
  readonly index: number;
  /** The label as the config spells it. */
  readonly label: string;
}

const lookups = new WeakMap<StageOrder, Map<string, StagePosition | null>>();

/**
 * Where a stage label sits in the order (matched by normalizeHeader, so `Proposal`,
 * `proposal` and `PROPOSAL ` are one stage), or null when the order does not know it.
 */
export function stagePosition(order: StageOrder, label: string): StagePosition | null {
  let lookup = lookups.get(order);
  if (lookup === undefined) {
    const built = new Map<string, StagePosition | null>();
    order.open.forEach((stage, index) => {
      const key = normalizeHeader(stage);
      if (!built.has(key)) built.set(key, { index, label: stage });
    });
    for (const stage of order.closed) {
      const key = normalizeHeader(stage);
      if (!built.has(key)) built.set(key, { index: CLOSED_STAGE, label: stage });
    }
    lookup = built;
    lookups.set(order, lookup);
  }
  // Labels repeat on every row: remember each spelling seen (bounded), so the per-row path skips normalizing.
  const known = lookup.get(label);
  if (known !== undefined) return known;
  const position = lookup.get(normalizeHeader(label)) ?? null;
  if (lookup.size < 10_000) lookup.set(label, position);
  return position;
}

/** One wide-form column: a header of the deals file and the stage it dates. */
export interface WideStageColumn {
  readonly header: string;
  /** The stage label as the config spells it. */
  readonly stage: string;
}

export interface WideStageColumns {
  readonly columns: readonly WideStageColumn[];
  /** Headers that look like stage-entry dates but name no configured stage (a custom pipeline's numeric ids, a renamed stage). */
  readonly unmatched: readonly string[];
}

// `Date entered "Proposal (Sales Pipeline)"`, with straight or curly quotes or none.
const DATE_ENTERED = /^date\s+entered\s*["\u201c\u201d']?(.*?)["\u201c\u201d']?\s*$/i;
// `hs_v2_date_entered_<stage id>` (current) and `hs_date_entered_<stage id>` (legacy).
const HS_DATE_ENTERED = /^hs_(?:v2_)?date_entered_(.+)$/i;
const TRAILING_PIPELINE = /^(.*?)\s*\([^()]*\)\s*$/;

/**
 * Finds HubSpot's stage-entry date columns in a deals header and names each one's stage:
 * `Date entered "Proposal (Sales Pipeline)"`, `Date entered "Proposal"`,
 * `hs_v2_date_entered_<stage id>` and `hs_date_entered_<stage id>`. Labels and internal ids
 * match configured stages by normalizeHeader (`appointmentscheduled` is `Appointment Scheduled`);
 * a label is tried whole first, then without its trailing `(Pipeline)`, so a stage named with
 * parentheses still matches. Won and lost stages are found too: entering one ends the visit before it.
 *
 * @example findWideStageColumns(['Record ID', 'Date entered "Proposal (Sales Pipeline)"'], order)
 * // { columns: [{ header: 'Date entered "Proposal (Sales Pipeline)"', stage: 'Proposal' }], unmatched: [] }
 */
export function findWideStageColumns(header: readonly string[], order: StageOrder): WideStageColumns {
  const columns: WideStageColumn[] = [];
  const unmatched: string[] = [];
  for (const name of header) {
    const label = DATE_ENTERED.exec(name.trim())?.[1] ?? HS_DATE_ENTERED.exec(name.trim())?.[1];
    if (label === undefined) continue;
    let position = stagePosition(order, label);
    if (position === null) {
      const withoutPipeline = TRAILING_PIPELINE.exec(label)?.[1];
      if (withoutPipeline !== undefined && withoutPipeline !== '') position = stagePosition(order, withoutPipeline);
    }
    if (position === null) unmatched.push(name);
    else columns.push({ header: name, stage: position.label });
  }
  return { columns, unmatched };
}

export interface WideEntryOptions {
  /** Day/month order of slash dates (config `dateFormat`); null reads only unambiguous dates. */
  readonly dateOrder?: DateOrder | null | undefined;
  /** Receives a `bad-date` finding for a cell that is not a date; the cell is left out. */
  readonly onFinding?: ((found: Finding) => void) | undefined;
}

/**
 * A deal's wide-form history as stage entries, from the raw cells in its `dimensions`.
 * The wide form holds one date per stage, so a repeated visit cannot show; where two columns
 * date the same stage (two pipelines, or both `hs_v2_` and legacy names), the earliest date is
 * the entry. Entries carry the deal's own file and row.
 */
export function wideStageEntries(deal: Deal, columns: readonly WideStageColumn[], options: WideEntryOptions = {}): StageEntry[] {
  const earliest = new Map<string, number>();
  for (const column of columns) {
    const raw = deal.dimensions[column.header];
    if (raw === undefined || raw.trim() === '') continue;
    const day = parseDate(raw, options.dateOrder ?? null);
    if (day === INVALID || day === null) {
      options.onFinding?.(
        finding('bad-date', { file: deal.source.file, row: deal.source.row, column: column.header }, raw, 'expected the date the stage was entered, such as 2026-03-31; the cell is left out of the history'),
      );
      continue;
    }
    const known = earliest.get(column.stage);
    if (known === undefined || day < known) earliest.set(column.stage, day);
  }
  const entries: StageEntry[] = [];
  for (const [stage, entered] of earliest) entries.push({ dealId: deal.id, stage, entered, source: deal.source });
  return entries;
}

/**
 * A history lookup for deals files that carry the wide form: finds the stage columns once per
 * file (from the deal's dimension headers) and turns each deal's cells into entries.
 * Returns undefined for a deal with no stage-entry date.
 */
export function wideHistoryOf(order: StageOrder, options: WideEntryOptions = {}): (deal: Deal) => readonly StageEntry[] | undefined {
  const columnsByFile = new Map<string, readonly WideStageColumn[]>();
  return (deal) => {
    let columns = columnsByFile.get(deal.source.file);
    if (columns === undefined) {
      columns = findWideStageColumns(Object.keys(deal.dimensions), order).columns;
      columnsByFile.set(deal.source.file, columns);
    }
    if (columns.length === 0) return undefined;
    const entries = wideStageEntries(deal, columns, options);
    return entries.length === 0 ? undefined : entries;
  };
}
