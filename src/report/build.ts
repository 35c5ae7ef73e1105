/**
 * The weekly report as a library call: every analysis its inputs allow, over one pass of the
 * deals (one plan, many steps), as a JSON document and a view for the renderers. Sections
 * whose inputs are missing are left out with a one-line note. Inputs are data the caller has
 * read (readDeals' plan, readReps, readAccounts, the stage history); nothing is read here but
 * the deals.
 */
import { PERIOD_DAYS, comparisonWindow, formatDay, toDateLabel, type NamedPeriod, type Window } from '../model/calendar.js';
import type { ReportSection } from '../model/reportConfig.js';
import type { Account, DayNumber, Rep } from '../model/types.js';
import { defaultRateWindow, type CoverageTargets } from '../metrics/coverage.js';
import { pvf, type PvfResult } from '../metrics/pvf.js';
import { finishForecast } from '../metrics/forecast.js';
import { known } from '../metrics/figure.js';
import { DEFAULT_SEED } from '../metrics/random.js';
import { na } from '../metrics/naReasons.js';
import type { Basis, Scope } from '../metrics/scope.js';
import type { VelocityLevers } from '../metrics/whatIf.js';
import { Grouping, type DealRun } from '../engine/dealRun.js';
import { refuseMixedCurrencies, runMovement, snapshotsOn, type MovementRunOptions } from '../engine/snapshotRun.js';
import type { InputPlan } from '../engine/plan.js';
import type { PlanStep, StepResult } from '../engine/registry.js';
import { runPlan, type RunEnvironment } from '../engine/run.js';
import { inferredStagesNote, type StageInput, type StalledInput } from '../engine/stageInput.js';
import type { InferredStageOrder } from '../model/stageOrder.js';
import type { CoverageStepOptions } from '../engine/steps/coverage.js';
import type { VelocityStepOptions } from '../engine/steps/velocity.js';
import type { WinRateStepOptions } from '../engine/steps/winRate.js';
import { seriesPeriods, type SeriesUnit } from '../model/series.js';
import { accountsOverviewOf, retentionOf, type AccountsInput } from './accountFigures.js';
import { documentHeader, subtitleLines, type InputFileJson } from './document.js';
import { accountsReportOutput } from './sections/accounts.js';
import { coverageOutput } from './sections/coverage.js';
import { forecastOptions, forecastOutput } from './sections/forecast.js';
import { funnelJson, funnelOutput } from './sections/funnel.js';
import { movementReportOutput } from './sections/movement.js';
import { InputLedger } from '../engine/provenance.js';
import { kpi, kpiSection, leverSection, type Kpi } from './sections/headline.js';
import { integrityOutput } from './sections/integrity.js';
import { paretoOutput } from './sections/pareto.js';
import { pvfJson, pvfSection } from './sections/pvf.js';
import { quadrantJson, quadrantOutput, quadrantSources } from './sections/quadrant.js';
import { velocityOutput } from './sections/velocity.js';
import { winRateOutput } from './sections/winRate.js';
import type { DocumentView, SectionView } from './view.js';
import { quotasOf, teamQuotaOf } from '../model/quotas.js';

/** Runs of the forecast's outcome simulation (as `dealmath forecast` by default). */
export const FORECAST_RUNS = 10_000;

/** Metrics --fail-on can name in a report (its KPIs). */
export const REPORT_FAIL_METRICS = ['winRate', 'valueWinRate', 'velocity', 'wonRevenue', 'openPipeline', 'coverage', 'cleanCoverage', 'integrity', 'pvfRatio'] as const;

/** The levers the report's what-if moves unless the config or --what-if says otherwise. */
export const DEFAULT_WHAT_IF = 'n=+10%,value=+10%,win=+10%,cycle=-10%';

