/** Builders the metric tests share: a calendar day from `YYYY-MM-DD`, and a Deal with every field not given left empty. */
import { parseIsoDay } from '../../src/model/calendar.js';
import type { DayNumber, Deal } from '../../src/model/types.js';

export function day(text: string): DayNumber {
  const value = parseIsoDay(text);
  if (value === null) throw new Error(`bad test date ${text}`);
  return value;
}

export function deal(fields: Partial<Deal> & Pick<Deal, 'id' | 'status'>): Deal {
  return {
    name: null,
    account: null,
    owner: null,
    stage: null,
    amount: null,
    currency: null,
    created: null,
    close: null,
    cycleDays: null,
    probability: null,
    forecastCategory: null,
    lastActivity: null,
    stageEntered: null,
    lostStage: null,
    type: null,
    dimensions: {},
    source: { file: 'deals.csv', row: 2 },
    ...fields,
  };
}
