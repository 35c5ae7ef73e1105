/**
 * `dealmath winrate FILE...`: how often do we win, by count and by value, per group and in total.
 */
import { EXIT_OK } from '../../model/errors.js';
import type { OpenPolicy } from '../../metrics/winRate.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { winRateAnalyzer } from '../analyzers/winRate.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import { normalizeHeader } from '../../model/mapping.js';
import { typeRatio } from '../../metrics/typeRatio.js';
import { typeRatioSection } from '../../report/sections/typeRatio.js';

export interface WinRateFlags extends CommonFlags {
  open?: OpenPolicy;
}

/** The command's analysis and analyzers; worker threads rebuild them from the same flags. */
export async function buildAnalyzers(files: string[], flags: WinRateFlags, terminal: Terminal) {
  const analysis = await prepareAnalysis(files, flags, terminal);
  return { analysis, analyzers: [winRateAnalyzer(analysis, flags.open ?? { kind: 'exclude' })] };
}

export async function winrateCommand(files: string[], flags: WinRateFlags, terminal: Terminal): Promise<number> {
  const { analysis, analyzers } = await buildAnalyzers(files, flags, terminal);
  const [analyzer] = analyzers;
  const run = await runAnalyzers(analysis, analyzers, { command: 'winrate', files, flags, terminal });
  const output = analyzer!.finish(run);
  // `--by type` alone: existing customers' win rate against new business's (issue 17).
  const [byName] = output.json.by;
  const byType = output.json.by.length === 1 && byName !== undefined && normalizeHeader(byName) === 'type';
  const ratio = byType ? typeRatio(output.json.groups.map((group) => ({ type: group.key[byName] ?? '', won: group.won, n: group.n }))) : null;
  const json = { ...documentHeader('winrate', analysis, run, output.warnings), ...output.json, ...(ratio === null ? {} : { typeRatio: ratio }) };
  const sections = () => (ratio === null ? output.sections : [...output.sections, typeRatioSection(ratio)]);
  await emit({ json, view: () => ({ title: 'Win rates', subtitle: subtitleLines(analysis, run), sections: sections() }) }, flags, terminal);
  reportRunNotes('winrate', run, output.warnings, terminal);
  return EXIT_OK;
}
