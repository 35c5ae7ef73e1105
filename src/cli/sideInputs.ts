/**
 * The files a command reads besides its deals (reps, accounts, stage history, snapshots, an
 * account plan), read through one object per run: each is recorded in the run's InputLedger as
 * it is read, so that the document's `inputs` and its provenance line name every file read
 * (report/document.ts documentHeader takes them from the analysis).
 */
import type { Config } from '../model/config.js';
import type { Rep } from '../model/types.js';
import type { DecimalSeparator } from '../model/values.js';
import { readAccounts, type AccountsRead } from '../io/readAccounts.js';
import { readReps } from '../io/readReps.js';
import type { Finding } from '../model/findings.js';
import { InputLedger, type InputFile } from '../engine/provenance.js';
import { loadStageInput, stalledInputFor, type StageInput, type StalledInput } from '../engine/stageInput.js';
import type { DealInput } from '../engine/dealRun.js';

export class SideInputs {
  readonly ledger = new InputLedger();
  private readonly repsByPath = new Map<string, Promise<Rep[]>>();

  constructor(private readonly options: { readonly decimal: DecimalSeparator; readonly delimiter: string | undefined }) {}

  /** A reps file, read once however often it is asked for (`--by team` and the quotas). */
  reps(path: string): Promise<Rep[]> {
    let read = this.repsByPath.get(path);
    if (read === undefined) {
      read = readReps(path, this.options).then(async (reps) => {
        await this.ledger.addReps(path, reps);
        return reps;
      });
      this.repsByPath.set(path, read);
    }
    return read;
  }

  /** Account files, read in order into one list. */
  async accounts(paths: readonly string[]): Promise<AccountsRead> {
    const read = await readAccounts(paths, this.options);
    await this.ledger.addAccounts(read);
    return read;
  }

  /** The stage input: the --history files when given, else the deals' own columns (nothing to record). */
  async stage(paths: readonly string[] | undefined, config: Config, onFinding?: (found: Finding) => void): Promise<StageInput> {
    const stage = await loadStageInput(paths, config, { delimiter: this.options.delimiter, ...(onFinding === undefined ? {} : { onFinding }) });
    await this.ledger.addHistory(stage);
    return stage;
  }

  /** The stalled rule's input from the --history files (`loaded`: the same history, already read). */
  async stalled(paths: readonly string[], input: DealInput, asOf: number, loaded?: StageInput): Promise<StalledInput> {
    const stalled = await stalledInputFor(paths, input, asOf, this.options.delimiter, loaded);
    await this.ledger.addHistory(stalled.stage);
    return stalled;
  }

  /** Every file read through here (and recorded in the ledger by the runs it was given to). */
  get files(): readonly InputFile[] {
    return this.ledger.files;
  }
}
