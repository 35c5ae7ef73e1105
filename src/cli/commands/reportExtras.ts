/** Report sections from the who-and-where analyses (Pareto of reps and accounts, account quadrants). */
import type { ReportSection } from '../../model/reportConfig.js';
import type { Rep } from '../../model/types.js';
import type { SectionView } from '../../report/view.js';
import type { Analysis } from '../analysis.js';
import type { Analyzer } from '../analyzers/analyzer.js';
import type { DealRun } from '../dealInput.js';

export interface ExtraSections {
  readonly analyzers: readonly Analyzer<unknown>[];
  finish(run: DealRun): { sections: Partial<Record<ReportSection, readonly SectionView[]>>; json: Record<string, unknown>; warnings: readonly string[] };
}

export async function extraReportSections(
  _analysis: Analysis,
  _inputs: { accounts: readonly string[] | undefined; reps: readonly Rep[] | null; wants: (section: ReportSection) => boolean },
): Promise<ExtraSections> {
  return { analyzers: [], finish: () => ({ sections: {}, json: {}, warnings: [] }) };
}
