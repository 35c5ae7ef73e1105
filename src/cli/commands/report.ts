/**
 * `dealmath report FILE...`: every analysis the inputs allow, in one document (HTML, Markdown,
 * JSON or a terminal table), read in a single pass over the deals. Sections whose inputs are
 * missing are left out with a one-line note. `--fail-on` makes it a CI check.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { PERIOD_DAYS, comparisonWindow, formatDay, toDateLabel, type NamedPeriod, type PeriodComparison, type Window } from '../../model/calendar.js';
import { DealmathError, EXIT_CHECK_FAILED, EXIT_OK } from '../../model/errors.js';
import { REPORT_SECTIONS, type ReportSection } from '../../model/reportConfig.js';
import type { Deal } from '../../model/types.js';
import type { CoverageTargets } from '../../metrics/coverage.js';
import type { Scope } from '../../metrics/scope.js';
import type { VelocityResult } from '../../metrics/velocity.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from '../../metrics/exactSum.js';
import { pvf, type PvfResult } from '../../metrics/pvf.js';
import type { WinRateResult } from '../../metrics/winRate.js';
import { loadConfig } from '../../io/loadConfig.js';
import { refuseOutputOverInputs } from '../../io/writeOutput.js';
import { readReps } from '../../io/readReps.js';
import { formatMoney, formatRatio } from '../../report/format.js';
import { renderHtmlDocument } from '../../report/renderers/html.js';
import { signedBarsSvg } from '../../report/svg.js';
import { column, type SectionView } from '../../report/view.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines, type Analysis } from '../analysis.js';
import { runAnalyzers, type Analyzer } from '../analyzers/analyzer.js';
import { coverageAnalyzer } from '../analyzers/coverage.js';
import { funnelAnalyzer, funnelJson } from '../analyzers/funnel.js';
import { integrityAnalyzer } from '../analyzers/integrity.js';
import { pvfJson, pvfSection } from '../analyzers/pvf.js';
import { velocityAnalyzer } from '../analyzers/velocity.js';
import { winRateAnalyzer } from '../analyzers/winRate.js';
import type { CommonFlags, Terminal } from '../context.js';
import { Grouping } from '../dealInput.js';
import { emit } from '../emit.js';
import { breaches, parseFailOn, type FailValue } from '../failOn.js';
import { flagsForWorkers, loadStageInput, stalledCheckFor, type StalledAverages, type StalledCheck } from '../stageInput.js';
import { parseWhatIf } from '../whatIfOption.js';
import { coverageRateWindow } from './coverage.js';
import { extraReportSections, type ExtraSections } from './reportExtras.js';

export interface ReportFlags extends CommonFlags {
  history?: string[];
  accounts?: string[];
  reps?: string;
  target?: number;
  whatIf?: string;
  failOn?: string;
  title?: string;
  /** Not an option: the stalled rule's averages, measured once and handed to worker threads. */
  stalledAverages?: StalledAverages;
}

/** Metrics --fail-on can name in a report. */
export const REPORT_FAIL_METRICS = ['winRate', 'valueWinRate', 'velocity', 'wonRevenue', 'openPipeline', 'coverage', 'cleanCoverage', 'integrity', 'pvfRatio'] as const;

const DEFAULT_WHAT_IF = 'n=+10%,value=+10%,win=+10%,cycle=-10%';

/**
 * Everything the report reads before the deals, and the analyzers the deals feed. Worker threads
 * reading parts of a large deals file rebuild the same analyzers from the same files and flags.
 */
