/**
 * Findings counted by rule, with the first value each rule found fault with: what a refusal for
 * rejected rows is worded from (dealRun.ts refuseRejected), for readings that are not a DealRun
 * (inspect, snapshots).
 */
import type { Finding, Rule } from '../model/findings.js';

export class FindingTally {
  readonly findingCounts = new Map<Rule, number>();
  readonly findingExamples = new Map<Rule, string>();

  add(found: Pick<Finding, 'rule' | 'value'>): void {
    this.findingCounts.set(found.rule, (this.findingCounts.get(found.rule) ?? 0) + 1);
    if (found.value !== null && found.value !== '' && !this.findingExamples.has(found.rule)) this.findingExamples.set(found.rule, found.value);
  }

  /** A tally made elsewhere (a worker thread's file), merged in file order so the first example stays the first. */
  merge(counts: Iterable<readonly [Rule, number]>, examples: Iterable<readonly [Rule, string]>): void {
    for (const [rule, count] of counts) this.findingCounts.set(rule, (this.findingCounts.get(rule) ?? 0) + count);
    for (const [rule, example] of examples) if (!this.findingExamples.has(rule)) this.findingExamples.set(rule, example);
  }
}
