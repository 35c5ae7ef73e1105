import { describe, expect, it } from 'vitest';
import { quadrantConfigSchema } from '../../src/model/quadrantConfig.js';

const levels = { High: 100, Medium: 50, Low: 0 };

describe('quadrantConfigSchema', () => {
  it('accepts the documented shape', () => {
    const document = {
      current: { column: 'current_revenue', threshold: 100_000 },
      future: {
        percentile: 0.5,
        model: {
          elements: [
            { name: 'market_growth', weight: 3, levels },
            { name: 'solution_fit', weight: 2, levels: { High: 80, Medium: 40, Low: 10 } },
          ],
        },
      },
    };
    expect(quadrantConfigSchema.parse(document)).toEqual(document);
  });

  it('accepts an empty section (every default)', () => {
    expect(quadrantConfigSchema.parse({})).toEqual({});
  });

  it.each([
    ['threshold and percentile together', { current: { threshold: 1, percentile: 0.5 } }],
    ['column and model together', { future: { column: 'f', model: { elements: [{ name: 'a', weight: 1, levels }] } } }],
    ['a percentile above 1', { current: { percentile: 50 } }],
    ['a zero weight', { future: { model: { elements: [{ name: 'a', weight: 0, levels }] } } }],
    ['a missing level', { future: { model: { elements: [{ name: 'a', weight: 1, levels: { High: 1, Low: 0 } }] } } }],
    ['an unknown level key', { future: { model: { elements: [{ name: 'a', weight: 1, levels: { ...levels, VeryHigh: 2 } }] } } }],
    ['no elements', { future: { model: { elements: [] } } }],
    ['duplicate element names', { future: { model: { elements: [{ name: 'a', weight: 1, levels }, { name: 'A', weight: 2, levels }] } } }],
    ['an unknown key', { current: { colum: 'x' } }],
    ['a text threshold', { current: { threshold: '100k' } }],
  ])('rejects %s', (_label, document) => {
    expect(quadrantConfigSchema.safeParse(document).success).toBe(false);
  });
});
