import { describe, expect, it } from 'vitest';
import { scoreAccount } from '../../src/metrics/accountScore.js';
import type { ScoringModel } from '../../src/model/quadrantConfig.js';

const model: ScoringModel = {
  elements: [
    { name: 'market_growth', weight: 3, levels: { High: 100, Medium: 50, Low: 0 } },
    { name: 'solution_fit', weight: 2, levels: { High: 100, Medium: 60, Low: 20 } },
    { name: 'strategic_value', weight: 5, levels: { High: 90, Medium: 45, Low: 10 } },
  ],
};

describe('scoreAccount', () => {
  it('is the weighted mean of the level points (METRICS.md "Account quadrants" scoring model)', () => {
    const result = scoreAccount({ market_growth: 'High', solution_fit: 'Medium', strategic_value: 'Low' }, model);
    // hand-computed: (3 x 100 + 2 x 60 + 5 x 10) / (3 + 2 + 5) = 470 / 10 = 47
    expect(result.score.value).toBe(47);
    expect(result.score.reason).toBeNull();
    expect(result.elements).toEqual([
      { name: 'market_growth', weight: 3, level: 'High', points: 100 },
      { name: 'solution_fit', weight: 2, level: 'Medium', points: 60 },
      { name: 'strategic_value', weight: 5, level: 'Low', points: 10 },
    ]);
  });

  it('normalizes weights: 3/2/5 scores the same as 0.3/0.2/0.5', () => {
    const scaled: ScoringModel = {
      elements: model.elements.map((element) => ({ ...element, weight: element.weight / 10 })),
    };
    const dimensions = { market_growth: 'Low', solution_fit: 'High', strategic_value: 'Medium' };
    // hand-computed: (3 x 0 + 2 x 100 + 5 x 45) / 10 = 425 / 10 = 42.5
    expect(scoreAccount(dimensions, model).score.value).toBe(42.5);
    expect(scoreAccount(dimensions, scaled).score.value).toBeCloseTo(42.5, 9);
  });

  it('weights matter: the same levels score differently under other weights', () => {
    const dimensions = { market_growth: 'High', solution_fit: 'Low', strategic_value: 'Low' };
    const growthHeavy: ScoringModel = {
      elements: [
        { name: 'market_growth', weight: 8, levels: { High: 100, Medium: 50, Low: 0 } },
        { name: 'solution_fit', weight: 1, levels: { High: 100, Medium: 60, Low: 20 } },
        { name: 'strategic_value', weight: 1, levels: { High: 90, Medium: 45, Low: 10 } },
      ],
    };
    // hand-computed: (3 x 100 + 2 x 20 + 5 x 10) / 10 = 39; (8 x 100 + 1 x 20 + 1 x 10) / 10 = 83
    expect(scoreAccount(dimensions, model).score.value).toBe(39);
    expect(scoreAccount(dimensions, growthHeavy).score.value).toBe(83);
  });

  it('reads levels in any case or abbreviated, and columns ignoring case and punctuation', () => {
    const result = scoreAccount({ 'Market Growth': ' high ', 'Solution-Fit': 'med', STRATEGIC_VALUE: 'l' }, model);
    // hand-computed: (300 + 120 + 50) / 10 = 47
    expect(result.score.value).toBe(47);
  });

  it('an unknown level, an empty cell or a missing column is an error value, never 0', () => {
    const result = scoreAccount({ market_growth: 'Very high', solution_fit: '  ', other: 'High' }, model);
    expect(result.score.value).toBeNull();
    expect(result.score.reason?.message).toBe(
      '"market_growth" has unknown level "Very high" (expected High, Medium or Low); "solution_fit" is empty; no column "strategic_value"',
    );
    expect(result.elements.map((element) => element.level)).toEqual([null, null, null]);
    // A cell reading like an Object.prototype key is just unknown.
    expect(scoreAccount({ market_growth: 'constructor', solution_fit: 'High', strategic_value: 'High' }, model).score.value).toBeNull();
  });

  it('gives 0, not -0, when every level scores 0', () => {
    const zero: ScoringModel = { elements: [{ name: 'fit', weight: 1, levels: { High: 10, Medium: 5, Low: -0 } }] };
    expect(Object.is(scoreAccount({ fit: 'Low' }, zero).score.value, 0)).toBe(true);
  });

  it('throws RangeError for a model without elements or with a non-positive weight', () => {
    expect(() => scoreAccount({}, { elements: [] })).toThrow(RangeError);
    const badWeight: ScoringModel = { elements: [{ name: 'fit', weight: 0, levels: { High: 1, Medium: 0, Low: 0 } }] };
    expect(() => scoreAccount({ fit: 'High' }, badWeight)).toThrow(/scoreAccount/);
  });
});
