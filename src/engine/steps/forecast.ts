/** The forecast of a period (METRICS.md "Forecast") as a step: per owner, the roll-up and weights of its deals. */
import type { NamedPeriod } from '../../model/calendar.js';
import { forecastCategoryLabels, forecastCategoryOf, type ForecastCategoriesConfig } from '../../model/forecastCategories.js';
import type { DayNumber } from '../../model/types.js';
import { forecastFold, type ForecastState } from '../../metrics/forecast.js';
import { forecastPlace } from '../../metrics/forecastRollup.js';
import { foldStep, type Step } from '../step.js';

export interface ForecastStepOptions {
  readonly asOf: DayNumber;
  readonly period: NamedPeriod;
  /** The config's forecastCategories (labels per kind); absent: Salesforce's and HubSpot's. */
  readonly categories?: ForecastCategoriesConfig | undefined;
}

/** The fold's state per owner; finishForecast turns it into the forecast once the run's other inputs (stage conversion) are known. */
export function forecastStep(options: ForecastStepOptions): Step<ForecastState> {
  const categoryOf = forecastCategoryOf(forecastCategoryLabels(options.categories));
  return foldStep(forecastFold({ asOf: options.asOf, period: options.period, categoryOf }), {
    money: true,
    windowScope: null,
    accept: (deal) => forecastPlace(deal, options.asOf, options.period) !== null,
    leavesOut: `neither won in ${options.period.label} to date nor open and expected to close in it`,
  });
}
