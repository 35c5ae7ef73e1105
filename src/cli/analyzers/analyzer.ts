/**
 * An analyzer is one analysis wired for the CLI: which deals it uses, the fold it feeds, and
 * what it gives back (its JSON part and its section for people). A command runs one; the
 * report runs several over the same single pass of the input.
 */
import type { Deal } from '../../model/types.js';
import type { ColumnMapping } from '../../model/mapping.js';
import type { SectionView } from '../../report/view.js';
import { requireWindowDates, type Analysis } from '../analysis.js';
import { refuseUnusable, requireSingleCurrency, runDeals, type DealRun, type DealRunHandlers, type Grouping } from '../dealInput.js';
import { runInParallel, type ParallelPlan } from '../parallel.js';

export interface AnalyzerOutput<Json> {
  /** The command-specific part of the JSON document (merged under the common header). */
  readonly json: Json;
  readonly sections: readonly SectionView[];
  /** Lines for stderr and the JSON `warnings`. */
  readonly warnings: readonly string[];
  /** Deals that entered a figure, when the analyzer knows better than its accept() (coverage). */
  readonly dealsUsed?: number;
}

export interface Analyzer<Json> {
  readonly name: string;
  /** Sums amounts, so mixed currencies without rates must be refused. */
  readonly money: boolean;
  /** Uses a window (refused on a file without the dates to place deals in it). */
  readonly windowed: boolean;
  /** Groupings of its own (other than the command's --by), resolved against each file's header. */
  readonly groupings?: readonly Grouping[];
  /** Called with each file's header before its rows, for analyzers that resolve columns by name. */
  readonly resolve?: (header: readonly string[], mapping: ColumnMapping, file: string) => void;
  accept(deal: Deal): boolean;
  add(deal: Deal): void;
  /** The fold state so far, as plain data (sent back from a worker thread). */
  snapshot(): unknown;
  /** Merges the state of another part of the input (fold.merge), in input order. */
  absorb(snapshot: unknown): void;
  finish(run: DealRun): AnalyzerOutput<Json>;
}

/** The handlers that feed every analyzer from one stream of deals. */
export function analyzerHandlers(analysis: Analysis, analyzers: readonly Analyzer<unknown>[], extraCheck?: (file: string, mapping: ColumnMapping) => void): DealRunHandlers {
  const windowCheck = analyzers.some((analyzer) => analyzer.windowed) ? requireWindowDates(analysis) : null;
  return {
    checkFile: (file, mapping, header) => {
      windowCheck?.(file, mapping);
      extraCheck?.(file, mapping);
      for (const analyzer of analyzers) {
        for (const grouping of analyzer.groupings ?? []) grouping.resolveFor(header, mapping, file);
        analyzer.resolve?.(header, mapping, file);
      }
    },
    // Plain loops: a closure made per deal for some() would be garbage on the per-row path.
    accept: (deal) => {
      for (const analyzer of analyzers) if (analyzer.accept(deal)) return true;
      return false;
    },
    // One analyzer: accept() already said yes, so skip asking again on the per-row path.
    use:
      analyzers.length === 1
        ? (deal) => (analyzers[0] as Analyzer<unknown>).add(deal)
        : (deal) => {
            for (const analyzer of analyzers) if (analyzer.accept(deal)) analyzer.add(deal);
          },
  };
}

/**
 * Streams the input once through every analyzer; a deal is used when any analyzer accepts it.
 * With a `parallel` plan, a large CSV file is read in parts by worker threads and the folds
 * merged (see parallel.ts); when that cannot be done exactly, it reads in one pass.
 */
export async function runAnalyzers(analysis: Analysis, analyzers: readonly Analyzer<unknown>[], parallel?: ParallelPlan): Promise<DealRun> {
  const run = (parallel === undefined ? null : await runInParallel(analysis, analyzers, parallel)) ?? (await runDeals(analysis.input, analyzerHandlers(analysis, analyzers)));
  // No usable row, or more rejected than --max-rejected: no answer (exit 1), never a report of zeros.
  refuseUnusable(run, analysis.maxRejected);
  if (analyzers.some((analyzer) => analyzer.money)) requireSingleCurrency(run, analysis.config);
  return run;
}
