/** closestName: the name a "matches nothing" warning suggests (src/metrics/closestName.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestName, closestNames, editDistance, foldName } from '../../src/metrics/closestName.js';
import { compareNames } from '../../src/metrics/humanOrder.js';

/** The definition, computed the slow way: the smallest edit distance after folding, ties to the first in human order. */
function closestByDefinition(name: string, candidates: readonly string[]): string | null {
  const folded = (text: string) => foldName(text).slice(0, 64);
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(folded(name), folded(candidate));
    if (distance < bestDistance || (distance === bestDistance && best !== null && compareNames(candidate, best) < 0)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

describe('closestName', () => {
  it('finds the accented spelling of a name typed without accents (METRICS.md "Quota attainment")', () => {
    expect(closestName('Jurgen Muller', ['Aisha Khan', 'Jürgen Müller', 'Julia Miller'])).toBe('Jürgen Müller');
  });

  it('folds case, accents and spaces before comparing', () => {
    expect(foldName('  Jürgen   MÜLLER ')).toBe('jurgen muller');
  });

  it('is null without candidates, and breaks ties in human order', () => {
    expect(closestName('Ann', [])).toBeNull();
    // "Ana" is one edit from "Ann", "Bob" three; "Anne" and "Anna" are one each: Anna sorts first.
    expect(closestName('Ann', ['Bob', 'Ana'])).toBe('Ana');
    expect(closestName('Ann', ['Anne', 'Anna'])).toBe('Anna');
  });

  it('counts edits as Levenshtein does (kitten -> sitting is 3)', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
  });

  it('closestNames gives what the definition gives, for any names (pruned and ordered once, not compared in full)', () => {
    // A small alphabet makes ties, near misses and folded-equal names (case, accents, spaces) common.
    const name = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'á', ' ', 'c'), maxLength: 8 });
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 12 }), (wanted, candidates) => {
        expect(closestNames(candidates)(wanted)).toBe(closestByDefinition(wanted, candidates));
      }),
      { numRuns: 2000 },
    );
  });
});
