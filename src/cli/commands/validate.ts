/** `dealmath validate FILE...`: every integrity rule the inputs allow, for CI (engine/validateRun,
 * report/sections/validate). Exit 0 clean, 1 errors (or warnings with --strict), 2 could not run. */
import { formatCount } from '../../report/format.js';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../../model/errors.js';
import { loadConfig } from '../../io/loadConfig.js';
import { snapshotSpecsOf, snapshotsThrough } from '../../io/readSnapshots.js';
import { snapshotsLeftOutWarning } from '../../report/sections/snapshotsLeftOut.js';
import { encodingNotes, rejectedOverLimit } from '../../engine/dealRun.js';
import { runValidate } from '../../engine/validateRun.js';
import { InputLedger } from '../../engine/provenance.js';
import { validateOutput } from '../../report/sections/validate.js';
import { generatedAt } from '../../report/document.js';
import { asOfDay, maxRejectedOf, parseMapFlags, withInputFlags, type CommonFlags, type Terminal } from '../context.js';
import { emit } from '../emit.js';
import { parseFailOn, reportBreaches } from '../failOn.js';
import { inputFiles } from '../inputFiles.js';

export interface ValidateFlags extends CommonFlags {
  history?: string;
  strict?: boolean;
  maxFindings?: number;
  failOn?: string;
  snapshot?: string[];
}

/** Metrics `validate --fail-on` can name. */
export const VALIDATE_FAIL_METRICS = ['integrity', 'errors', 'warnings', 'rejected', 'forecast'] as const;

export async function validateCommand(files: string[], flags: ValidateFlags, terminal: Terminal): Promise<number> {
  const loaded = await loadConfig(flags.config, terminal.cwd);
  const config = withInputFlags(loaded.config, flags);
  // --strict fails on any finding, so on any rejected row too: its default limit is 0.
  const maxRejected = maxRejectedOf(flags, config) ?? (flags.strict === true ? { count: 0 } : null);
  const conditions = flags.failOn === undefined ? [] : parseFailOn(flags.failOn, VALIDATE_FAIL_METRICS);
  const asOf = asOfDay(flags, terminal);
  const given = flags.snapshot === undefined ? null : snapshotSpecsOf(flags.snapshot);
  // Snapshots dated after the as-of date were not taken yet on it (METRICS.md "Point in time"): left out, said on stderr.
  const dated = given === null ? null : snapshotsThrough(given, asOf);
  const snapshots = dated === null ? null : dated.kept;
  for (const note of snapshotsLeftOutWarning(asOf, dated?.later.map((spec) => ({ date: spec.date as number })) ?? [])) terminal.stderr.write(`dealmath validate: ${note}\n`);
  // With snapshots and no FILE, the last snapshot is the file validated.
  const last = snapshots?.at(-1);
  const paths = files.length === 0 && last !== undefined && last.date !== null ? [last.file] : inputFiles(files, terminal);
  const maxListed = Math.max(0, flags.maxFindings ?? 1000);
  const input = { files: paths, config, preset: flags.preset, map: parseMapFlags(flags.map), delimiter: flags.delimiter, sheet: flags.sheet, where: [] };
  const ledger = new InputLedger();
  const result = await runValidate({ input, configFile: loaded.file, asOf, history: flags.history, snapshots, maxListed, ledger });
  const { run, errors, warnings, integrity } = result;
  for (const note of encodingNotes(run)) terminal.stderr.write(`dealmath validate: ${note}\n`);
  await emit(validateOutput(result, asOf, generatedAt(terminal.env, terminal.now), config, ledger.files), flags, terminal, { formats: ['table', 'json', 'csv', 'md'] });
  if (result.listed.length < errors + warnings) terminal.stderr.write(`dealmath validate: ${formatCount(errors + warnings - result.listed.length)} more findings counted but not listed (--max-findings ${maxListed})\n`);
  const values = { integrity: integrity.integrityScore, errors: { value: errors }, warnings: { value: warnings }, rejected: { value: run.rowsRejected }, forecast: { value: result.forecastFindings } };
  const breached = reportBreaches('validate', conditions, values, terminal);
  const overLimit = maxRejected === null ? null : rejectedOverLimit(run, maxRejected);
  if (overLimit !== null) terminal.stderr.write(`dealmath validate: ${overLimit}\n`);
  return errors > 0 || (flags.strict === true && warnings > 0) || breached || overLimit !== null ? EXIT_CHECK_FAILED : EXIT_OK;
}