async function buildReport(files: string[], flags: ReportFlags, terminal: Terminal) {
  const loaded = await loadConfig(flags.config, terminal.cwd);
  const { config, file: configFile } = loaded;
  const settings = config.report ?? {};
  const base = configFile === null ? terminal.cwd : dirname(isAbsolute(configFile) ? configFile : join(terminal.cwd, configFile));
  const fromConfig = (paths: readonly string[] | undefined): string[] | undefined => paths?.map((path) => (isAbsolute(path) ? path : join(base, path)));
  const dealFiles = files.length > 0 ? files : (fromConfig(settings.deals) ?? []);
  if (dealFiles.length === 0 && terminal.stdinIsTTY) {
    throw new DealmathError('usage', 'no deals file: give one (dealmath report deals.csv) or list it under report.deals in the config');
  }
  const historyPaths = flags.history ?? fromConfig(settings.history);
  const accountPaths = flags.accounts ?? fromConfig(settings.accounts);
  const repsPath = flags.reps ?? fromConfig(settings.reps === undefined ? undefined : [settings.reps])?.[0];
  // The config may name inputs of its own: --out must not be one of them either.
  if (flags.out !== undefined && flags.out !== '-') {
    await refuseOutputOverInputs(flags.out, [...dealFiles, ...(historyPaths ?? []), ...(accountPaths ?? []), ...(repsPath === undefined ? [] : [repsPath])]);
  }
  const failOn = flags.failOn ?? settings.failOn;
  const conditions = failOn === undefined ? [] : parseFailOn(failOn, REPORT_FAIL_METRICS);
  const levers = parseWhatIf(flags.whatIf ?? settings.whatIf ?? DEFAULT_WHAT_IF);
  const sections: readonly ReportSection[] = settings.sections ?? REPORT_SECTIONS;
  const wants = (section: ReportSection): boolean => sections.includes(section);

  // The KPI window is a period (so it has a previous one to compare with).
  const periodText = flags.period ?? settings.period ?? 'this-quarter';
  const analysis = await prepareAnalysis(dealFiles, { ...flags, period: periodText, by: [] }, terminal, loaded);
  const period = analysis.period as NamedPeriod;
  // Like for like: period to date against the previous period to the same day; the whole
  // previous period only as a labelled second figure.
  const comparison = comparisonWindow(period, analysis.asOf, config.fiscalYearStartMonth);
  const previous = comparison.window;
  // A past window is analysed as of its own end: a deal closed after it was still open then.
  const asAt = (window: Window): Analysis => {
    const scope: Scope = { asOf: Math.min(analysis.asOf, window.to), window, basis: analysis.scope.basis };
    return { ...analysis, scope, asOf: scope.asOf, window };
  };
  const previousAnalysis = asAt(previous);
  const previousScope = previousAnalysis.scope;
  const allTime: Analysis = { ...analysis, scope: { ...analysis.scope, window: null } };
  const by = new Grouping([settings.by ?? 'owner']);

  const reps = repsPath === undefined ? null : await readReps(repsPath, { decimal: config.decimal ?? '.', delimiter: flags.delimiter });
  const teamTarget = flags.target ?? settings.target ?? null;
  const targets: CoverageTargets | null =
    reps !== null ? { kind: 'reps', quotas: new Map(reps.map((rep) => [rep.owner, rep.quota])) } : teamTarget !== null ? { kind: 'team', amount: teamTarget } : null;
  const targetAmount = reps !== null ? reps.reduce((sum, rep) => sum + rep.quota, 0) : teamTarget;

  const stalled = historyPaths === undefined ? undefined : await stalledCheckFor(historyPaths, analysis.input, { asOf: analysis.asOf }, flags.delimiter, flags.stalledAverages);
  const stageOrderKnown = (config.stages ?? []).length > 0;
  const stage = stageOrderKnown ? await loadStageInput(historyPaths, config, { delimiter: flags.delimiter }) : null;

  const winRates = winRateAnalyzer(analysis, { kind: 'exclude' }, by);
  const previousWinRates = winRateAnalyzer(previousAnalysis, { kind: 'exclude' }, new Grouping([]));
  const wholePreviousWinRates = comparison.toDate ? winRateAnalyzer(asAt(comparison.whole), { kind: 'exclude' }, new Grouping([])) : null;
  const velocity = velocityAnalyzer(analysis, { basis: 'open', levers, compareScope: previousScope, grouping: new Grouping([]) });
  const stalledOnce = stalled === undefined ? undefined : rememberLastDeal(stalled);
  const coverage = targets === null ? null : coverageAnalyzer(analysis, { period, rateWindow: coverageRateWindow(period, undefined, undefined, analysis.asOf), targets, prospectRate: config.prospectRate ?? null, stalled: stalledOnce });
  const funnel = stage === null ? null : funnelAnalyzer(allTime, stage);
  const integrity = integrityAnalyzer(analysis, stalledOnce);
  const pipelineBefore = pipelineAt(previous.to);
  const pipelineAtWholeEnd = comparison.toDate ? pipelineAt(comparison.whole.to) : null;
  const extras: ExtraSections = await extraReportSections(analysis, { accounts: accountPaths, reps, wants });
  const analyzers: Analyzer<unknown>[] = [winRates, previousWinRates, velocity, integrity, pipelineBefore, ...extras.analyzers];
  if (wholePreviousWinRates !== null) analyzers.push(wholePreviousWinRates);
  if (pipelineAtWholeEnd !== null) analyzers.push(pipelineAtWholeEnd);
  if (coverage !== null) analyzers.push(coverage);
  if (funnel !== null) analyzers.push(funnel);

  return {
    settings, sections, wants, conditions, period, comparison, analysis, targetAmount, stalled,
    analyzers, winRates, previousWinRates, wholePreviousWinRates, velocity, coverage, funnel, integrity, pipelineBefore, pipelineAtWholeEnd, extras,
  };
}

