/**
 * The closest of a set of names to a name that matched none of them, for warnings such as
 * "Jurgen Muller matches no deal owner (closest: Jürgen Müller)". Never used to match silently.
 */
import { compareNames } from './humanOrder.js';

/** Names compared without case, accents or repeated spaces: "Jürgen  Müller" ~ "jurgen muller". */
export function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Longest part of a name compared: edit distance is quadratic in length. */
const COMPARED_LENGTH = 64;

/**
 * The candidate with the smallest edit distance to `name` after folding (ties: the first in
 * human order), or null when there is no candidate.
 * @example closestName('Jurgen Muller', ['Ann Lee', 'Jürgen Müller']) === 'Jürgen Müller'
 */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  return closestNames(candidates)(name);
}

/**
 * closestName for many names against one list: the candidates are folded and put in human order
 * once. Matching each name against the list afresh folded every candidate again and compared in
 * full: a reps file of 20,000 names beside 18,000 owners took 40 s of `forecast`.
 */
export function closestNames(candidates: Iterable<string>): (name: string) => string | null {
  // Human order first, so that the first candidate at the smallest distance is the answer (a stable sort keeps equals as given).
  const ordered = [...candidates].sort(compareNames);
  const folded = ordered.map((candidate) => foldName(candidate).slice(0, COMPARED_LENGTH));
  const exact = new Map<string, number>();
  folded.forEach((text, index) => {
    if (!exact.has(text)) exact.set(text, index);
  });
  return (name) => {
    const text = foldName(name).slice(0, COMPARED_LENGTH);
    const same = exact.get(text);
    if (same !== undefined) return ordered[same] as string;
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let index = 0; index < folded.length; index += 1) {
      const other = folded[index] as string;
      // The lengths alone differ by at least as many edits.
      if (Math.abs(other.length - text.length) >= bestDistance) continue;
      const distance = editDistanceBelow(text, other, bestDistance);
      if (distance < bestDistance) {
        best = index;
        bestDistance = distance;
        // No candidate is at 0 (the exact match above): none later in order can do better.
        if (bestDistance === 1) break;
      }
    }
    return best === -1 ? null : (ordered[best] as string);
  };
}

/**
 * Each of `names`, in human order, with the closest of `candidates`: the owners a reps file does
 * not list and the reps no deal names, as forecast and coverage report them.
 */
export function withClosest(names: readonly string[], candidates: readonly string[]): { name: string; closest: string | null }[] {
  if (names.length === 0) return [];
  const closest = closestNames(candidates);
  return [...names].sort(compareNames).map((name) => ({ name, closest: closest(name) }));
}

/** The edit distance of `a` and `b` when it is below `limit`; otherwise some number >= limit, found sooner. */
function editDistanceBelow(a: string, b: string, limit: number): number {
  let row = scratchRow(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) row[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] as number;
    row[0] = i;
    let smallest = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] as number;
      const value = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (code === b.charCodeAt(j - 1) ? 0 : 1));
      row[j] = value;
      if (value < smallest) smallest = value;
      diagonal = above;
    }
    // Every later cell is at least the smallest of this row.
    if (smallest >= limit) return smallest;
  }
  return row[b.length] as number;
}

let scratch = new Int32Array(COMPARED_LENGTH + 1);
function scratchRow(length: number): Int32Array {
  if (scratch.length < length) scratch = new Int32Array(length);
  return scratch;
}

/** Levenshtein distance by UTF-16 unit, in one row of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] as number;
      const substitution = diagonal + (a[i - 1] === b[j - 1] ? 0 : 1);
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, substitution);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}
