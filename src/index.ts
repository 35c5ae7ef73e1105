/**
 * dealmath as a library: typed records, parsers and readers, the metrics as pure folds, the
 * engine that runs a plan of them over files (in parts on worker threads when large), their
 * views, the weekly report and the renderers: what the command line does, without it.
 * Nothing here imports the CLI. See README "Library".
 */

// Records, config, calendar
export type { Account, Deal, DealField, DealStatus, DayNumber, RecordSource, Rep, StageEntry } from './model/types.js';
export { DEAL_FIELDS } from './model/types.js';
export { DEFAULT_CONFIG, configSchema, lostLabels, openStages, parseConfig, wonLabels, type Config, type ConfigInput } from './model/config.js';
export {
  PERIOD_DAYS,
  comparisonWindow,
  dayFromParts,
  explicitWindow,
  formatDay,
  isInWindow,
  parseIsoDay,
  parsePeriod,
  partsFromDay,
  periodContaining,
  previousPeriod,
  sameDayComparison,
  toDateLabel,
  windowDays,
  type NamedPeriod,
  type PeriodComparison,
  type PeriodUnit,
  type Window,
} from './model/calendar.js';
export { retentionPeriods, retentionSeriesPeriods, type PeriodChoice, type RetentionPeriods } from './model/retentionPeriods.js';
export { MAX_SERIES_PERIODS, SERIES_UNITS, isoWeekContaining, seriesPeriods, type SeriesPeriod, type SeriesUnit } from './model/series.js';
export { DealmathError, EXIT_CANNOT_RUN, EXIT_CHECK_FAILED, EXIT_OK, type ErrorCode, type ErrorLocation } from './model/errors.js';
export { ERROR_RULES, WARNING_RULES, type Finding, type Rule, type Severity, type ErrorRule, type WarningRule } from './model/findings.js';
export { PRESETS, detectPreset, mapColumns, normalizeHeader, stageMeaning, type ColumnMapping, type Preset, type StageMeaning } from './model/mapping.js';
export { inferColumns, type ColumnGuess, type ColumnInference, type Confidence, type Undecided, type InferOptions } from './model/columnInference.js';
export { STANDARD_PIPELINES, inferStageOrder, type InferredStageOrder, type StageSighting } from './model/stageOrder.js';
export {
  INVALID,
  MAX_AMOUNT,
  parseAmount,
  parseBoolean,
  parseDate,
  parseProbability,
  type DateOrder,
  type ProbabilityScale,
  type DecimalSeparator,
  type Invalid,
  type ParsedAmount,
} from './model/values.js';
export { createDealReader, sniffFormats, type ColumnFormats, type DateField, type DealReaderOptions, type FormatDecisions, type ReadDeal } from './model/dealReader.js';
export {
  DEFAULT_FORECAST_CATEGORIES,
  FORECAST_CATEGORY_KINDS,
  forecastCategoryLabels,
  forecastCategoryOf,
  type ForecastCategoryKind,
  type ForecastCategoryLabels,
  type ForecastCategoriesConfig,
} from './model/forecastCategories.js';
export { stageOrderOf, wideHistoryOf, findWideStageColumns, type StageOrder, type WideEntryOptions, type WideStageColumn, type WideStageColumns } from './model/stageHistory.js';
export { packedHistoryLookup, packedHistoryMap, MAX_HISTORY_ENTRIES, type PackedHistory, type PackedHistoryLookup } from './model/packedHistory.js';
export {
  accountJoinNotes,
  joinAccounts,
  normalizeAccountName,
  type AccountJoin,
  type AccountKeyMatch,
  type AccountMatchRule,
  type AccountRef,
  type KeyedAmount,
  type UnmatchedAccountKey,
} from './model/accountJoin.js';
export { DEAL_TYPES, DEFAULT_DEAL_TYPE_LABELS, dealTypeLookup, dealTypeOf, isExistingCustomerType, type DealType, type DealTypeLabels } from './model/dealType.js';
export { accountPlanSchema, parseAccountPlan, type AccountPlan, type AccountPlanEntry } from './model/accountPlan.js';