/** The command's analysis and analyzers, rebuilt in worker threads (see parallel.ts). */
export async function buildAnalyzers(files: string[], flags: ReportFlags, terminal: Terminal) {
  const { analysis, analyzers } = await buildReport(files, flags, terminal);
  return { analysis, analyzers };
}

export async function reportCommand(files: string[], flags: ReportFlags, terminal: Terminal): Promise<number> {
  const report = await buildReport(files, flags, terminal);
  const { settings, sections, wants, conditions, period, comparison, analysis, targetAmount, stalled, analyzers } = report;
  const { winRates, previousWinRates, wholePreviousWinRates, velocity, coverage, funnel, integrity, pipelineBefore, pipelineAtWholeEnd, extras } = report;
  const previous = comparison.window;
  const config = analysis.config;
  const run = await runAnalyzers(analysis, analyzers, { command: 'report', files, flags: flagsForWorkers(flags, stalled), terminal });

  const winNow = winRates.finish(run);
  const winBefore = previousWinRates.finish(run);
  const winWhole = wholePreviousWinRates?.finish(run) ?? null;
  const velocityOut = velocity.finish(run);
  const { result: velocityNow, compared: velocityBefore } = velocity.results();
  const integrityOut = integrity.finish(run);
  const coverageOut = coverage?.finish(run) ?? null;
  const funnelResult = funnel?.result() ?? null;
  const funnelOut = funnel?.finish(run) ?? null;
  const pvfResult: PvfResult | null =
    funnelResult !== null && funnelResult.available && targetAmount !== null && targetAmount > 0 && funnelResult.stages.some((entry) => entry.dwellN > 0)
      ? pvf(funnelResult, { target: targetAmount, periodDays: PERIOD_DAYS[period.unit], thin: config.thresholds.thin, heavy: config.thresholds.heavy })
      : null;
  const extrasOut = extras.finish(run);

  const openNow = winNow.json.total.openValue;
  const kpis = {
    winRate: kpi(winNow.json.total.unitWinRate, winBefore.json.total.unitWinRate, winNow.json.total.unitWinRateReason, winWhole?.json.total.unitWinRate),
    valueWinRate: kpi(winNow.json.total.valueWinRate, winBefore.json.total.valueWinRate, winNow.json.total.valueWinRateReason, winWhole?.json.total.valueWinRate),
    velocity: kpi(velocityNow.total.perMonth, velocityBefore?.total.perMonth ?? null, velocityNow.total.reason),
    wonRevenue: kpi(winNow.json.total.wonValue, winBefore.json.total.wonValue, null, winWhole?.json.total.wonValue),
    openPipeline: kpi(openNow, previous.to < analysis.asOf ? pipelineBefore.value() : null, null, pipelineAtWholeEnd?.value()),
    coverage: kpi(coverageOut?.json.total.coverage ?? null, null, coverageOut === null ? 'needs a target: --reps, --target or report.target' : (coverageOut.json.total.reasons.coverage ?? null)),
    cleanCoverage: kpi(coverageOut?.json.total.cleanCoverage ?? null, null, coverageOut === null ? 'needs a target' : (coverageOut.json.total.reasons.cleanCoverage ?? null)),
    integrity: kpi(integrityOut.json.integrity.integrityScore, null, integrityOut.json.integrity.integrityScoreReason),
    pvfRatio: kpi(pvfResult?.total.ratio ?? null, null, pvfResult === null ? 'needs a stage history and a target' : pvfResult.total.reason),
  };

  const skipped = (title: string, why: string): SectionView => ({ title, tables: [], skipped: `Left out: ${why}.` });
  // The views are built when a renderer asks for them: JSON output never does.
  const built = (): Partial<Record<ReportSection, readonly SectionView[]>> => ({
    kpis: [kpiSection(kpis, period, comparison)],
    winrates: winNow.sections,
    velocity: [...velocityOut.sections, leverSection(velocityNow.total, velocityBefore?.total ?? null)],
    coverage: coverageOut?.sections ?? [skipped('Pipeline coverage', 'needs a target: a reps file with quotas (--reps) or a team target (--target, report.target)')],
    funnel:
      funnelOut === null ? [skipped('Funnel by stage', 'needs the stage order (stages: in the config)')]
      : funnelOut.sections.length === 0 ? [skipped('Funnel by stage', 'needs stage information: a stage history (--history) or a lost_stage column')]
      : funnelOut.sections,
    pvf:
      pvfResult !== null ? [pvfSection(pvfResult, period.unit)]
      : [skipped('Pipeline Value Factor by stage', targetAmount === null ? 'needs a target (--reps or --target) and a stage history (--history)' : 'needs a stage history with time in stage (--history)')],
    ...extrasOut.sections(),
    integrity: integrityOut.sections,
  });
  const warnings = [...winNow.warnings, ...(coverageOut?.warnings ?? []), ...(funnelOut?.warnings ?? []), ...extrasOut.warnings];
  const json = {
    ...documentHeader('report', analysis, run, warnings),
    title: flags.title ?? settings.title ?? 'Pipeline review',
    period: { label: period.label, from: formatDay(period.from), to: formatDay(period.to) },
    previousPeriod: { label: comparison.whole.label, from: formatDay(comparison.whole.from), to: formatDay(comparison.whole.to) },
    comparison: { label: previous.label, window: { from: formatDay(previous.from), to: formatDay(previous.to) }, toDate: comparison.toDate },
    kpis,
    sections: {
      winrate: wants('winrates') ? winNow.json : null,
      velocity: wants('velocity') ? velocityOut.json : null,
      coverage: wants('coverage') ? (coverageOut?.json ?? null) : null,
      funnel: wants('funnel') && funnelResult !== null && funnelResult.available ? funnelJson(funnelResult) : null,
      pvf: wants('pvf') && pvfResult !== null ? pvfJson(pvfResult) : null,
      ...extrasOut.json,
      integrity: wants('integrity') ? integrityOut.json.integrity : null,
    },
  };
  const title = json.title;
  const view = () => {
    const views = built();
    return {
      title,
      subtitle: [...subtitleLines(analysis, run), `compared with ${previous.label} (${formatDay(previous.from)} to ${formatDay(previous.to)})${comparison.toDate ? ', like for like' : ''}`],
      sections: sections.flatMap((section) => views[section] ?? []),
    };
  };
  await emit({ json, view }, flags, terminal, { formats: ['table', 'json', 'md', 'html'], html: (document) => renderHtmlDocument(document) });
  reportRunNotes('report', run, warnings, terminal);
  const breached = breaches(conditions, kpis);
  for (const line of breached) terminal.stderr.write(`dealmath report: fail-on ${line}\n`);
  return breached.length > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
}

