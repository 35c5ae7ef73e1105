/**
 * The weighted scoring model for an account's future revenue (METRICS.md "Account quadrants":
 * "a weighted score from the config's scoring model").
 */
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';
import { normalizeHeader } from '../model/mapping.js';
import type { Level, ScoringModel } from '../model/quadrantConfig.js';

export interface ElementScore {
  readonly name: string;
  readonly weight: number;
  /** The level read from the account, null when missing or unknown. */
  readonly level: Level | null;
  /** What that level means for this element (levels[level]). */
  readonly points: number | null;
}

export interface AccountScore {
  /** Weighted mean of the elements' points; n/a when any element cannot be read. */
  readonly score: Figure;
  readonly elements: readonly ElementScore[];
}

// A Map, not an object literal: a cell reading "constructor" must not find Object.prototype.
const LEVEL_WORDS: ReadonlyMap<string, Level> = new Map([
  ['high', 'High'],
  ['h', 'High'],
  ['medium', 'Medium'],
  ['med', 'Medium'],
  ['m', 'Medium'],
  ['low', 'Low'],
  ['l', 'Low'],
]);

/**
 * Scores one account on the model's elements.
 *
 * score = sum of (weight x points of the account's level) / sum of weights
 *
 * Weights are normalized by their sum, so the score stays on the scale of the level points
 * (levels given in money give money) and 3/2/5 weighs the same as 0.3/0.2/0.5.
 * An element's column is found by exact name, else ignoring case and punctuation
 * (`Market Growth` = `market_growth`). Levels read High/Medium/Low, any case, or H/M/L, Med.
 * Edge cases: a missing column, an empty cell or an unknown level makes the score null with a
 * reason naming every such element, never 0 (0 would read as "low"). A model without elements
 * or with a weight that is not a positive number throws RangeError.
 *
 * @example scoreAccount({ growth: 'High', fit: 'Low' },
 *   { elements: [{ name: 'growth', weight: 3, levels: { High: 100, Medium: 50, Low: 0 } },
 *                { name: 'fit', weight: 1, levels: { High: 80, Medium: 40, Low: 20 } }] })
 *   // score = (3 x 100 + 1 x 20) / 4 = 80
 */
export function scoreAccount(dimensions: Readonly<Record<string, string>>, model: ScoringModel): AccountScore {
  if (model.elements.length === 0) throw new RangeError('scoreAccount: the model has no elements');
  for (const element of model.elements) {
    if (!Number.isFinite(element.weight) || element.weight <= 0) {
      throw new RangeError(`scoreAccount: weight of "${element.name}" must be a positive number, got ${element.weight}`);
    }
  }
  // Only for an element whose name is not a header as written: normalizing every header of
  // every account took most of `quadrant`'s time on a wide accounts export.
  let byNormalizedHeader: Map<string, string> | null = null;
  const underNormalizedName = (name: string): string | undefined => {
    if (byNormalizedHeader === null) {
      byNormalizedHeader = new Map<string, string>();
      for (const [header, value] of Object.entries(dimensions)) {
        const key = normalizeHeader(header);
        if (!byNormalizedHeader.has(key)) byNormalizedHeader.set(key, value);
      }
    }
    return byNormalizedHeader.get(normalizeHeader(name));
  };
  const problems: string[] = [];
  let weighted = 0;
  let totalWeight = 0;
  const elements = model.elements.map((element): ElementScore => {
    const raw = Object.hasOwn(dimensions, element.name)
      ? dimensions[element.name]
      : underNormalizedName(element.name);
    const text = raw?.trim() ?? '';
    const level = LEVEL_WORDS.get(text.toLowerCase()) ?? null;
    if (raw === undefined) problems.push(`no column "${element.name}"`);
    else if (text === '') problems.push(`"${element.name}" is empty`);
    else if (level === null) problems.push(`"${element.name}" has unknown level "${text}" (expected High, Medium or Low)`);
    const points = level === null ? null : element.levels[level];
    if (points !== null) weighted += element.weight * points;
    totalWeight += element.weight;
    return { name: element.name, weight: element.weight, level, points };
  });
  if (problems.length > 0) return { score: na('unreadable-elements', problems), elements };
  const score = weighted / totalWeight;
  return { score: known(score === 0 ? 0 : score), elements };
}
