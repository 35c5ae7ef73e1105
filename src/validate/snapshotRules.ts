/**
 * Forecast hygiene over snapshots (METRICS.md "Forecast", hygiene for CI): a deal pushed more than
 * `pushLimit` times (its expected close moved later between consecutive snapshots in which it was
 * open), and an amount changed by more than `amountChangeLimit` (a share) between the last two
 * snapshots. Findings name the deal's row in the last snapshot.
 *
 * Memory: a push count per deal pushed at least once, and the rows of flagged deals.
 */
import { formatDay } from '../model/calendar.js';
import { finding, type Finding } from '../model/findings.js';
import type { DayNumber, DealStatus } from '../model/types.js';

/** What the rules keep of a deal between snapshots. */
export interface HygieneDeal {
  readonly status: DealStatus;
  readonly close: DayNumber | null;
  readonly amount: number | null;
  readonly file: string;
  readonly row: number;
  /** Headers of the close and amount columns in the deal's file. */
  readonly closeColumn: string | null;
  readonly amountColumn: string | null;
}

export interface SnapshotHygieneOptions {
  readonly pushLimit: number;
  /** A share: 0.5 flags a change of more than 50%. */
  readonly amountChangeLimit: number;
}

export interface SnapshotHygiene {
  /** A deal in two consecutive snapshots (either side null when absent); `step` the later snapshot's index. */
  step(step: number, id: string, before: HygieneDeal | null, after: HygieneDeal | null): void;
  /** The findings on the last snapshot (its index). */
  finish(lastStep: number): Finding[];
}

const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

/**
 * The two snapshot rules as an accumulator over the joined pairs, fed in snapshot order.
 *
 * @example
 * // pushLimit 2: a deal whose close moves 10-15 -> 11-01 -> 11-20 -> 12-10 (3 pushes), open at the end: pushed-too-often
 * // amountChangeLimit 0.5: 100 -> 160 between the last two snapshots (+60%): amount-changed
 */
export function snapshotHygiene(options: SnapshotHygieneOptions): SnapshotHygiene {
  const pushes = new Map<string, number>();
  const flagged = new Map<string, { step: number; finding: Finding }>();
  const amountFlags = new Map<string, { step: number; finding: Finding }>();
  return {
    step(step, id, before, after) {
      if (before !== null && after !== null && before.status === 'open' && after.status === 'open' && before.close !== null && after.close !== null && after.close > before.close) {
        pushes.set(id, (pushes.get(id) ?? 0) + 1);
      }
      if (after === null) return;
      const count = pushes.get(id) ?? 0;
      if (after.status === 'open' && count > options.pushLimit) {
        const detail = `expected close moved later ${count} times across the snapshots (more than thresholds.pushLimit ${options.pushLimit}); now ${after.close === null ? 'none' : formatDay(after.close)}`;
        flagged.set(id, { step, finding: finding('pushed-too-often', { file: after.file, row: after.row, column: after.closeColumn }, after.close === null ? null : formatDay(after.close), detail) });
      }
      if (before === null || before.amount === null || after.amount === null || before.amount === after.amount) return;
      const change = before.amount === 0 ? Infinity : Math.abs(after.amount - before.amount) / before.amount;
      if (change > options.amountChangeLimit) {
        const detail = `amount changed from ${before.amount} to ${after.amount} since the previous snapshot (${change === Infinity ? 'from 0' : `${after.amount > before.amount ? '+' : '-'}${percent(change)}`}; more than thresholds.amountChangeLimit ${percent(options.amountChangeLimit)})`;
        amountFlags.set(id, { step, finding: finding('amount-changed', { file: after.file, row: after.row, column: after.amountColumn }, String(after.amount), detail) });
      }
    },
    finish(lastStep) {
      const onLast = (map: Map<string, { step: number; finding: Finding }>): Finding[] => [...map.values()].filter((entry) => entry.step === lastStep).map((entry) => entry.finding);
      return [...onLast(flagged), ...onLast(amountFlags)].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    },
  };
}
