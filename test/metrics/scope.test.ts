import { describe, expect, it } from 'vitest';
import { explicitWindow } from '../../src/model/calendar.js';
import type { Deal } from '../../src/model/types.js';
import { inScope, inScopeAsAt, type Scope } from '../../src/metrics/scope.js';
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
