/**
 * The files a report reads: the command line's, else the config's `report:` keys (paths relative
 * to the config file). `--out` is refused when it names any of them, the config's included.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { DealmathError } from '../model/errors.js';
import type { ReportSection } from '../model/reportConfig.js';
import type { LoadedConfig } from '../io/loadConfig.js';
import { snapshotSpecs } from '../io/readSnapshots.js';
import { refuseOutputOverInputs } from '../io/writeOutput.js';
import type { Terminal } from './context.js';
import type { Analysis } from './analysis.js';

export interface ReportInputFlags {
  readonly history?: string[] | undefined;
  readonly accounts?: string[] | undefined;
  readonly reps?: string | undefined;
  readonly snapshot?: string[] | undefined;
  readonly out?: string | undefined;
}

export async function reportInputs(files: readonly string[], flags: ReportInputFlags, loaded: LoadedConfig, terminal: Terminal) {
  const settings = loaded.config.report ?? {};
  const base = loaded.file === null ? terminal.cwd : dirname(isAbsolute(loaded.file) ? loaded.file : join(terminal.cwd, loaded.file));
  const fromConfig = (paths: readonly string[] | undefined): string[] | undefined => paths?.map((path) => (isAbsolute(path) ? path : join(base, path)));
  const dealFiles = files.length > 0 ? files : (fromConfig(settings.deals) ?? []);
  if (dealFiles.length === 0 && terminal.stdinIsTTY) throw new DealmathError('usage', 'no deals file: give one (dealmath report deals.csv) or list it under report.deals in the config');
  const historyPaths = flags.history ?? fromConfig(settings.history);
  const accountPaths = flags.accounts ?? fromConfig(settings.accounts);
  const repsPath = flags.reps ?? fromConfig(settings.reps === undefined ? undefined : [settings.reps])?.[0];
  // --snapshot DATE=FILE replaces the config's snapshots (files or folders of dated files).
  const snapshotPaths = flags.snapshot !== undefined ? [] : (fromConfig(settings.snapshots) ?? []);
  const snapshots = flags.snapshot === undefined && snapshotPaths.length === 0 ? null : snapshotSpecs(snapshotPaths, flags.snapshot ?? []);
  // The config may name inputs of its own: --out must not be one of them either.
  if (flags.out !== undefined && flags.out !== '-') await refuseOutputOverInputs(flags.out, [...dealFiles, ...(historyPaths ?? []), ...(accountPaths ?? []), ...(repsPath === undefined ? [] : [repsPath]), ...(snapshots ?? []).map((spec) => spec.file)]);
  return { dealFiles, historyPaths, accountPaths, repsPath, snapshots };
}


/**
 * What the report reads besides the deals: quotas, accounts (when quadrants are shown), the stage
 * history and the stalled rule's pre-pass; read through the analysis, which records each file.
 */
export async function readReportInputs(
  paths: { readonly historyPaths: string[] | undefined; readonly accountPaths: string[] | undefined; readonly repsPath: string | undefined },
  analysis: Pick<Analysis, 'input' | 'asOf' | 'inputs'>,
  sections: readonly ReportSection[],
) {
  const { input, asOf, inputs } = analysis;
  const { config } = input;
  const stage = (config.stages ?? []).length > 0 ? await inputs.stage(paths.historyPaths, config) : null;
  return {
    reps: paths.repsPath === undefined ? null : await inputs.reps(paths.repsPath),
    accounts: paths.accountPaths === undefined || !(sections.includes('quadrants') || sections.includes('accounts')) ? null : await inputs.accounts(paths.accountPaths),
    stage,
    // The stalled rule reads the same history: the one index serves both (read twice, it was held twice).
    stalled: paths.historyPaths === undefined ? null : await inputs.stalled(paths.historyPaths, input, asOf, stage?.source === 'history' ? stage : undefined),
  };
}
