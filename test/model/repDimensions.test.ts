/** Team and manager of the reps file as deal dimensions (issue 15). */
import { describe, expect, it } from 'vitest';
import { repDimensionKey, repDimensionsOf, withRepDimensions } from '../../src/model/repDimensions.js';
import { dimensionValue } from '../../src/metrics/scope.js';
import type { Deal, Rep } from '../../src/model/types.js';

const rep = (owner: string, team: string | null, manager?: string | null): Rep => ({ owner, quota: 1, team, ...(manager === undefined ? {} : { manager }), source: { file: 'reps.csv', row: 2 } });
const deal = (owner: string | null): Deal => ({ owner, dimensions: { team: 'from the deals file' } }) as unknown as Deal;

describe('repDimensionsOf', () => {
  it('keeps the columns that hold a value', () => {
    expect(repDimensionsOf([rep('Ann', 'East'), rep('Bob', null)])?.names).toEqual(['team']);
    expect(repDimensionsOf([rep('Ann', 'East', 'Maya')])?.names).toEqual(['team', 'manager']);
    expect(repDimensionsOf([rep('Ann', null, null)])).toBeNull();
  });
});

describe('withRepDimensions', () => {
  const dimensions = repDimensionsOf([rep('Ann', 'East', 'Maya'), rep('Cy', null, 'Maya')]);
  if (dimensions === null) throw new Error('expected dimensions');
  const team = repDimensionKey('team');
  const manager = repDimensionKey('manager');

  it("gives a deal its owner's team and manager, beside the deals file's own columns", () => {
    const seen = withRepDimensions(deal('Ann'), dimensions);
    expect([dimensionValue(seen, team), dimensionValue(seen, manager), dimensionValue(seen, 'team')]).toEqual(['East', 'Maya', 'from the deals file']);
  });

  it('puts an owner the reps file does not list, an empty cell and no owner in (no team)', () => {
    expect(dimensionValue(withRepDimensions(deal('Bob'), dimensions), team)).toBe('(no team)');
    expect(dimensionValue(withRepDimensions(deal('Cy'), dimensions), team)).toBe('(no team)');
    expect(dimensionValue(withRepDimensions(deal(null), dimensions), manager)).toBe('(no manager)');
  });
});
