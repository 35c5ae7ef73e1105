/** The integrity summary (METRICS.md "Validation") as a step: findings by rule and the integrity score. */
import type { Finding, Rule } from '../../model/findings.js';
import type { DayNumber } from '../../model/types.js';
import { openAtAsOf } from '../../metrics/scope.js';
import { integrityFold, type IntegrityResult } from '../../validate/integrity.js';
import { checkDeal, type RuleContext } from '../../validate/rules.js';
import { heldHistoryRows, stalledCheckOf, type StalledInput } from '../stageInput.js';
import type { Step } from '../step.js';

export interface IntegrityStepOptions {
  readonly asOf: DayNumber;
  readonly staleDays: number;
  /** The stalled rule's input (a stage history), or null when there is none. */
  readonly stalled: StalledInput | null;
}

export interface IntegrityStepResult {
  readonly integrity: IntegrityResult;
  /** Findings by rule: the reading findings of the run (rejected rows) and the rules' findings here. */
  readonly byRule: ReadonlyMap<Rule, number>;
  readonly rowsRejected: number;
}

export function integrityStep(options: IntegrityStepOptions): Step<IntegrityStepResult> {
  const context: RuleContext = { asOf: options.asOf, staleDays: options.staleDays, columnOf: () => null, stalled: options.stalled === null ? undefined : stalledCheckOf(options.stalled, options.asOf) };
  let counts = new Map<Rule, number>();
  let state = integrityFold.init();
  // Made once: a closure made per deal would be garbage on the per-row path.
  const countFinding = (finding: Finding): void => {
    counts.set(finding.rule, (counts.get(finding.rule) ?? 0) + 1);
  };
  return {
    money: false,
    windowScope: null,
    groupings: [],
    sharedEntries: heldHistoryRows(options.stalled?.stage),
    accept: (deal) => deal.status !== 'open' || openAtAsOf(deal, options.asOf),
    add: (deal) => {
      const found = checkDeal(deal, context, countFinding);
      if (openAtAsOf(deal, options.asOf)) state = integrityFold.add(state, deal, found > 0);
    },
    state: () => ({ state, counts }),
    merge: (other) => {
      const part = other as { state: typeof state; counts: Map<Rule, number> };
      state = integrityFold.merge(state, part.state);
      const merged = new Map(counts);
      for (const [rule, found] of part.counts) merged.set(rule, (merged.get(rule) ?? 0) + found);
      counts = merged;
    },
    result: (run) => {
      const byRule = new Map(run.findingCounts);
      for (const [rule, found] of counts) byRule.set(rule, (byRule.get(rule) ?? 0) + found);
      return { integrity: integrityFold.finish(state), byRule, rowsRejected: run.rowsRejected };
    },
  };
}
