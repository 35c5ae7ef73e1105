/**
 * The config's `forecastCategories:` section (METRICS.md "Forecast"): which labels of the
 * forecast category column mean commit, best case, pipeline, closed and omitted. Labels are
 * compared without case and surrounding spaces. The defaults read both Salesforce (Pipeline,
 * Best Case, Commit, Closed, Omitted) and HubSpot (Pipeline, Best case, Commit, Closed won,
 * Not forecasted) exports; a kind given in the config replaces that kind's default labels.
 *
 * ```yaml
 * forecastCategories:
 *   commit: [Commit, Committed]
 *   omitted: [Omitted, Not forecasted, Excluded]
 * ```
 */
import { z } from 'zod';

export const FORECAST_CATEGORY_KINDS = ['commit', 'bestCase', 'pipeline', 'closed', 'omitted'] as const;
export type ForecastCategoryKind = (typeof FORECAST_CATEGORY_KINDS)[number];

export type ForecastCategoryLabels = Readonly<Record<ForecastCategoryKind, readonly string[]>>;

export const DEFAULT_FORECAST_CATEGORIES: ForecastCategoryLabels = {
  commit: ['Commit'],
  bestCase: ['Best Case'],
  pipeline: ['Pipeline'],
  closed: ['Closed', 'Closed won'],
  omitted: ['Omitted', 'Not forecasted'],
};

const labels = z.array(z.string().trim().min(1)).min(1);

export const forecastCategoriesSchema = z
  .object({ commit: labels.optional(), bestCase: labels.optional(), pipeline: labels.optional(), closed: labels.optional(), omitted: labels.optional() })
  .strict()
  .superRefine((given, context) => {
    // A label means one kind only: checked over the labels in force, defaults included.
    const seen = new Map<string, ForecastCategoryKind>();
    for (const kind of FORECAST_CATEGORY_KINDS) {
      const list = given[kind] ?? DEFAULT_FORECAST_CATEGORIES[kind];
      list.forEach((label, index) => {
        const other = seen.get(label.toLowerCase());
        if (other !== undefined && other !== kind) {
          context.addIssue({ code: 'custom', message: `also a ${other} label (a label means one category)`, path: given[kind] === undefined ? [other] : [kind, index] });
        }
        seen.set(label.toLowerCase(), kind);
      });
    }
  });

export type ForecastCategoriesConfig = z.infer<typeof forecastCategoriesSchema>;

/** The labels in force: the config's where given, else the defaults. */
export function forecastCategoryLabels(config: ForecastCategoriesConfig | undefined): ForecastCategoryLabels {
  const labelsOf = (kind: ForecastCategoryKind): readonly string[] => config?.[kind] ?? DEFAULT_FORECAST_CATEGORIES[kind];
  return { commit: labelsOf('commit'), bestCase: labelsOf('bestCase'), pipeline: labelsOf('pipeline'), closed: labelsOf('closed'), omitted: labelsOf('omitted') };
}

/**
 * A classifier from a category cell to its kind, or null for an empty or unknown label.
 * @example forecastCategoryOf(DEFAULT_FORECAST_CATEGORIES)(' best case ') === 'bestCase'
 */
export function forecastCategoryOf(labelsByKind: ForecastCategoryLabels): (label: string | null) => ForecastCategoryKind | null {
  const byLabel = new Map<string, ForecastCategoryKind>();
  for (const kind of FORECAST_CATEGORY_KINDS) for (const label of labelsByKind[kind]) byLabel.set(label.trim().toLowerCase(), kind);
  return (label) => (label === null ? null : (byLabel.get(label.trim().toLowerCase()) ?? null));
}
