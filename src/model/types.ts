/**
 * Normalized record shapes (METRICS.md "Records"). Dates are UTC day numbers
 * (days since 1970-01-01), so no result depends on the machine's time zone.
 */

/** A calendar day as a whole number of days since 1970-01-01 (UTC). */
export type DayNumber = number;

export type DealStatus = 'won' | 'lost' | 'open';

/** One opportunity, after column mapping and value parsing. */
export interface Deal {
  readonly id: string;
  readonly name: string | null;
  readonly account: string | null;
  readonly owner: string | null;
  readonly stage: string | null;
  readonly status: DealStatus;
  /** Amount in the base currency (converted when rates are configured); null when missing. */
  readonly amount: number | null;
  readonly currency: string | null;
  readonly created: DayNumber | null;
  readonly close: DayNumber | null;
  /** Sales cycle in days from an age / days-to-close column, used when dates are missing. */
  readonly cycleDays: number | null;
  /** 0..1 */
  readonly probability: number | null;
  readonly forecastCategory: string | null;
  readonly lastActivity: DayNumber | null;
  readonly stageEntered: DayNumber | null;
  readonly lostStage: string | null;
  /** Deal type: `new-business`, `expansion` or `renewal` (model/dealType.ts), else the label as written; null without one. */
  readonly type: string | null;
  /** Every unmapped column, by header, kept as a dimension to group by. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Where the record came from, for findings. */
  readonly source: RecordSource;
}

export interface RecordSource {
  readonly file: string;
  /** 1-based, header = row 1. */
  readonly row: number;
}

/** One stage entry of a deal's history (METRICS.md "Records": stage history). */
export interface StageEntry {
  readonly dealId: string;
  readonly stage: string;
  readonly entered: DayNumber;
  readonly source: RecordSource;
}

export interface Account {
  readonly id: string;
  readonly name: string | null;
  readonly currentRevenue: number | null;
  readonly futureRevenue: number | null;
  /** Scored element columns and any other column, raw. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly source: RecordSource;
}

export interface Rep {
  readonly owner: string;
  /** null: the reps file leaves the quota empty (METRICS.md: listed, left out of team totals). */
  readonly quota: number | null;
  readonly team: string | null;
  /** The rep's manager, from a `manager` column of the reps file (absent or null: none). */
  readonly manager?: string | null;
  readonly source: RecordSource;
}

/** The canonical deal fields that a column can map to. */
export const DEAL_FIELDS = [
  'id',
  'name',
  'account',
  'owner',
  'stage',
  'amount',
  'currency',
  'created',
  'close',
  'status',
  'isWon',
  'isClosed',
  'isLost',
  'wonTime',
  'lostTime',
  'cycleDays',
  'probability',
  'forecastCategory',
  'lastActivity',
  'stageEntered',
  'lostStage',
  'pipeline',
  'type',
] as const;

export type DealField = (typeof DEAL_FIELDS)[number];
