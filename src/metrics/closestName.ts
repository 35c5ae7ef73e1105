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
  const folded = foldName(name).slice(0, COMPARED_LENGTH);
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(folded, foldName(candidate).slice(0, COMPARED_LENGTH));
    if (distance < bestDistance || (distance === bestDistance && best !== null && compareNames(candidate, best) < 0)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
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