export interface ReportRequest {
  /** The deals to read (files, config, mapping, filters, as-of). */
  readonly input: InputPlan;
  readonly asOf: DayNumber;
  /** The KPI window: a period, so that it has a previous one to compare with. */
  readonly period: NamedPeriod;
  readonly basis: Basis;
  readonly minSample: number;
  /** Sections in order. */
  readonly sections: readonly ReportSection[];
  /** Win rates are grouped by this column. */
  readonly by: string;
  readonly title: string;
  readonly levers: VelocityLevers;
  /** Quotas per rep (coverage, PVF target, Pareto of reps), or null. */
  readonly reps: readonly Rep[] | null;
  /** The team target per period when there is no reps file, or null. */
  readonly target: number | null;
  /** The accounts file (quadrants, the accounts section), or null. */
  readonly accounts: { readonly accounts: readonly Account[]; readonly rowsRejected: number; readonly rowsRead?: number } | null;
  /** Stage order and history, when the config lists the stages or they were inferred (funnel, PVF). */
  readonly stage: StageInput | null;
  /** The stage order when it was inferred rather than listed in the config (engine/stageInput.ts withInferredStages): said in the warnings, never used silently. */
  readonly inferredStages?: InferredStageOrder | null | undefined;
  /** The stalled rule's input, when a stage history is given. */
  readonly stalled: StalledInput | null;
  /** `--every`: trends of win rates, velocity and coverage over the period's weeks, months or quarters. */
  readonly every?: SeriesUnit | undefined;
  /** Snapshots of the pipeline (io/readSnapshots.ts snapshotSpecs) for the movement section; absent or null: none. */
  readonly snapshots?: MovementRunOptions['specs'] | null | undefined;
  /** When the report is made (default: now), and the files read besides the deals (provenance). */
  readonly generatedAt?: Date;
  readonly otherInputs?: readonly InputFileJson[];
}

export interface Report {
  readonly run: DealRun;
  readonly kpis: Readonly<Record<string, Kpi>>;
  readonly warnings: readonly string[];
  readonly json: Record<string, unknown>;
  readonly view: () => DocumentView;
}