// Reading files (streams; CSV is never read whole)
export { openTable, LIMITS, type RawRow, type Table, type Newline, type OpenTableOptions, type TableStats } from './io/table.js';
export { readDeals, type DealInputOptions, type DealSink, type ReadSummary, type FileSummary } from './io/readDeals.js';
export { readHistory, readHistoryIndex, type HistoryColumn, type HistoryFileSummary, type HistoryInputOptions, type HistoryReadSummary, type HistorySink } from './io/readHistory.js';
export { readReps } from './io/readReps.js';
export { readAccounts, type AccountsRead, type ReadAccountsOptions } from './io/readAccounts.js';
export {
  dateInFileName,
  readSnapshots,
  snapshotDatesOf,
  snapshotSpecs,
  snapshotSpecsOf,
  snapshotsThrough,
  type SnapshotHandlers,
  type SnapshotRead,
  type SnapshotSpec,
  type SnapshotsOptions,
  type KeptFile,
  type RejectedSides,
} from './io/readSnapshots.js';
export { readPlan } from './io/readPlan.js';
export { loadConfig, type LoadedConfig } from './io/loadConfig.js';

// Metrics: folds and pure functions
export { known, notAvailable, notAvailableBecause, reasonText, valueOr, type Figure, type NaReason } from './metrics/figure.js';
export { NA_REASONS, na, naReason, type NaCode, type Arguments as NaReasonArguments } from './metrics/naReasons.js';
export { groupedFold, runFold, type Fold, type Grouped, type GroupedResult } from './metrics/fold.js';
export { NumberReader, NumberWriter, isPackedState, type PackedState, type StateCodec } from './metrics/packedState.js';
export { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './metrics/exactSum.js';
export { compareNames, orderGroups, orderNames } from './metrics/humanOrder.js';
export { orderValues, periodSpan, type PeriodSpan } from './metrics/periodOrder.js';
export { closedInWindow, cycleDaysOf, dealAt, dimensionValue, inScope, openAtAsOf, openWorkedInWindow, type Basis, type Scope } from './metrics/scope.js';
export { WILSON_Z_95, wilsonInterval, type WilsonInterval } from './metrics/wilson.js';
export { winRateFold, type OpenPolicy, type WinRateOptions, type WinRateResult, type AgeBucket, type WinRateState } from './metrics/winRate.js';
export { velocityFold, type VelocityOptions, type VelocityResult, type VelocityState } from './metrics/velocity.js';
export { whatIf, type VelocityLevers, type WhatIfResult } from './metrics/whatIf.js';
export { velocityChange, type VelocityChangeResult, type LeverValues } from './metrics/velocityChange.js';
export {
  coverageFold,
  defaultRateWindow,
  type CoverageOptions,
  type CoverageResult,
  type CoverageRow,
  type CoverageTargets,
  type CoverageCell,
  type CoverageGrouping,
  type CoverageKey,
  type CoverageState,
  type CoverageTeam,
  type UnmatchedName,
} from './metrics/coverage.js';
export { stageJourneyOf, type HistoryLookup, type StageJourney, type CurrentStage, type ReachBasis } from './metrics/stageJourney.js';
export { funnelFold, type FunnelAvailable, type FunnelResult, type FunnelStage, type FunnelOptions, type FunnelState, type FunnelUnavailable } from './metrics/funnel.js';
export { stageDwellFold, averageDwellByStage, type StageDwellResult, type StageDwell, type StageDwellOptions, type StageDwellState } from './metrics/stageDwell.js';
export { pvf, type PvfOptions, type PvfResult, type PvfStage, type PvfInput, type PvfStageInput, type PvfStatus } from './metrics/pvf.js';
export { isStalled, stalledDays, type StalledDays, type StalledOptions } from './metrics/stalled.js';
export {
  entityStatsFold,
  pareto,
  type EntityStats,
  type EntityStatsResult,
  type ParetoMeasure,
  type ParetoOptions,
  type ParetoProfile,
  type ParetoResult,
  type DimensionCounts,
  type DimensionMix,
  type EntityAccumulator,
  type EntityStatsOptions,
  type EntityStatsState,
  type ParetoCurvePoint,
  type ProfileMix,
  type ValueCount,
} from './metrics/pareto.js';
export { gini, type GiniResult } from './metrics/gini.js';
export {
  repLeversFold,
  scorecard,
  type RepLevers,
  type ScorecardOptions,
  type ScorecardRep,
  type ScorecardResult,
  type MutableLevers,
  type RepLeversState,
  type ScorecardPercentiles,
} from './metrics/scorecard.js';
export {
  QUADRANT_ACTIONS,
  accountInputs,
  accountRevenueFold,
  quadrants,
  type AccountInput,
  type AccountRevenue,
  type AccountSources,
  type QuadrantAccount,
  type QuadrantLetter,
  type QuadrantOptions,
  type QuadrantResult,
  type ThresholdSpec,
  type AccountRevenueState,
  type CurrentSource,
  type FutureSource,
  type QuadrantTotals,
} from './metrics/quadrant.js';
export { addLeverCounts, countDeal, emptyLeverCounts, type LeverCounts, type MutableLeverCounts } from './metrics/leverCounts.js';
export {
  forecastPlace,
  forecastRollupFold,
  type ForecastPlace,
  type ForecastRollup,
  type ForecastRollupOptions,
  type ForecastRollupState,
  type RollupBucket,
  type RollupCell,
} from './metrics/forecastRollup.js';
export {
  WEIGHT_METHODS,
  weightedPipelineFold,
  type WeightMethod,
  type WeightedDeal,
  type WeightedFigure,
  type WeightedPipeline,
  type WeightedPipelineOptions,
  type WeightedCategory,
  type WeightedMethodState,
  type WeightedPipelineState,
} from './metrics/weightedPipeline.js';
export { exactOutcomes, simulateOutcomes, summarizeOutcomes, toCents, type OutcomeDeal, type OutcomeOptions, type OutcomePoint, type OutcomeSimulation, type OutcomeSummary } from './metrics/outcomeDistribution.js';
export { DEFAULT_SEED, mulberry32, nextUint32, randomState, type RandomState } from './metrics/random.js';
export { ACCURACY_METHODS, forecastError, methodAccuracy, mostAccurate, type AccuracyMethod, type ForecastError, type ForecastOutcome, type MethodAccuracy } from './metrics/forecastAccuracy.js';
export { WEIGHTED_CATEGORIES, forecastHistory, type ForecastHistory, type ForecastHistoryAccumulator, type ForecastHistoryOptions, type HistoryDeal, type SnapshotForecast } from './metrics/forecastHistory.js';
export { backtestAccuracy, type BacktestForecast, type BacktestGroup, type BacktestResult, type BacktestSnapshot } from './metrics/backtest.js';
export { runForecast, type ForecastRequest, type ForecastRun } from './report/forecastRun.js';
export { InputLedger, type FileRead, type InputFile, type InputRole } from './engine/provenance.js';
export { accuracyJson, accuracySections, backtestDocument, backtestOutput, snapshotDocument, type SnapshotRows } from './report/sections/forecastAccuracy.js';
export { categoryWeightsOf, runForecastSnapshots, type ForecastSnapshotsOptions, type ForecastSnapshotsRun } from './engine/forecastSnapshots.js';
export {
  QUOTA_MEASURES,
  finishForecast,
  forecastFold,
  forecastGroupOf,
  type ForecastBy,
  type ForecastOptions,
  type ForecastRep,
  type ForecastResult,
  type ForecastRow,
  type ForecastSimulation,
  type ForecastState,
  type QuotaMeasure,
  type ForecastFoldOptions,
  type ForecastOwnerState,
  type OpenDeals,
} from './metrics/forecast.js';
export {
  ADDING_BUCKETS,
  MOVEMENT_BUCKETS,
  SUBTRACTING_BUCKETS,
  bucketOf,
  movementFold,
  movementState,
  type BucketedPair,
  type DealPair,
  type MovementBucket,
  type MovementDeal,
  type MovementOptions,
  type MovementResult,
  type MovementState,
  type MovementTotals,
  type MovementWindow,
  type SnapshotDeal,
  type Counted as MovementCounted,
  type MovementFoldState,
} from './metrics/movement.js';
export { slippageFold, type DealSlippage, type SlippageFigures, type SlippageResult, type DealSlip, type IndexedSlip, type SlippageState } from './metrics/slippage.js';
export { typeRatio, type TypeCounts, type TypeRatioResult, type TypeSide } from './metrics/typeRatio.js';
export {
  accountPeriodRevenueFold,
  mergeByAccount,
  periodOf,
  retention,
  type AccountPeriodRevenue,
  type ChurnedAccount,
  type PeriodRevenue,
  type PeriodRevenueOptions,
  type RetentionResult,
  type RetentionTotals,
  type AccountState,
  type Latest as RetentionLatest,
  type PeriodRevenueState,
} from './metrics/retention.js';
export { CONCENTRATION_TOP_K, PARETO_SHARES, concentration, type ConcentrationResult, type ParetoStatement } from './metrics/concentration.js';
export { penetration, type PenetrationResult } from './metrics/penetration.js';
export {
  accountActivityFold,
  mergeActivity,
  type AccountActivity,
  type AccountActivityOptions,
  type AccountActivityResult,
  type AccountActivityState,
  type ActivityState,
} from './metrics/accountActivity.js';
export { accountPlanFigures, valueWinRateOf, type AccountPlanFigures, type AccountPlanInput } from './metrics/accountPlan.js';
export { accountsOverview, type AccountOverviewRow, type AccountsOverview, type AccountsOverviewInput, type PlanEntryInput, type PlanRow } from './metrics/accountsOverview.js';

// Validation
export { DEAL_RULES, FORECAST_DEAL_RULES, checkDeal, checkForecastDeal, isCleanPipeline, type RuleContext, type DealRule } from './validate/rules.js';
export { integrityFold, type IntegrityResult, type IntegrityState } from './validate/integrity.js';
export { describeFinding } from './validate/describe.js';

// The engine: a run plan (plain data) of steps from the registry, run in one pass or in parts
export { runPlan, type PlanRun, type StepResults } from './engine/run.js';
export { STEPS, buildStep, type PlanStep, type RunPlan, type StepName, type StepOptions, type StepResult } from './engine/registry.js';
export type { InputPlan, MaxRejected, WhereClause } from './engine/plan.js';
export {
  Grouping,
  refuseNoDealInScope,
  withUsed,
  type DealRun,
  type RowAccounting,
  type RunEnvironment,
  type ProgressSink,
  type DealInput,
  type Environment,
  type FilterReason,
} from './engine/dealRun.js';
export { refuseMixedCurrencies, runMovement, type KeptDeal, type MovementRun, type MovementRunOptions, type MovementStep } from './engine/snapshotRun.js';
export { runValidate, type ValidateRequest, type ValidateRun } from './engine/validateRun.js';
export type { Step } from './engine/step.js';
export type { Series, SeriesEntry, WinRateTrendOptions, VelocityTrendOptions, CoverageTrendOptions, SeriesOptions } from './engine/steps/trend.js';
export { inferredStagesNote, loadStageInput, requireStageOrder, stalledInputFor, withInferredStages, type StageInput, type StalledInput, type StalledAverages } from './engine/stageInput.js';
export { inspectFiles, inspectedInputs, type FileDocument, type Inspection } from './engine/inspection.js';
export type { FindingTally } from './engine/findingTally.js';

// Views, the weekly report and the renderers
export { DEFAULT_WHAT_IF, FORECAST_RUNS, REPORT_FAIL_METRICS, buildReport, type Report, type ReportRequest } from './report/build.js';
export { REPORT_SECTIONS, type ReportSection } from './model/reportConfig.js';
export { accountsOverviewOf, joinWithNotes, refuseWithoutAccounts, retentionOf, type AccountContext, type AccountsInput } from './report/accountFigures.js';
export {
  dealInputs,
  documentCurrency,
  documentHeader,
  generatedAt,
  presentDocument,
  provenanceJson,
  subtitleLines,
  timestampJson,
  withCurrency,
  type InputFileJson,
  type DocumentScope,
  type WindowJson,
} from './report/document.js';
export { DEALMATH_VERSION } from './model/version.js';
export { winRateOutput, type WinRateTrend } from './report/sections/winRate.js';
export { velocityOutput, type VelocityTrend } from './report/sections/velocity.js';
export { coverageOutput, type CoverageTrend } from './report/sections/coverage.js';
export { funnelGroupsJson, funnelJson, funnelOutput, funnelSection, requireFunnel, type FunnelGroups } from './report/sections/funnel.js';
export { pvfJson, pvfSection } from './report/sections/pvf.js';
export { paretoOutput, type ParetoViewOptions } from './report/sections/pareto.js';
export { scorecardOutput } from './report/sections/scorecard.js';
export {
  quadrantDocument,
  quadrantJson,
  quadrantOutput,
  quadrantSection,
  quadrantSources,
  type QuadrantDeals,
  type QuadrantJson,
  type QuadrantSources,
  type QuadrantOptions as QuadrantViewOptions,
} from './report/sections/quadrant.js';
export { movementDocument, movementJson, movementReportOutput, movementSections, snapshotWarnings, type MovementDocumentOptions, type MovementReport } from './report/sections/movement.js';
export { forecastDocument, forecastJson, forecastOptions, forecastOutput, forecastSection, historyJson, type ForecastChoices } from './report/sections/forecast.js';
export { snapshotsLeftOutWarning } from './report/sections/snapshotsLeftOut.js';
export { inspectDocument, inspectView, type InspectDocumentOptions } from './report/sections/inspect.js';
export { configText, type InspectedFile } from './report/inspectConfig.js';
export { accountsDocument, accountsReportOutput, accountsSection, concentrationSection, paretoSentence, planSection, type AccountsReportInput, type AccountsViewOptions } from './report/sections/accounts.js';
export { retentionOutput, retentionSection, retentionSeriesSection, type RetentionViewOptions } from './report/sections/retention.js';
export { integrityOutput } from './report/sections/integrity.js';
export { validateJson, validateOutput, validateView, type ValidateJson } from './report/sections/validate.js';
export type { MetricOutput } from './report/sections/output.js';
export { groupedTrendSection, periodJson, trendSection, type TrendView } from './report/sections/trend.js';
export { sparkline } from './report/sparkline.js';
export { lineChartSvg, type SeriesLine } from './report/svg.js';
export type { ColumnView, DocumentView, RowView, SectionView, TableView } from './report/view.js';
export { SCHEMA_VERSION, renderJson } from './report/renderers/json.js';
export { renderCsvDocument } from './report/renderers/csv.js';
export { renderMarkdownDocument } from './report/renderers/markdown.js';
export { renderTableDocument, type Painter, type TableRenderOptions } from './report/renderers/table.js';
export { renderHtmlDocument } from './report/renderers/html.js';

// The same definitions as SQL (issue 20): one query per metric, five dialects.
export { metricSql, DEFAULT_TABLE_COLUMNS, type SqlRequest } from './sql/generate.js';
export { SQL_METRICS, type SqlMetric } from './sql/names.js';
export { DIALECT_NAMES, type DialectName, type SqlDialect } from './sql/dialect.js';
export { DIALECTS, type SqlInput, type SqlTable, type SqlWhere } from './sql/source.js';
export { winRateSql, type WinRateSqlOptions } from './sql/winRate.js';
export { velocitySql, type VelocitySqlOptions } from './sql/velocity.js';
export { paretoSql, type ParetoSqlOptions } from './sql/pareto.js';
export { coverageSql, type CoverageSqlOptions } from './sql/coverage.js';
export { retentionSql, type RetentionSqlOptions } from './sql/retention.js';
export { funnelSql, type FunnelSqlOptions, type SqlHistoryTable } from './sql/funnel.js';
export { movementSql, type MovementSqlOptions } from './sql/movement.js';
export { dealColumnsOf, type TableColumns } from './io/tableColumns.js';

// The types the signatures above use (options, fold states, parts of results), so that a user can name each.
export type { AccountsRunResult } from './engine/steps/accountActivity.js';
export type { ByteDigest, ByteRange, Encoding } from './io/textInput.js';
export type { CellKind, CellValue } from './report/format.js';
export type { CoverageStepOptions } from './engine/steps/coverage.js';
export type { InputEncoding } from './model/encodings.js';
export type { IntegrityStepResult } from './engine/steps/integrity.js';
export type { Kpi } from './report/sections/headline.js';
export type { ParetoJson } from './engine/steps/pareto.js';
export type { RepDimension, RepDimensions, RepGrouping } from './model/repDimensions.js';
export type { ScorecardJson, TeamLevers } from './engine/steps/scorecard.js';
export type { ScoringModel } from './model/quadrantConfig.js';
export type { VelocityStepOptions, VelocityStepResult } from './engine/steps/velocity.js';
