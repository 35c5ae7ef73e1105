/**
 * Provenance of the files a run reads besides its deals: each file with its role, the rows read
 * from it and the SHA-256 of its bytes. The deal files' own come from the reading (io/readDeals);
 * every other file a command reads is recorded in its InputLedger as it is read, so that each
 * document lists what its run read without each command assembling the list.
 */
import { displayName, sha256OfFile } from '../io/textInput.js';

/** What a file was read as. */
export type InputRole = 'deals' | 'reps' | 'accounts' | 'plan' | 'history' | 'snapshot';

/** The order a document lists its inputs in: deals first, then by role, each role's files in the order read. */
const ROLE_ORDER: readonly InputRole[] = ['deals', 'reps', 'accounts', 'plan', 'history', 'snapshot'];

/** One file a document says it read. */
export interface InputFile {
  readonly file: string;
  readonly role: InputRole;
  /** Data rows read from it; null for a file that is not read as rows (an account plan). */
  readonly rowsRead: number | null;
  /** Lowercase hex; null when it could not be hashed (stdin). */
  readonly sha256: string | null;
}

/** A file as a reader read it: the path as given (`-` for stdin) and its rows (null: not rows). */
export interface FileRead {
  readonly file: string;
  readonly rowsRead: number | null;
}

/**
 * The files a run read besides its deals. A file is recorded once per role: read twice (the reps
 * file for `--by team` and for the quotas), it is listed once.
 */
export class InputLedger {
  private readonly entries: InputFile[] = [];
  private readonly seen = new Set<string>();

  /** Records files read as `role`, each hashed (the whole file's bytes). */
  async add(role: InputRole, files: readonly FileRead[]): Promise<void> {
    const fresh = files.filter((read) => {
      const key = `${role}\u0000${read.file}`;
      if (this.seen.has(key)) return false;
      this.seen.add(key);
      return true;
    });
    const hashed = await Promise.all(fresh.map(async (read): Promise<InputFile> => ({ file: displayName(read.file), role, rowsRead: read.rowsRead, sha256: await sha256OfFile(read.file) })));
    this.entries.push(...hashed);
  }

  /**
   * Records the snapshots of a run: one entry per file, its rows those of every snapshot read
   * from it (a file with a snapshot-date column holds several).
   */
  addSnapshots(snapshots: readonly { readonly file: string; readonly rowsRead: number }[]): Promise<void> {
    const rowsByFile = new Map<string, number>();
    for (const snapshot of snapshots) rowsByFile.set(snapshot.file, (rowsByFile.get(snapshot.file) ?? 0) + snapshot.rowsRead);
    return this.add('snapshot', [...rowsByFile].map(([file, rowsRead]) => ({ file, rowsRead })));
  }

  /** Records a reps file: every row is a rep (a bad row stops the reading). */
  addReps(file: string, reps: readonly unknown[]): Promise<void> {
    return this.add('reps', [{ file, rowsRead: reps.length }]);
  }

  /** Records the account files read (io/readAccounts), each with its own rows, rejected ones included. */
  addAccounts(read: { readonly files: readonly FileRead[] }): Promise<void> {
    return this.add('accounts', read.files);
  }

  /** Records the stage history files a stage input was read from (none when it came from the deals' own columns). */
  addHistory(stage: { readonly historyFiles: readonly FileRead[] }): Promise<void> {
    return this.add('history', stage.historyFiles);
  }

  /** Records an account plan: a YAML or JSON document, not rows. */
  addPlan(file: string): Promise<void> {
    return this.add('plan', [{ file, rowsRead: null }]);
  }

  /** Every file recorded, by role (ROLE_ORDER), each role's in the order recorded. */
  get files(): readonly InputFile[] {
    return ROLE_ORDER.flatMap((role) => this.entries.filter((entry) => entry.role === role));
  }
}
