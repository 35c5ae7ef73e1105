/**
 * Provenance of the files a run reads besides its deals: each file with its role, the rows read
 * from it and the SHA-256 of its bytes. The deal files' own come from the reading (io/readDeals).
 */
import { displayName, sha256OfFile } from '../io/textInput.js';

/** One file a document says it read. */
export interface InputFile {
  readonly file: string;
  readonly role: string;
  readonly rowsRead: number;
  /** Lowercase hex; null when it could not be hashed (stdin). */
  readonly sha256: string | null;
}

/** What a report read besides the deals, as far as provenance needs it. */
export interface ReportInputsRead {
  readonly reps: readonly unknown[] | null;
  readonly accounts: { readonly accounts: readonly unknown[]; readonly rowsRejected: number } | null;
  readonly stage: { readonly source: string; readonly historyRowsRead: number } | null;
}

/** The files a report reads besides the deals, each with its rows and SHA-256 (provenance). */
export async function otherInputFiles(
  paths: { readonly historyPaths: string[] | undefined; readonly accountPaths: string[] | undefined; readonly repsPath: string | undefined },
  inputs: ReportInputsRead,
): Promise<InputFile[]> {
  const entries: { file: string; role: string; rowsRead: number }[] = [];
  if (paths.repsPath !== undefined && inputs.reps !== null) entries.push({ file: paths.repsPath, role: 'reps', rowsRead: inputs.reps.length });
  // Rows of several account or history files are counted together: the first names the total.
  const [firstAccounts, ...moreAccounts] = inputs.accounts === null ? [] : (paths.accountPaths ?? []);
  if (firstAccounts !== undefined && inputs.accounts !== null) {
    entries.push({ file: firstAccounts, role: 'accounts', rowsRead: inputs.accounts.accounts.length + inputs.accounts.rowsRejected });
    for (const file of moreAccounts) entries.push({ file, role: 'accounts', rowsRead: 0 });
  }
  const [firstHistory, ...moreHistory] = inputs.stage?.source === 'history' ? (paths.historyPaths ?? []) : [];
  if (firstHistory !== undefined && inputs.stage !== null) {
    entries.push({ file: firstHistory, role: 'history', rowsRead: inputs.stage.historyRowsRead });
    for (const file of moreHistory) entries.push({ file, role: 'history', rowsRead: 0 });
  }
  return Promise.all(entries.map(async (entry) => ({ ...entry, file: displayName(entry.file), sha256: await sha256OfFile(entry.file) })));
}

/** The snapshots a movement run read, each with its rows and SHA-256 (the movement command and the report's movement section). */
export async function snapshotInputFiles(snapshots: readonly { readonly file: string; readonly rowsRead: number }[]): Promise<InputFile[]> {
  return Promise.all(snapshots.map(async (snapshot) => ({ file: displayName(snapshot.file), role: 'snapshot', rowsRead: snapshot.rowsRead, sha256: await sha256OfFile(snapshot.file) })));
}
