/**
 * What movement keeps of each deal of a snapshot: `--where` applied, its currency noted, and its
 * movement fields and group key stored in a bank. The same on this thread and in a worker thread
 * reading a snapshot file ahead (snapshotFiles.ts).
 */
import type { ColumnMapping } from '../model/mapping.js';
import type { Deal } from '../model/types.js';
import { dimensionValue } from '../metrics/scope.js';
import { resolveDimension, type Grouping } from './dealRun.js';
import type { WhereClause } from './plan.js';
import { NO_KEY, type SnapshotBank } from './snapshotBank.js';

export class SnapshotKeeper {
  /** Currencies of the kept deals that carry an amount. */
  readonly currencies = new Set<string>();
  private whereResolved: { dimension: string; clause: WhereClause }[] = [];

  constructor(
    private readonly grouping: Grouping,
    private readonly where: readonly WhereClause[],
  ) {}

  /** Resolves `--by` and `--where` for a file's header (may throw a usage error naming the file). */
  onFile({ file, header, mapping }: { readonly file: string; readonly header: readonly string[]; readonly mapping: ColumnMapping }): void {
    this.grouping.resolveFor(header, mapping, file);
    this.whereResolved = this.where.map((clause) => ({ dimension: resolveDimension(clause.dimension, header, mapping, file), clause }));
  }

  /** The deal's handle in `bank`, or null when `--where` leaves it out. */
  keep(deal: Deal, bank: SnapshotBank): number | null {
    for (const { dimension, clause } of this.whereResolved) {
      if (clause.values.has(dimensionValue(deal, dimension).toLowerCase()) === clause.negate) return null;
    }
    if (deal.currency !== null && deal.amount !== null) this.currencies.add(deal.currency);
    return bank.add(deal.status, deal.amount, deal.close, deal.stage, deal.owner, this.grouping.names.length === 0 ? NO_KEY : this.grouping.keyOf(deal));
  }
}
