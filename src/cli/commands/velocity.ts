/**
 * `dealmath velocity FILE...`: how fast revenue flows, N x A x W / L, with what-if and a
 * comparison of two windows.
 */
import { parsePeriod, sameDayComparison } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import type { Scope } from '../../metrics/scope.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { velocityAnalyzer } from '../analyzers/velocity.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import { parseWhatIf } from '../whatIfOption.js';

export interface VelocityFlags extends CommonFlags {
  n?: 'open' | 'closed';
  whatIf?: string;
  compare?: string;
}

/** The command's analysis and analyzer; worker threads rebuild them from the same flags (parallel.ts). */
export async function buildAnalyzers(files: string[], flags: VelocityFlags, terminal: Terminal) {
  const analysis = await prepareAnalysis(files, flags, terminal);
  let compareScope: Scope | null = null;
  if (flags.compare !== undefined) {
    const compareWindow = parsePeriod(flags.compare, analysis.asOf, analysis.config.fiscalYearStartMonth);
    if (compareWindow === null) throw new DealmathError('usage', `--compare "${flags.compare}" is not a period; expected 2026-Q2, 2026-05, 2026, last-quarter...`);
    if (analysis.window === null) throw new DealmathError('usage', '--compare needs a window to compare with (--period or --from/--to)');
    // Period to date compares with the other period to the same day (METRICS.md "Like-for-like comparison").
    const compared = analysis.period === null ? compareWindow : sameDayComparison(analysis.period, compareWindow, analysis.asOf).window;
    compareScope = { asOf: Math.min(analysis.asOf, compared.to), window: compared, basis: analysis.scope.basis };
  }
  const analyzer = velocityAnalyzer(analysis, { basis: flags.n ?? 'open', levers: flags.whatIf === undefined ? null : parseWhatIf(flags.whatIf), compareScope });
  return { analysis, analyzers: [analyzer], analyzer };
}

export async function velocityCommand(files: string[], flags: VelocityFlags, terminal: Terminal): Promise<number> {
  const { analysis, analyzers, analyzer } = await buildAnalyzers(files, flags, terminal);
  const run = await runAnalyzers(analysis, analyzers, { command: 'velocity', files, flags, terminal });
  const output = analyzer.finish(run);
  const json = { ...documentHeader('velocity', analysis, run, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Sales velocity', subtitle: subtitleLines(analysis, run), sections: output.sections }) }, flags, terminal);
  reportRunNotes('velocity', run, output.warnings, terminal);
  return EXIT_OK;
}