export async function buildReport(request: ReportRequest, environment?: RunEnvironment): Promise<Report> {
  const { input, asOf, period, minSample } = request;
  const config = input.config;
  const wants = (section: ReportSection): boolean => request.sections.includes(section);
  const scope: Scope = { asOf, window: period, basis: request.basis };
  // Like for like: period to date against the previous period to the same day; the whole
  // previous period only as a labelled second figure.
  const comparison = comparisonWindow(period, asOf, config.fiscalYearStartMonth);
  const previous = comparison.window;
  // A past window is analysed as of its own end: a deal closed after it was still open then.
  const asAt = (window: Window): Scope => ({ asOf: Math.min(asOf, window.to), window, basis: request.basis });
  const rates = (ratesScope: Scope, by: readonly string[]) => ({ scope: ratesScope, open: { kind: 'exclude' as const }, minSample, by });
  const { reps, target: teamTarget } = request;
  const targets: CoverageTargets | null = reps !== null ? { kind: 'reps', quotas: quotasOf(reps) } : teamTarget !== null ? { kind: 'team', amount: teamTarget } : null;
  const targetAmount = reps !== null ? teamQuotaOf(reps) : teamTarget;
  const rateWindow = defaultRateWindow(period);
  const money = { decimal: config.decimal ?? '.', converts: config.currency !== undefined } as const;
  const paretoOf = (by: string, extraEntities?: readonly string[]) => ({ scope, by, measure: 'won', threshold: 0.8, profile: null, ...money, ...(extraEntities === undefined ? {} : { extraEntities }) });
  const accounts = request.accounts !== null && wants('quadrants') ? request.accounts : null;
  const sources = accounts === null ? null : quadrantSources(config, accounts.accounts, 'available');

  // The accounts section: the period to date against the previous period to the same day (as retention's P2 and P1).
  const accountPeriods = { current: comparison.toDate ? { from: period.from, to: asOf, label: toDateLabel(period) } : period, previous: previous };
  const accountsInput: AccountsInput | null = request.accounts === null ? null : { accounts: request.accounts.accounts, rowsRejected: request.accounts.rowsRejected, rowsRead: request.accounts.rowsRead ?? request.accounts.accounts.length + request.accounts.rowsRejected };

  const winOptions = rates(scope, [request.by]);
  const beforeOptions = rates(asAt(previous), []);
  const wholeOptions = rates(asAt(comparison.whole), []);
  // The whole previous period as it stood at its end (point in time, as the to-date comparison is read), in the same fold pass.
  const velocityOptions = { scope, n: 'open' as const, compareScope: asAt(previous), wholeScope: comparison.toDate ? asAt(comparison.whole) : null, by: [] };
  const coverageOptions = targets === null ? null : { asOf, period, rateWindow, minSample, targets, prospectRate: config.prospectRate ?? null, staleDays: config.thresholds.staleDays, stalled: request.stalled };
  // Named steps, each present only when its inputs are: the results come back by name.
  const named = {
    winNow: { metric: 'winrate', options: winOptions },
    winBefore: { metric: 'winrate', options: beforeOptions },
    velocity: { metric: 'velocity', options: velocityOptions },
    integrity: { metric: 'integrity', options: { asOf, staleDays: config.thresholds.staleDays, stalled: request.stalled } },
    pipelineBefore: { metric: 'pipelineAt', options: { day: previous.to } },
    paretoReps: wants('pareto-reps') ? { metric: 'pareto', options: paretoOf('owner', reps?.map((rep) => rep.owner)) } : null,
    paretoAccounts: wants('pareto-accounts') ? { metric: 'pareto', options: paretoOf('account') } : null,
    accountRevenue: sources?.currentFromDeals === true ? { metric: 'accountRevenue', options: { asOf } } : null,
    winWhole: comparison.toDate ? { metric: 'winrate', options: wholeOptions } : null,
    pipelineAtWholeEnd: comparison.toDate ? { metric: 'pipelineAt', options: { day: comparison.whole.to } } : null,
    coverage: coverageOptions === null ? null : { metric: 'coverage', options: coverageOptions },
    funnel: request.stage === null ? null : { metric: 'funnel', options: { scope: { ...scope, window: null }, asOf, minSample, stage: request.stage } },
    ...trendSteps(request, winOptions, velocityOptions, coverageOptions),
    accountActivity: wants('accounts') ? { metric: 'accountActivity', options: { scope, ...accountPeriods, asOf, pipelinePeriod: period, productColumn: config.products?.column } } : null,
    periodRevenue: wants('accounts') ? { metric: 'periodRevenue', options: { scope, ...accountPeriods, asOf, by: [] } } : null,
    forecast: wants('forecast') ? { metric: 'forecast', options: { asOf, period, categories: config.forecastCategories, stage: request.stage } } : null,
  } as const satisfies Record<string, PlanStep | null>;
  const { run, results } = await runNamed(input, named, environment);

  const trendOf = <Series>(series: Series | null) => (request.every === undefined || series === null ? null : { unit: request.every, series });
  const winNow = winRateOutput(winOptions, results.winNow, trendOf(results.winTrend));
  const winBefore = winRateOutput(beforeOptions, results.winBefore);
  const winWhole = results.winWhole === null ? null : winRateOutput(wholeOptions, results.winWhole);
  const velocityOut = velocityOutput({ ...velocityOptions, levers: request.levers }, results.velocity, trendOf(results.velocityTrend));
  const { result: velocityNow, compared: velocityBefore } = results.velocity;
  const integrityOut = integrityOutput(results.integrity);
  const coverageOut = coverageOptions === null || results.coverage === null ? null : coverageOutput({ ...coverageOptions, stalledUsed: request.stalled !== null }, results.coverage, trendOf(results.coverageTrend));
  const funnelResult = results.funnel?.funnel ?? null;
  const funnelOut = funnelResult === null || request.stage === null ? null : funnelOutput(funnelResult, request.stage);
  const pvfResult: PvfResult | null =
    funnelResult !== null && funnelResult.available && targetAmount !== null && targetAmount > 0 && funnelResult.stages.some((entry) => entry.dwellN > 0)
      ? pvf(funnelResult, { target: targetAmount, periodDays: PERIOD_DAYS[period.unit], thin: config.thresholds.thin, heavy: config.thresholds.heavy })
      : null;
  // The forecast of the report's period, against the reps' quotas when given; history weights from the funnel of the same pass.
  const forecast = results.forecast === null ? null : finishForecast(results.forecast, forecastOptions({ by: 'owner', reps, funnel: funnelResult, weights: null, runs: FORECAST_RUNS, seed: DEFAULT_SEED }));
  const forecastShown = forecast !== null && forecast.groups.some((row) => row.rollup.openDeals > 0);
  const forecastOut = forecast === null || !forecastShown ? null : forecastOutput(forecast, period, 'owner');
  // Movement reads the snapshots (not the deals): those dated after the as-of date are not seen yet,
  // in dated files or in one file with a snapshot-date column (whose dates are read first).
  const given = request.snapshots ?? [];
  const snapshotInput = { config, preset: input.preset, map: input.map, delimiter: input.delimiter, sheet: input.sheet };
  const { given: snapshotsGiven, known: snapshotsKnown } = wants('movement') ? await snapshotsOn(given, snapshotInput, asOf) : { given: given.length, known: 0 };
  // A single file with no snapshot date at all is read anyway: the reading refuses it, saying why.
  const movementShown = wants('movement') && (snapshotsKnown >= 2 || (snapshotsGiven === 0 && given.length === 1));
  const movementRun = movementShown
    ? await runMovement({ specs: given, input: snapshotInput, grouping: new Grouping([]), where: input.where, window: { named: period }, steps: false, keepDeals: false, asOf, environment })
    : null;
  if (movementRun !== null) refuseMixedCurrencies(movementRun, config);
  const movementOut = movementRun === null ? null : movementReportOutput(movementRun);
  // The snapshots are inputs of the report too: named, counted and hashed beside the others.
  const snapshotInputs = new InputLedger();
  if (movementRun !== null) await snapshotInputs.addSnapshots(movementRun.snapshots);
  const accountsShown = results.accountActivity !== null && results.periodRevenue !== null && (accountsInput !== null || results.accountActivity.activity.accounts.length > 0);
  const accountsOut = (() => {
    if (!accountsShown || results.accountActivity === null || results.periodRevenue === null) return null;
    const { overview, warnings: overviewNotes } = accountsOverviewOf({ config, minSample, currentLabel: accountPeriods.current.label }, accountsInput, null, results.accountActivity);
    const { result: retained, notes: retentionNotes } = retentionOf(results.periodRevenue, accountsInput, null);
    return accountsReportOutput({ overview, retention: retained, ...accountPeriods }, [...new Set([...overviewNotes, ...retentionNotes])]);
  })();
  const paretoReps = results.paretoReps === null ? null : paretoOutput({ title: 'Pareto of reps' }, results.paretoReps);
  const paretoAccounts = results.paretoAccounts === null ? null : paretoOutput({ title: 'Pareto of accounts' }, results.paretoAccounts);
  const quadrants = accounts === null || sources === null ? null : quadrantOutput(config, accounts.accounts, sources, results.accountRevenue);

  const openNow = winNow.json.total.openValue;
  const kpis = {
    winRate: kpi(winNow.json.total.unitWinRate, winBefore.json.total.unitWinRate, winWhole?.json.total.unitWinRate),
    valueWinRate: kpi(winNow.json.total.valueWinRate, winBefore.json.total.valueWinRate, winWhole?.json.total.valueWinRate),
    velocity: kpi(velocityNow.total.perMonth, velocityBefore?.total.perMonth ?? null, results.velocity.whole?.total.perMonth),
    wonRevenue: kpi(known(winNow.json.total.wonValue), winBefore.json.total.wonValue, winWhole?.json.total.wonValue),
    openPipeline: kpi(known(openNow), previous.to < asOf ? results.pipelineBefore : null, results.pipelineAtWholeEnd ?? undefined),
    coverage: kpi(coverageOut?.json.total.coverage ?? na('needs-target'), null),
    cleanCoverage: kpi(coverageOut?.json.total.cleanCoverage ?? na('needs-target', 'short'), null),
    integrity: kpi(integrityOut.json.integrity.integrityScore, null),
    pvfRatio: kpi(pvfResult?.total.ratio ?? na('needs-stage-history'), null),
  };

  // Why a section asked for is left out (null: shown, or not asked for); in the JSON's notes too.
  const stageOrderMissing = 'needs the stage order: list the stages under stages: in the config (none could be inferred from the deals)';
  const stageHistoryMissing = 'needs stage information: a stage history (--history) or a lost_stage column';
  const pvfNeeds = [
    ...(targetAmount === null ? ['a target (--reps or --target)'] : targetAmount > 0 ? [] : ['a target above 0']),
    ...(request.stage === null ? ['the stage order (stages: in the config; none could be inferred from the deals)'] : ['a stage history with time in stage (--history)']),
  ];
  const leftOut: Readonly<Record<'forecast' | 'movement' | 'accounts' | 'funnel' | 'pvf', string | null>> = {
    accounts: wants('accounts') && accountsOut === null ? 'needs an accounts file (--accounts, report.accounts) or an account column in the deals' : null,
    forecast: wants('forecast') && forecastOut === null ? `no open deal is expected to close in ${period.label}` : null,
    movement:
      !wants('movement') || movementOut !== null ? null
      : snapshotsGiven === 0 ? 'needs two or more snapshots of the pipeline (--snapshot DATE=FILE, report.snapshots)'
      : `needs two or more snapshots dated on or before ${formatDay(asOf)} (${snapshotsKnown} of ${snapshotsGiven} are)`,
    // What is truly missing: the order of the stages, or (the order known) a history or lost_stage to place deals in them.
    funnel: !wants('funnel') ? null : funnelOut === null ? stageOrderMissing : funnelOut.sections.length === 0 ? stageHistoryMissing : null,
    pvf: !wants('pvf') || pvfResult !== null ? null : `needs ${pvfNeeds.join(' and ')}`,
  };
  const notes = Object.entries(leftOut).flatMap(([section, why]) => (why === null ? [] : [`${section} left out: ${why}`]));
  const skipped = (title: string, why: string): SectionView => ({ title, tables: [], skipped: `Left out: ${why}.` });
  // The views are built when a renderer asks for them: JSON output never does.
  const built = (): Partial<Record<ReportSection, readonly SectionView[]>> => ({
    kpis: [kpiSection(kpis, period, comparison)],
    winrates: winNow.sections,
    velocity: [...velocityOut.sections, leverSection(velocityNow.total, velocityBefore?.total ?? null)],
    coverage: coverageOut?.sections ?? [skipped('Pipeline coverage', 'needs a target: a reps file with quotas (--reps) or a team target (--target, report.target)')],
    forecast: forecastOut?.sections ?? [skipped('Forecast', leftOut.forecast ?? '')],
    movement: movementOut?.sections ?? [skipped('Pipeline movement', leftOut.movement ?? '')],
    funnel:
      funnelOut === null ? [skipped('Funnel by stage', stageOrderMissing)]
      : funnelOut.sections.length === 0 ? [skipped('Funnel by stage', stageHistoryMissing)]
      : funnelOut.sections,
    pvf: pvfResult !== null ? [pvfSection(pvfResult, period.unit)] : [skipped('Pipeline Value Factor by stage', `needs ${pvfNeeds.join(' and ')}`)],
    'pareto-reps': paretoReps?.sections ?? [],
    'pareto-accounts': paretoAccounts?.sections ?? [],
    accounts: accountsOut?.sections ?? [skipped('Accounts: concentration, churn, white space', leftOut.accounts ?? '')],
    quadrants: quadrants?.sections ?? [skipped('Account quadrants', 'needs an accounts file (--accounts, report.accounts)')],
    integrity: integrityOut.sections,
  });
  const accountWarnings = [...new Set([...(quadrants?.warnings ?? []), ...(accounts !== null && accounts.rowsRejected > 0 ? [`${accounts.rowsRejected} account rows rejected`] : []), ...(accountsOut?.warnings ?? [])])];
  const warnings = [...inferredStagesNote(request.inferredStages ?? null), ...winNow.warnings, ...(coverageOut?.warnings ?? []), ...(forecastOut?.warnings ?? []), ...(movementOut?.warnings ?? []), ...(funnelOut?.warnings ?? []), ...accountWarnings];
  const json = {
    ...documentHeader('report', { asOf, scope, config, ...(request.generatedAt === undefined ? {} : { generatedAt: request.generatedAt }) }, run, warnings, [...(request.otherInputs ?? []), ...snapshotInputs.files]),
    title: request.title,
    period: { label: period.label, from: formatDay(period.from), to: formatDay(period.to) },
    previousPeriod: { label: comparison.whole.label, from: formatDay(comparison.whole.from), to: formatDay(comparison.whole.to) },
    comparison: { label: previous.label, window: { from: formatDay(previous.from), to: formatDay(previous.to) }, toDate: comparison.toDate },
    kpis,
    notes,
    sections: {
      winrate: wants('winrates') ? winNow.json : null,
      velocity: wants('velocity') ? velocityOut.json : null,
      coverage: wants('coverage') ? (coverageOut?.json ?? null) : null,
      forecast: forecastOut?.json ?? null,
      movement: movementOut?.json ?? null,
      funnel: wants('funnel') && funnelResult !== null && funnelResult.available ? funnelJson(funnelResult) : null,
      pvf: wants('pvf') && pvfResult !== null ? pvfJson(pvfResult) : null,
      paretoReps: paretoReps?.json ?? null,
      paretoAccounts: paretoAccounts?.json ?? null,
      quadrants: quadrants === null ? null : quadrantJson(quadrants.json.quadrants),
      accounts: accountsOut?.json ?? null,
      integrity: wants('integrity') ? integrityOut.json.integrity : null,
    },
  };
  const view = (): DocumentView => {
    const views = built();
    return {
      title: request.title,
      subtitle: [...subtitleLines({ asOf, scope }, run), `compared with ${previous.label} (${formatDay(previous.from)} to ${formatDay(previous.to)})${comparison.toDate ? ', like for like' : ''}`],
      sections: request.sections.flatMap((section) => views[section] ?? []),
    };
  };
  return { run, kpis, warnings, json, view };
}

