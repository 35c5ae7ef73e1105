/** What a metric's view hands back: its JSON part, its sections for people, its warnings. */
import type { SectionView } from '../view.js';

export interface MetricOutput<Json> {
  /** The command-specific part of the JSON document (merged under the common header). */
  readonly json: Json;
  readonly sections: readonly SectionView[];
  /** Lines for stderr and the JSON `warnings`. */
  readonly warnings: readonly string[];
}

/**
 * An output whose sections (tables and charts for people) are built when a renderer first reads
 * them: JSON output never does, and with many groups (thousands of accounts) they cost more time
 * and memory than the figures themselves.
 */
export function metricOutput<Json>(fields: Omit<MetricOutput<Json>, 'sections'>, sections: () => readonly SectionView[]): MetricOutput<Json> {
  let built: readonly SectionView[] | null = null;
  return {
    ...fields,
    get sections() {
      built ??= sections();
      return built;
    },
  };
}
