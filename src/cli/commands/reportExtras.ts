/** Report sections from the who-and-where analyses: Pareto of reps and of accounts, account quadrants. */
import type { ReportSection } from '../../model/reportConfig.js';
import type { Rep } from '../../model/types.js';
import { readAccounts } from '../../io/readAccounts.js';
import type { SectionView } from '../../report/view.js';
import type { Analysis } from '../analysis.js';
import type { Analyzer } from '../analyzers/analyzer.js';
import { paretoAnalyzer } from '../analyzers/pareto.js';
import { quadrantAnalyzer, quadrantJson } from '../analyzers/quadrant.js';
import type { DealRun } from '../dealInput.js';

export interface ExtraSections {
  readonly analyzers: readonly Analyzer<unknown>[];
  /** `sections` builds the views when called (only table, Markdown and HTML output do). */
  finish(run: DealRun): { sections: () => Partial<Record<ReportSection, readonly SectionView[]>>; json: Record<string, unknown>; warnings: readonly string[] };
}

export async function extraReportSections(
  analysis: Analysis,
  inputs: { accounts: readonly string[] | undefined; reps: readonly Rep[] | null; wants: (section: ReportSection) => boolean },
): Promise<ExtraSections> {
  const paretoReps = inputs.wants('pareto-reps')
    ? paretoAnalyzer(analysis, { by: 'owner', measure: 'won', threshold: 0.8, profile: null, title: 'Pareto of reps', ...(inputs.reps === null ? {} : { extraEntities: inputs.reps.map((rep) => rep.owner) }) })
    : null;
  const paretoAccounts = inputs.wants('pareto-accounts') ? paretoAnalyzer(analysis, { by: 'account', measure: 'won', threshold: 0.8, profile: null, title: 'Pareto of accounts' }) : null;
  const accounts = inputs.accounts === undefined || !inputs.wants('quadrants') ? null : await readAccounts(inputs.accounts, { decimal: analysis.config.decimal ?? '.' });
  const quadrant = accounts === null ? null : quadrantAnalyzer(analysis, accounts.accounts, true);
  const analyzers = [paretoReps, paretoAccounts, quadrant].filter((analyzer): analyzer is NonNullable<typeof analyzer> => analyzer !== null);
  return {
    analyzers,
    finish(run) {
      const reps = paretoReps?.finish(run) ?? null;
      const byAccount = paretoAccounts?.finish(run) ?? null;
      const quadrants = quadrant?.finish(run) ?? null;
      const skipped = (title: string, why: string): SectionView => ({ title, tables: [], skipped: `Left out: ${why}.` });
      return {
        sections: () => ({
          'pareto-reps': reps?.sections ?? [],
          'pareto-accounts': byAccount?.sections ?? [],
          quadrants: quadrants?.sections ?? [skipped('Account quadrants', 'needs an accounts file (--accounts, report.accounts)')],
        }),
        json: {
          paretoReps: reps?.json ?? null,
          paretoAccounts: byAccount?.json ?? null,
          quadrants: quadrants === null ? null : quadrantJson(quadrants.json.quadrants),
        },
        warnings: [...(quadrants?.warnings ?? []), ...(accounts !== null && accounts.rowsRejected > 0 ? [`${accounts.rowsRejected} account rows rejected`] : [])],
      };
    },
  };
}
