/** The accounts overview (metrics/accountsOverview.ts) for people: concentration, accounts, plan. */
import { formatDay, type Window } from '../../model/calendar.js';
import type { AccountsOverview } from '../../metrics/accountsOverview.js';
import type { ConcentrationResult } from '../../metrics/concentration.js';
import { formatRatio } from '../format.js';
import { column, type SectionView } from '../view.js';

export interface AccountsViewOptions {
  readonly current: Window;
  readonly previous: Window;
  /** Accounts listed in the table (all are in the JSON and CSV). */
  readonly limit?: number;
}

/** "9 of 86 accounts (10.5%) hold 60% of won revenue; 21 (24.4%) hold 80%". */
export function paretoSentence(result: ConcentrationResult): string {
  const parts = result.pareto.map((statement) =>
    statement.accounts.value === null || statement.accountShare.value === null
      ? `${formatRatio(statement.revenueShare)}: n/a`
      : `${statement.accounts.value} (${formatRatio(statement.accountShare.value)}) hold ${formatRatio(statement.revenueShare)}`,
  );
  if (result.accounts === 0) return 'no account won revenue: no concentration';
  return `of ${result.accounts} accounts with won revenue, ${parts.join('; ')} of it`;
}

export function concentrationSection(result: ConcentrationResult, period: Window): SectionView {
  const top = result.topShares.map((entry) => `top ${entry.k}: ${entry.share.value === null ? 'n/a' : formatRatio(entry.share.value)}`).join(', ');
  return {
    title: 'Revenue concentration',
    text: [
      `won revenue of ${period.label} (${formatDay(period.from)} to ${formatDay(period.to)})`,
      paretoSentence(result),
      `${top}; HHI ${result.hhi.value === null ? 'n/a' : result.hhi.value.toFixed(3)} (sum of squared shares: 1/N when all are equal, 1 for one account)`,
    ],
    tables: [],
  };
}

export function accountsSection(overview: AccountsOverview, options: AccountsViewOptions): SectionView {
  const limit = options.limit ?? 25;
  const accounts = overview.accounts.slice(0, limit);
  const whiteSpace = overview.accounts.filter((account) => account.wonCurrent > 0 && account.whiteSpace.length > 0).slice(0, 5);
  return {
    title: 'Accounts',
    text: [`won now: ${options.current.label}; won before: ${options.previous.label}; open pipeline at the as-of date`],
    tables: [
      {
        columns: [
          column('account', 'Account'),
          column('name', 'Name'),
          column('quadrant', 'Q'),
          column('wonCurrent', 'Won now', 'money'),
          column('wonPrevious', 'Won before', 'money'),
          column('openValue', 'Open pipeline', 'money'),
          column('deals', 'Deals', 'count'),
          column('lastWon', 'Last won'),
          column('products', 'Products', 'count'),
          column('penetration', 'Penetration', 'ratio'),
        ],
        rows: accounts.map((account) => ({
          account: account.account,
          name: account.name ?? '',
          quadrant: account.quadrant ?? '',
          wonCurrent: account.wonCurrent,
          wonPrevious: account.wonPrevious,
          openValue: account.openValue,
          deals: account.deals,
          lastWon: account.lastWon === null ? '' : formatDay(account.lastWon),
          products: account.products.length,
          penetration: account.penetration?.value ?? null,
        })),
        notes: [
          ...(overview.accounts.length > limit ? [`${overview.accounts.length - limit} more accounts in the JSON or CSV output`] : []),
          ...whiteSpace.map((account) => `white space at ${account.name ?? account.account}: ${account.whiteSpace.join(', ')}`),
        ],
      },
    ],
  };
}

export function planSection(overview: AccountsOverview): SectionView | null {
  if (overview.plan === null) return null;
  return {
    title: 'Account plan',
    text: [
      'attainment = won in the period / objective; pipeline = open deals expected to close in the period; required pipeline = gap / value win rate (the account\'s own with enough closed deals, else the team\'s)',
    ],
    tables: [
      {
        columns: [
          column('account', 'Account'),
          column('name', 'Name'),
          column('quadrant', 'Q'),
          column('objective', 'Objective', 'money'),
          column('won', 'Won', 'money'),
          column('attainment', 'Attainment', 'ratio'),
          column('gap', 'Gap', 'money'),
          column('pipeline', 'Pipeline', 'money'),
          column('pipelineGoal', 'Goal', 'money'),
          column('pipelineVsGoal', 'Vs goal', 'ratio'),
          column('valueWinRate', 'Value win rate', 'ratio'),
          column('requiredPipeline', 'Required pipeline', 'money'),
          column('pipelineShortfall', 'Shortfall', 'money'),
          column('penetration', 'Penetration', 'ratio'),
        ],
        rows: overview.plan.map((row) => ({
          account: row.account,
          name: row.name ?? '',
          quadrant: row.quadrant ?? '',
          objective: row.objective,
          won: row.won,
          attainment: row.attainment.value,
          gap: row.gap.value,
          pipeline: row.pipeline,
          pipelineGoal: row.pipelineGoal,
          pipelineVsGoal: row.pipelineVsGoal.value,
          valueWinRate: row.valueWinRate.value,
          requiredPipeline: row.requiredPipeline.value,
          pipelineShortfall: row.pipelineShortfall.value,
          penetration: row.penetration.value,
        })),
        notes: [
          ...overview.plan.filter((row) => row.winRateFrom === 'team').map((row) => `${row.name ?? row.account}: too few closed deals of its own, the team's value win rate is used`),
          ...overview.plan.filter((row) => row.whiteSpace.length > 0).map((row) => `white space at ${row.name ?? row.account}: ${row.whiteSpace.join(', ')}`),
        ],
      },
    ],
  };
}