/** The trend steps of `--every` (null without it): win rates and velocity over the period's parts, coverage at the end of each. */
function trendSteps(request: ReportRequest, win: WinRateStepOptions, velocity: VelocityStepOptions, coverage: CoverageStepOptions | null) {
  const periods = request.every === undefined ? null : seriesPeriods(request.period, request.every, request.asOf, request.input.config.fiscalYearStartMonth);
  const series = { asOf: request.asOf, basis: request.basis, periods: periods ?? [] };
  return {
    winTrend: periods === null ? null : ({ metric: 'winrateTrend', options: { ...series, open: win.open, minSample: win.minSample, by: win.by } } as const),
    velocityTrend: periods === null ? null : ({ metric: 'velocityTrend', options: { ...series, n: velocity.n, by: velocity.by } } as const),
    coverageTrend: periods === null || coverage === null ? null : ({ metric: 'coverageTrend', options: { ...coverage, periods } } as const),
  };
}

/** A step's result, or null for a step left out (distributes over `step | null`). */
type ResultOf<Entry> = Entry extends PlanStep ? StepResult<Entry['metric']> : null;
type NamedResults<Named extends Readonly<Record<string, PlanStep | null>>> = { readonly [Name in keyof Named]: ResultOf<Named[Name]> };

/** Runs the steps that are present over one pass, handing the results back by name (null for the absent). */
async function runNamed<const Named extends Readonly<Record<string, PlanStep | null>>>(input: InputPlan, named: Named, environment?: RunEnvironment): Promise<{ run: DealRun; results: NamedResults<Named> }> {
  const present = Object.entries(named).filter((entry): entry is [string, PlanStep] => entry[1] !== null);
  const { run, results } = await runPlan({ input, steps: present.map(([, step]) => step) }, environment);
  const byName: Record<string, unknown> = Object.fromEntries(Object.keys(named).map((name) => [name, null]));
  present.forEach(([name], index) => {
    byName[name] = (results as readonly unknown[])[index];
  });
  return { run, results: byName as NamedResults<Named> };
}
