/** The accounts overview (metrics/accountsOverview.ts) for people: concentration, accounts, plan. */
import { formatDay, type Window } from '../../model/calendar.js';
import type { AccountJoin } from '../../model/accountJoin.js';
import type { RetentionPeriods } from '../../model/retentionPeriods.js';
import type { AccountsOverview } from '../../metrics/accountsOverview.js';
import type { DealRun } from '../../engine/dealRun.js';
import { documentHeader, subtitleLines, type DocumentScope } from '../document.js';
import type { ConcentrationResult } from '../../metrics/concentration.js';
import { formatCount, formatRatio } from '../format.js';
import type { RetentionResult } from '../../metrics/retention.js';
import { column, type SectionView, type TableView } from '../view.js';
import { metricOutput } from './output.js';

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
  return `of ${formatCount(result.accounts)} accounts with won revenue, ${parts.join('; ')} of it`;
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

/**
 * The accounts command's document: the common header, the two periods, concentration, every
 * account (its last won date as a day), the plan and the account join; the view is concentration,
 * the accounts table and, with a plan, the plan. `overview`, `warnings` and `join` are
 * accountsOverviewOf's.
 */
export function accountsDocument(overview: AccountsOverview, periods: RetentionPeriods, join: AccountJoin | null, analysis: DocumentScope, run: DealRun, warnings: readonly string[]) {
  const window = (w: Window) => ({ from: formatDay(w.from), to: formatDay(w.to), label: w.label });
  const json = {
    ...documentHeader('accounts', analysis, run, warnings),
    periods: { current: window(periods.current), previous: { ...window(periods.previous), toDate: periods.toDate } },
    concentration: overview.concentration,
    teamValueWinRate: overview.teamValueWinRate,
    accounts: overview.accounts.map((account) => ({ ...account, lastWon: account.lastWon === null ? null : formatDay(account.lastWon) })),
    plan: overview.plan,
    accountJoin: join === null ? null : { normalizedMatches: join.normalizedMatches, unmatched: join.unmatched },
  };
  const sections = () => [concentrationSection(overview.concentration, periods.current), accountsSection(overview, periods), ...[planSection(overview)].filter((section) => section !== null)];
  return { json, view: () => ({ title: 'Accounts', subtitle: subtitleLines(analysis, run), sections: sections() }), warnings };
}

/** Churned accounts and accounts with white space the weekly report lists (all are counted). */
export const REPORT_TOP_ACCOUNTS = 5;

export interface AccountsReportInput {
  readonly overview: AccountsOverview;
  readonly retention: RetentionResult;
  /** The period to date and the previous one to the same day (retention's P2 and P1). */
  readonly current: Window;
  readonly previous: Window;
}

/**
 * The weekly report's accounts section: concentration of the period's won revenue (the Pareto
 * statement at 60% and 80%, HHI), the accounts that churned (won in the previous period to the
 * same day, nothing in this one), and the largest accounts of the period with white space.
 */
export function accountsReportOutput(input: AccountsReportInput, warnings: readonly string[]) {
  const { overview, retention, current, previous } = input;
  const whiteSpace = overview.accounts.filter((account) => account.wonCurrent > 0 && account.whiteSpace.length > 0);
  const churned = retention.churnedAccounts;
  const window = (w: Window) => ({ from: formatDay(w.from), to: formatDay(w.to), label: w.label });
  const json = {
    periods: { current: window(current), previous: window(previous) },
    concentration: overview.concentration,
    churn: { accountsStart: retention.total.accountsStart, churned: retention.total.churned, logoRetention: retention.total.logoRetention, grr: retention.total.grr, accounts: churned },
    whiteSpace: {
      accounts: whiteSpace.length,
      top: whiteSpace.slice(0, REPORT_TOP_ACCOUNTS).map((account) => ({ account: account.account, name: account.name, quadrant: account.quadrant, wonCurrent: account.wonCurrent, penetration: account.penetration, whiteSpace: account.whiteSpace })),
    },
  };
  return metricOutput({ json, warnings: [...warnings] }, () => accountsReportSections(input, whiteSpace));
}

function accountsReportSections(input: AccountsReportInput, whiteSpace: AccountsOverview['accounts']): SectionView[] {
  const { overview, retention, current, previous } = input;
  const churned = retention.churnedAccounts;
  const concentration = concentrationSection(overview.concentration, current);
  const churnText =
    retention.total.accountsStart === 0
      ? `no account won revenue in ${previous.label}: no churn to measure`
      : `${formatCount(retention.total.churned)} of ${formatCount(retention.total.accountsStart)} accounts that won revenue in ${previous.label} (${formatDay(previous.from)} to ${formatDay(previous.to)}) won none in ${current.label}`;
  const tables: TableView[] = [];
  if (churned.length > 0) {
    tables.push({
      title: `Churned accounts${churned.length > REPORT_TOP_ACCOUNTS ? ` (top ${REPORT_TOP_ACCOUNTS} of ${formatCount(churned.length)} by revenue before; dealmath retention lists all)` : ''}`,
      columns: [column('account', 'Account'), column('name', 'Name'), column('owner', 'Owner'), column('previous', 'Won before', 'money')],
      rows: churned.slice(0, REPORT_TOP_ACCOUNTS).map((account) => ({ account: account.account, name: account.name ?? '', owner: account.owner ?? '', previous: account.previousRevenue })),
    });
  }
  if (whiteSpace.length > 0) {
    tables.push({
      title: `White space${whiteSpace.length > REPORT_TOP_ACCOUNTS ? ` (the ${REPORT_TOP_ACCOUNTS} accounts with most won revenue of ${formatCount(whiteSpace.length)} with white space; dealmath accounts lists all)` : ''}`,
      columns: [column('account', 'Account'), column('name', 'Name'), column('quadrant', 'Q'), column('wonCurrent', 'Won now', 'money'), column('penetration', 'Penetration', 'ratio'), column('whiteSpace', 'Not yet bought')],
      rows: whiteSpace.slice(0, REPORT_TOP_ACCOUNTS).map((account) => ({
        account: account.account,
        name: account.name ?? '',
        quadrant: account.quadrant ?? '',
        wonCurrent: account.wonCurrent,
        penetration: account.penetration?.value ?? null,
        whiteSpace: account.whiteSpace.join(', '),
      })),
    });
  }
  return [{ title: 'Accounts: concentration, churn, white space', text: [...(concentration.text ?? []), churnText], tables }];
}