interface Kpi extends FailValue {
  readonly value: number | null;
  /** The previous period to the same day (like for like), or all of it when this one is over. */
  readonly previous: number | null;
  /** All of the previous period, when this one is still under way (a labelled second figure). */
  readonly previousWhole?: number | null;
  readonly reason: string | null;
}

function kpi(value: number | null, previous: number | null, reason: string | null, previousWhole?: number | null): Kpi {
  const entry = { value, previous, reason: value === null ? (reason ?? 'n/a') : null };
  return previousWhole === undefined ? entry : { ...entry, previousWhole };
}

/**
 * The stalled check with its last answer kept: integrity and coverage ask about the same deal
 * one after the other, and each answer walks the deal's stage history. Holds one deal.
 */
function rememberLastDeal(check: StalledCheck): StalledCheck {
  let lastDeal: Deal | null = null;
  let lastAnswer: ReturnType<StalledCheck> = null;
  return (deal) => {
    if (deal !== lastDeal) {
      lastAnswer = check(deal);
      lastDeal = deal;
    }
    return lastAnswer;
  };
}

/**
 * Open pipeline value at a past day: deals created by then and not yet closed then (a deal
 * that closed later was still open). Deals created after it, or without dates, are not counted.
 */
function pipelineAt(day: number): Analyzer<null> & { value(): number } {
  // Summed exactly, so the figure does not depend on row order or parts.
  let value = exactSum();
  const wasOpen = (deal: Deal): boolean =>
    deal.created !== null && deal.created <= day && (deal.status === 'open' || (deal.close !== null && deal.close > day));
  return {
    name: 'pipeline-at',
    money: true,
    windowed: false,
    accept: wasOpen,
    add: (deal) => {
      if (deal.amount !== null) addToSum(value, deal.amount);
    },
    value: () => sumValue(value),
    snapshot: () => value,
    absorb: (other) => {
      value = mergeSums(value, other as ExactSum);
    },
    finish: () => ({ json: null, sections: [], warnings: [] }),
  };
}

