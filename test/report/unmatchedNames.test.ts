/**
 * The warnings for names a reps file and the deals do not share: the first twenty of each kind with
 * the closest name, then a count (a reps file of 20,000 names printed a line for each).
 */
import { describe, expect, it } from 'vitest';
import { NAMED_UNMATCHED, unmatchedNameWarnings } from '../../src/report/sections/unmatchedNames.js';

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ name: `${prefix} ${index}`, closest: index === 0 ? null : `${prefix} ${index}x` }));

describe('unmatchedNameWarnings', () => {
  it('names every unmatched name up to the limit, with the closest on the other side', () => {
    expect(unmatchedNameWarnings(names('Rep', 2), names('Owner', 1), ' in the forecast', 'the total')).toEqual([
      'the reps file names "Rep 0", who owns no deal in the forecast',
      'the reps file names "Rep 1", who owns no deal in the forecast (closest owner: "Rep 1x")',
      'owner "Owner 0" has deals but no quota in the reps file; left out of the total',
    ]);
  });

  it('names the first twenty of each kind past the limit and counts the rest', () => {
    const lines = unmatchedNameWarnings(names('Rep', 20_000), names('Owner', 22), '', 'the team totals');
    expect(NAMED_UNMATCHED).toBe(20);
    expect(lines).toHaveLength(42);
    expect(lines[19]).toBe('the reps file names "Rep 19", who owns no deal (closest owner: "Rep 19x")');
    expect(lines[20]).toBe('and 19,980 more names in the reps file own no deal (the JSON lists them all)');
    expect(lines[41]).toBe('and 2 more owners have deals but no quota in the reps file; left out of the team totals (the JSON lists them all)');
  });
});
