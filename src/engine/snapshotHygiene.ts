/**
 * `validate --snapshot`: the snapshots read in date order (io/readSnapshots) through the forecast
 * hygiene rules that need them (validate/snapshotRules). Reading findings of the snapshot files
 * are not repeated: `validate FILE` checks a file's rows.
 */
import type { Finding } from '../model/findings.js';
import type { Deal } from '../model/types.js';
import { snapshotHygiene, type HygieneDeal, type SnapshotHygieneOptions } from '../validate/snapshotRules.js';
import { readSnapshots, type SnapshotRead, type SnapshotSpec, type SnapshotsOptions } from '../io/readSnapshots.js';

/** Reads the snapshots and returns the hygiene findings on the last one. */
export async function runSnapshotHygiene(specs: readonly SnapshotSpec[], input: SnapshotsOptions, options: SnapshotHygieneOptions): Promise<{ findings: Finding[]; snapshots: SnapshotRead[] }> {
  const rules = snapshotHygiene(options);
  let columns: { close: string | null; amount: string | null } = { close: null, amount: null };
  let lastStep = 0;
  const snapshots = await readSnapshots<HygieneDeal>(specs, input, {
    onFile: ({ header, mapping }) => {
      const headerOf = (index: number | undefined): string | null => (index === undefined ? null : (header[index] ?? null));
      columns = { close: headerOf(mapping.fields.close), amount: headerOf(mapping.fields.amount) };
    },
    begin: (_date, index) => {
      lastStep = index;
    },
    keep: (deal: Deal) => ({ status: deal.status, close: deal.close, amount: deal.amount, file: deal.source.file, row: deal.source.row, closeColumn: columns.close, amountColumn: columns.amount }),
    step: (step, id, before, after) => rules.step(step, id, before, after),
  });
  return { findings: rules.finish(lastStep), snapshots };
}
