/**
 * The config's `quadrant:` section (METRICS.md "Account quadrants"): where current and future
 * revenue come from, the high/low thresholds, and the scoring model for future revenue.
 *
 * ```yaml
 * quadrant:
 *   current: { column: current_revenue, threshold: 100000 }
 *   future:
 *     percentile: 0.5
 *     model:
 *       elements:
 *         - { name: market_growth, weight: 3, levels: { High: 100, Medium: 50, Low: 0 } }
 *         - { name: solution_fit, weight: 2, levels: { High: 100, Medium: 40, Low: 0 } }
 * ```
 */
import { z } from 'zod';
import { MAX_AMOUNT } from './values.js';

const nonEmpty = z.string().trim().min(1);

/** Score points or money: within the largest amount read, so weighted sums stay finite. */
const amountLike = z.number().min(-MAX_AMOUNT, 'expected at least -1e15').max(MAX_AMOUNT, 'expected at most 1e15');
/** Weights are relative; past 1e9 one is a typo, and with levels up to MAX_AMOUNT sums stay finite. */
const MAX_WEIGHT = 1e9;

/** What High, Medium and Low mean for one element, in score points (or money). */
export const levelsSchema = z
  .object({
    High: amountLike,
    Medium: amountLike,
    Low: amountLike,
  })
  .strict();

export const scoringElementSchema = z
  .object({
    /** The account column holding High / Medium / Low for this element. */
    name: nonEmpty,
    /** Relative weight; weights are normalized by their sum, so 3/2/5 and 0.3/0.2/0.5 agree. */
    weight: z.number().positive().max(MAX_WEIGHT, 'expected at most 1e9'),
    levels: levelsSchema,
  })
  .strict();

export const scoringModelSchema = z
  .object({
    elements: z.array(scoringElementSchema).min(1),
  })
  .strict()
  .refine(
    (model) => new Set(model.elements.map((element) => element.name.toLowerCase())).size === model.elements.length,
    { message: 'element names must be unique', path: ['elements'] },
  );

const sideShape = {
  /** Account column holding the revenue; absent: the default source (see the command). */
  column: nonEmpty.optional(),
  /** High when the value is >= this. */
  threshold: amountLike.optional(),
  /** High when the value is >= this percentile of the accounts, 0..1 (0.5 = median, the default). */
  percentile: z.number().min(0).max(1).optional(),
};

const oneThreshold = (side: { threshold?: number | undefined; percentile?: number | undefined }): boolean =>
  side.threshold === undefined || side.percentile === undefined;
const thresholdMessage = { message: 'give threshold or percentile, not both' };

export const currentSideSchema = z.object(sideShape).strict().refine(oneThreshold, thresholdMessage);

export const futureSideSchema = z
  .object({ ...sideShape, model: scoringModelSchema.optional() })
  .strict()
  .refine(oneThreshold, thresholdMessage)
  .refine((side) => side.column === undefined || side.model === undefined, {
    message: 'give column or model, not both',
  });

export const quadrantConfigSchema = z
  .object({
    current: currentSideSchema.optional(),
    future: futureSideSchema.optional(),
  })
  .strict();

export type QuadrantConfig = z.infer<typeof quadrantConfigSchema>;
export type QuadrantConfigInput = z.input<typeof quadrantConfigSchema>;
export type ScoringModel = z.infer<typeof scoringModelSchema>;
export type ScoringElement = z.infer<typeof scoringElementSchema>;
export type Level = keyof z.infer<typeof levelsSchema>;
