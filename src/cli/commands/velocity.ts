/**
 * `dealmath velocity FILE...`: how fast revenue flows, N x A x W / L, with what-if and a
 * comparison of two windows.
 */
import { parsePeriod, sameDayComparison } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import type { Scope } from '../../metrics/scope.js';
import type { VelocityLevers } from '../../metrics/whatIf.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { velocityAnalyzer } from '../analyzers/velocity.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';

export interface VelocityFlags extends CommonFlags {
  n?: 'open' | 'closed';
  whatIf?: string;
  compare?: string;
}

const LEVER_NAMES: Readonly<Record<string, keyof VelocityLevers>> = {
  n: 'deals', deals: 'deals', opportunities: 'deals',
  value: 'value', a: 'value', amount: 'value',
  win: 'winRate', w: 'winRate', winrate: 'winRate',
  cycle: 'cycle', l: 'cycle', length: 'cycle',
};

/** `n=+10%,value=+10%,win=+10%,cycle=-10%` -> relative lever changes. */
export function parseWhatIf(text: string): VelocityLevers {
  const levers: Record<string, number> = {};
  for (const part of text.split(',').map((piece) => piece.trim()).filter((piece) => piece !== '')) {
    const match = /^([a-z]+)\s*=\s*([+-]?\d+(?:\.\d+)?)(%?)$/i.exec(part);
    const lever = match ? LEVER_NAMES[(match[1] ?? '').toLowerCase()] : undefined;
    if (!match || lever === undefined) {
      throw new DealmathError('usage', `--what-if "${part}": expected LEVER=+10% with LEVER one of n, value, win, cycle`);
    }
    const change = Number(match[2]) / (match[3] === '%' ? 100 : 1);
    if (change <= -1 && lever === 'cycle') throw new DealmathError('usage', `--what-if "${part}": a cycle cannot shrink by 100% or more`);
    if (change < -1) throw new DealmathError('usage', `--what-if "${part}": a lever cannot fall by more than 100%`);
    levers[lever] = change;
  }
  return levers as VelocityLevers;
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
