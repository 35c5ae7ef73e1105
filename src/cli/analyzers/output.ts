/** How an analyzer hands back its output (see analyzer.ts). */
import type { SectionView } from '../../report/view.js';
import type { AnalyzerOutput } from './analyzer.js';

/**
 * An output whose sections (tables and charts for people) are built when a renderer first reads
 * them: JSON output never does, and with many groups (thousands of accounts) they cost more time
 * and memory than the figures themselves.
 */
export function analyzerOutput<Json>(fields: Omit<AnalyzerOutput<Json>, 'sections'>, sections: () => readonly SectionView[]): AnalyzerOutput<Json> {
  let built: readonly SectionView[] | null = null;
  return {
    ...fields,
    get sections() {
      built ??= sections();
      return built;
    },
  };
}
