/**
 * Open pipeline value at a past day as a step: deals created by then and not yet closed then (a
 * deal that closed later was still open). Deals created after it, or without dates, are not
 * counted. Summed exactly, so the figure does not depend on row order or parts.
 */
import type { DayNumber, Deal } from '../../model/types.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from '../../metrics/exactSum.js';
import type { Step } from '../step.js';

export interface PipelineAtStepOptions {
  readonly day: DayNumber;
}

export function pipelineAtStep(options: PipelineAtStepOptions): Step<number> {
  const { day } = options;
  let value = exactSum();
  const wasOpen = (deal: Deal): boolean => deal.created !== null && deal.created <= day && (deal.status === 'open' || (deal.close !== null && deal.close > day));
  return {
    money: true,
    windowScope: null,
    groupings: [],
    accept: wasOpen,
    add: (deal) => {
      if (deal.amount !== null) addToSum(value, deal.amount);
    },
    state: () => value,
    merge: (other) => {
      value = mergeSums(value, other as ExactSum);
    },
    result: () => sumValue(value),
  };
}
