import { describe, expect, it } from 'vitest';
import { explicitWindow } from '../../src/model/calendar.js';
import type { Deal } from '../../src/model/types.js';
import { closedInWindow, dealAt, inScope, inScopeAsAt, type Scope } from '../../src/metrics/scope.js';
import { day, deal } from '../support/records.js';

// The previous quarter of a report run on 2026-11-20: Q3, as of its last day.
const previous: Scope = { asOf: day('2026-09-30'), window: explicitWindow(day('2026-07-01'), day('2026-09-30')), basis: 'close' };

describe('inScopeAsAt', () => {
  it('takes a deal closed after the as-of day as still open then', () => {
    const wonLater = deal({ id: 'W', status: 'won', created: day('2026-08-01'), close: day('2026-10-15') });
    const createdLater = deal({ id: 'C', status: 'lost', created: day('2026-10-01'), close: day('2026-10-20') });
    const noCreated = deal({ id: 'N', status: 'lost', close: day('2026-11-01') });
    // hand-checked: open on 2026-09-30 when created by then (or with no created date).
    expect(inScopeAsAt(wonLater, previous)).toBe(true);
    expect(inScopeAsAt(createdLater, previous)).toBe(false);
    expect(inScopeAsAt(noCreated, previous)).toBe(true);
  });

  it('is inScope for every other deal', () => {
    const deals: Deal[] = [
      deal({ id: 'A', status: 'won', created: day('2026-06-01'), close: day('2026-08-10') }),
      deal({ id: 'B', status: 'lost', created: day('2026-01-01'), close: day('2026-05-10') }),
      deal({ id: 'O', status: 'open', created: day('2026-09-01'), close: day('2026-12-01') }),
      deal({ id: 'L', status: 'open', created: day('2026-10-05'), close: day('2026-12-01') }),
      deal({ id: 'D', status: 'won', created: null, close: null }),
    ];
    expect(deals.map((each) => inScopeAsAt(each, previous))).toEqual(deals.map((each) => inScope(each, previous)));
    // hand-checked: A closed in Q3; B before it; O open and created by 09-30; L created after; D has no close date.
    expect(deals.map((each) => inScopeAsAt(each, previous))).toEqual([true, false, true, false, false]);
  });

  it('agrees with checking a copy of the deal marked open', () => {
    const closedLater = deal({ id: 'X', status: 'lost', created: day('2026-09-30'), close: day('2026-09-30') + 1 });
    expect(inScopeAsAt(closedLater, previous)).toBe(inScope({ ...closedLater, status: 'open' }, previous));
  });
});

describe('dealAt (METRICS.md "Point in time")', () => {
  // The worked example: D = 2025-05-15.
  const asOf = day('2025-05-15');

  it('a deal created 2025-04-01 and won 2025-06-01 is open at D, its stage then unknown', () => {
    const wonLater = deal({ id: 'W', status: 'won', stage: 'Closed Won', created: day('2025-04-01'), close: day('2025-06-01'), amount: 100 });
    expect(dealAt(wonLater, asOf)).toMatchObject({ id: 'W', status: 'open', stage: null, amount: 100, close: day('2025-06-01') });
  });

  it('its CRM probability, forecast category and stage-entered day at D are unknown too (the export gives them as it closed)', () => {
    const wonLater = deal({ id: 'W', status: 'won', stage: 'Closed Won', created: day('2025-04-01'), close: day('2025-06-01'), amount: 100, probability: 1, forecastCategory: 'Closed', stageEntered: day('2025-06-01') });
    expect(dealAt(wonLater, asOf)).toMatchObject({ status: 'open', probability: null, forecastCategory: null, stageEntered: null, amount: 100 });
    // A deal open now keeps what the export says: the best there is without a history.
    const openNow = deal({ id: 'O', status: 'open', stage: 'Proposal', created: day('2025-04-01'), close: day('2025-06-01'), probability: 0.4, forecastCategory: 'Commit' });
    expect(dealAt(openNow, asOf)).toBe(openNow);
  });

  it('a deal created 2025-05-20 does not exist at D', () => {
    expect(dealAt(deal({ id: 'C', status: 'open', created: day('2025-05-20') }), asOf)).toBeNull();
    expect(dealAt(deal({ id: 'C2', status: 'won', created: day('2025-05-20'), close: day('2025-05-30') }), asOf)).toBeNull();
  });

  it('a deal lost 2025-05-10 is lost, and is the very same object (nothing copied)', () => {
    const lost = deal({ id: 'L', status: 'lost', created: day('2025-04-01'), close: day('2025-05-10') });
    expect(dealAt(lost, asOf)).toBe(lost);
    const undated = deal({ id: 'U', status: 'won' });
    expect(dealAt(undated, asOf)).toBe(undated);
  });
});

describe('windows never reach past the as-of date', () => {
  const quarter: Scope = { asOf: day('2025-05-15'), window: explicitWindow(day('2025-04-01'), day('2025-06-30')), basis: 'close' };

  it('a deal closed inside the window but after the as-of date is not closed in it', () => {
    expect(closedInWindow(deal({ id: 'W', status: 'won', created: day('2025-04-01'), close: day('2025-06-01') }), quarter)).toBe(false);
    expect(closedInWindow(deal({ id: 'W', status: 'won', created: day('2025-04-01'), close: day('2025-05-15') }), quarter)).toBe(true);
  });
});

describe('cohorts (basis created) count only their own open deals', () => {
  const cohort: Scope = { asOf: day('2026-11-20'), window: explicitWindow(day('2025-10-01'), day('2025-12-31')), basis: 'created' };

  it('an open deal created outside the cohort window is out; one created inside is in', () => {
    expect(inScope(deal({ id: 'IN', status: 'open', created: day('2025-11-02') }), cohort)).toBe(true);
    expect(inScope(deal({ id: 'OUT', status: 'open', created: day('2026-02-01') }), cohort)).toBe(false);
    expect(inScope(deal({ id: 'UNDATED', status: 'open' }), cohort)).toBe(false);
  });
});
