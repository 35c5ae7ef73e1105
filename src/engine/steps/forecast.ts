/** The forecast of a period (METRICS.md "Forecast") as a step: per owner, the roll-up and weights of its deals. */
import type { NamedPeriod } from '../../model/calendar.js';
import { forecastCategoryLabels, forecastCategoryOf, type ForecastCategoriesConfig } from '../../model/forecastCategories.js';
import type { DayNumber, Deal } from '../../model/types.js';
import { forecastFold, type ForecastState } from '../../metrics/forecast.js';
import { forecastPlace } from '../../metrics/forecastRollup.js';
import { stageOnDay, entriesFor } from '../../metrics/stageJourney.js';
import { heldHistoryRows, historyLookupOf, type StageInput } from '../stageInput.js';
import { foldStep, type Step } from '../step.js';

export interface ForecastStepOptions {
  readonly asOf: DayNumber;
  readonly period: NamedPeriod;
  /** The config's forecastCategories (labels per kind); absent: Salesforce's and HubSpot's. */
  readonly categories?: ForecastCategoriesConfig | undefined;
  /** The stage history (--history), or null: an open deal's stage on the as-of date comes from it. */
  readonly stage?: StageInput | null | undefined;
}

/** The fold's state per owner; finishForecast turns it into the forecast once the run's other inputs (stage conversion) are known. */
export function forecastStep(options: ForecastStepOptions): Step<ForecastState> {
  const categoryOf = forecastCategoryOf(forecastCategoryLabels(options.categories));
  const { stage, asOf } = options;
  const history = stage === null || stage === undefined ? null : historyLookupOf(stage);
  const stageOnAsOf = stage === null || stage === undefined ? undefined : (deal: Deal) => stageOnDay(deal.stage, deal.stageEntered, entriesFor(history, deal), stage.stageOrder, asOf);
  return foldStep(forecastFold({ asOf, period: options.period, categoryOf, stageOnAsOf }), {
    money: true,
    amountsOnly: true,
    sharedEntries: heldHistoryRows(stage),
    windowScope: null,
    accept: (deal) => forecastPlace(deal, options.asOf, options.period) !== null,
    leavesOut: `neither won in ${options.period.label} to date nor open and expected to close in it`,
  });
}