function kpiSection(kpis: Readonly<Record<string, Kpi>>, period: NamedPeriod, comparison: PeriodComparison): SectionView {
  const rows = [
    { key: 'winRate', label: 'Win rate (count)', kind: 'ratio' as const },
    { key: 'valueWinRate', label: 'Win rate (value)', kind: 'ratio' as const },
    { key: 'velocity', label: 'Velocity per month', kind: 'money' as const },
    { key: 'wonRevenue', label: 'Won revenue', kind: 'money' as const },
    { key: 'openPipeline', label: 'Open pipeline', kind: 'money' as const },
    { key: 'coverage', label: 'Coverage of remaining target', kind: 'multiple' as const },
    { key: 'integrity', label: 'Integrity score', kind: 'ratio' as const },
  ];
  const show = (value: number | null, kind: 'ratio' | 'money' | 'multiple'): string =>
    value === null ? 'n/a' : kind === 'ratio' ? formatRatio(value) : kind === 'money' ? formatMoney(value) : `${value.toFixed(2)}x`;
  const change = (entry: Kpi, kind: 'ratio' | 'money' | 'multiple'): string => {
    if (entry.value === null || entry.previous === null) return '';
    if (kind === 'ratio') return `${entry.value >= entry.previous ? '+' : ''}${((entry.value - entry.previous) * 100).toFixed(1)} pts`;
    if (entry.previous === 0) return '';
    const relative = entry.value / entry.previous - 1;
    return `${relative >= 0 ? '+' : ''}${(relative * 100).toFixed(1)}%`;
  };
  const { window: previous, whole, toDate } = comparison;
  const nowLabel = toDate ? toDateLabel(period) : period.label;
  const beforeLabel = toDate ? `${whole.label} to day ${comparison.elapsedDay}` : previous.label;
  const text = toDate
    ? `${period.label} to ${formatDay(period.from + (comparison.elapsedDay ?? 1) - 1)} against ${whole.label} to ${formatDay(previous.to)} (day ${comparison.elapsedDay} of each)`
    : `${period.label} against ${previous.label}`;
  const wholeColumn = toDate ? [column('whole', `All ${whole.label}`, 'number')] : [];
  return {
    title: 'Headline',
    text: toDate ? [text, `All ${whole.label}: the whole previous period, for reference (open pipeline at its end)`] : [text],
    tables: [
      {
        columns: [column('label', 'KPI'), column('now', nowLabel, 'number'), column('before', beforeLabel, 'number'), column('change', 'Change', 'number'), ...wholeColumn, column('note', 'Note')],
        rows: rows.map(({ key, label, kind }) => {
          const entry = kpis[key] as Kpi;
          const whole = entry.previousWhole === undefined ? '' : show(entry.previousWhole, kind);
          return { label, now: show(entry.value, kind), before: entry.previous === null ? '' : show(entry.previous, kind), change: change(entry, kind), whole, note: entry.reason ?? '' };
        }),
      },
    ],
  };
}

function leverSection(now: VelocityResult, before: VelocityResult | null): SectionView {
  const term = (after: number | null, prior: number | null | undefined, invert = false): number | null =>
    after === null || prior === null || prior === undefined || prior === 0 || after === 0 ? null : invert ? prior / after - 1 : after / prior - 1;
  const bars = [
    { label: 'N open deals', value: term(now.deals, before?.deals) },
    { label: 'A average won deal', value: term(now.averageWonAmount, before?.averageWonAmount) },
    { label: 'W win rate', value: term(now.winRate, before?.winRate) },
    { label: 'L cycle (shorter is better)', value: term(now.cycleDays, before?.cycleDays, true) },
  ];
  return {
    title: 'Velocity levers against the previous period',
    text: ['each lever\'s effect on velocity: a lever up 10% lifts velocity 10% (the cycle works the other way)'],
    svg: signedBarsSvg(bars, 'Velocity levers: change against the previous period', (value) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`),
    tables: [{ columns: [column('label', 'Lever'), column('value', 'Effect on velocity', 'ratio')], rows: bars }],
  };
}
