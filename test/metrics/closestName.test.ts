/** closestName: the name a "matches nothing" warning suggests (src/metrics/closestName.ts). */
import { describe, expect, it } from 'vitest';
import { closestName, editDistance, foldName } from '../../src/metrics/closestName.js';

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
});
