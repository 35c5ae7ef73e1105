/**
 * dealmath as a library: typed records, parsers and readers, and the metrics as pure folds.
 * Nothing here imports the CLI. Every metric is a Fold (init/add/merge/finish) over Deal
 * records, or a pure function over aggregated data; see README "Library".
 */

// Records, config, calendar
export type { Account, Deal, DealField, DealStatus, DayNumber, RecordSource, Rep, StageEntry } from './model/types.js';
export { DEAL_FIELDS } from './model/types.js';
export { DEFAULT_CONFIG, configSchema, lostLabels, openStages, parseConfig, wonLabels, type Config, type ConfigInput } from './model/config.js';
export {
  PERIOD_DAYS,
  dayFromParts,
  explicitWindow,
  formatDay,
  isInWindow,
  parseIsoDay,
  parsePeriod,
  partsFromDay,
  periodContaining,
  previousPeriod,
  windowDays,
  type NamedPeriod,
  type PeriodUnit,
  type Window,
} from './model/calendar.js';
export { DealmathError, EXIT_CANNOT_RUN, EXIT_CHECK_FAILED, EXIT_OK, type ErrorCode } from './model/errors.js';
export { ERROR_RULES, WARNING_RULES, type Finding, type Rule, type Severity } from './model/findings.js';
export { PRESETS, detectPreset, mapColumns, normalizeHeader, stageMeaning, type ColumnMapping, type Preset, type StageMeaning } from './model/mapping.js';
export { inferColumns, type ColumnGuess, type ColumnInference, type Confidence, type Undecided } from './model/columnInference.js';
export { STANDARD_PIPELINES, inferStageOrder, type InferredStageOrder, type StageSighting } from './model/stageOrder.js';
export { INVALID, MAX_AMOUNT, parseAmount, parseBoolean, parseDate, parseProbability, type DateOrder, type ProbabilityScale } from './model/values.js';
export { createDealReader, sniffFormats, type ColumnFormats } from './model/dealReader.js';
export { stageOrderOf, wideHistoryOf, findWideStageColumns, type StageOrder } from './model/stageHistory.js';

// Reading files (streams; CSV is never read whole)
export { openTable, LIMITS, type RawRow, type Table } from './io/table.js';
export { readDeals, type DealInputOptions, type DealSink, type ReadSummary } from './io/readDeals.js';
export { readHistory, readHistoryIndex } from './io/readHistory.js';
export { readReps } from './io/readReps.js';
export { loadConfig } from './io/loadConfig.js';

// Metrics: folds and pure functions
export { known, notAvailable, notAvailableBecause, reasonText, valueOr, type Figure, type NaReason } from './metrics/figure.js';
export { NA_REASONS, na, naReason, type NaCode } from './metrics/naReasons.js';
export { groupedFold, runFold, type Fold, type Grouped, type GroupedResult } from './metrics/fold.js';
export { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './metrics/exactSum.js';
export { closedInWindow, cycleDaysOf, dealAt, dimensionValue, inScope, openAtAsOf, openWorkedInWindow, type Basis, type Scope } from './metrics/scope.js';
export { WILSON_Z_95, wilsonInterval, type WilsonInterval } from './metrics/wilson.js';
export { winRateFold, type OpenPolicy, type WinRateOptions, type WinRateResult } from './metrics/winRate.js';
export { velocityFold, type VelocityOptions, type VelocityResult } from './metrics/velocity.js';
export { whatIf, type VelocityLevers, type WhatIfResult } from './metrics/whatIf.js';
export { velocityChange, type VelocityChangeResult } from './metrics/velocityChange.js';
export { coverageFold, type CoverageOptions, type CoverageResult, type CoverageRow, type CoverageTargets } from './metrics/coverage.js';
export { stageJourneyOf, type HistoryLookup, type StageJourney } from './metrics/stageJourney.js';
export { funnelFold, type FunnelAvailable, type FunnelResult, type FunnelStage } from './metrics/funnel.js';
export { stageDwellFold, averageDwellByStage, type StageDwellResult } from './metrics/stageDwell.js';
export { pvf, type PvfOptions, type PvfResult, type PvfStage } from './metrics/pvf.js';
export { isStalled, stalledDays, type StalledDays } from './metrics/stalled.js';

// Validation
export { DEAL_RULES, checkDeal, isCleanPipeline, type RuleContext } from './validate/rules.js';
export { integrityFold, type IntegrityResult } from './validate/integrity.js';
export { describeFinding } from './validate/describe.js';
