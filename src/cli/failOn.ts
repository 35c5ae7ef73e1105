/**
 * `--fail-on "coverage<2.5,integrity<0.9,winRate<0.2"`: thresholds that make a run exit 1, for
 * CI. A condition on a value that is n/a counts as breached (a check that cannot be made must
 * not pass silently), and says why.
 */
import type { NaReason } from '../metrics/figure.js';
import { DealmathError } from '../model/errors.js';
import { parseNumberInRange } from './numberOption.js';
import type { Terminal } from './context.js';

/** No metric reaches beyond the largest amount a cell may hold; a bar past it is a typo. */
const MAX_THRESHOLD = 1e15;

export type Comparison = '<' | '<=' | '>' | '>=';

export interface FailCondition {
  readonly metric: string;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly text: string;
}

/** A figure fits: the value, and the reason when it is n/a. */
export interface FailValue {
  readonly value: number | null;
  readonly reason?: NaReason | null;
}

export function parseFailOn(text: string, known: readonly string[]): FailCondition[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^([A-Za-z]+)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)(%?)$/.exec(part);
      if (!match) throw new DealmathError('usage', `--fail-on "${part}": expected METRIC<NUMBER (also <=, >, >=), e.g. coverage<2.5`);
      const metric = known.find((name) => name.toLowerCase() === (match[1] ?? '').toLowerCase());
      if (metric === undefined) throw new DealmathError('usage', `--fail-on "${part}": unknown metric "${match[1] ?? ''}"; choose one of ${known.join(', ')}`);
      const number = parseNumberInRange(match[3] ?? '', { min: -MAX_THRESHOLD, max: MAX_THRESHOLD });
      if (number === null) throw new DealmathError('usage', `--fail-on "${part}": the threshold must be a number from -1e15 to 1e15`);
      const threshold = number / (match[4] === '%' ? 100 : 1);
      return { metric, comparison: match[2] as Comparison, threshold, text: part };
    });
}

/** The breached conditions, each worded as one line. */
export function breaches(conditions: readonly FailCondition[], values: Readonly<Record<string, FailValue>>): string[] {
  const lines: string[] = [];
  for (const condition of conditions) {
    const actual = values[condition.metric];
    if (actual === undefined || actual.value === null) {
      lines.push(`${condition.text}: ${condition.metric} is n/a (${actual?.reason?.message ?? 'not computed from these inputs'})`);
      continue;
    }
    const value = actual.value;
    const breached =
      condition.comparison === '<' ? value < condition.threshold
      : condition.comparison === '<=' ? value <= condition.threshold
      : condition.comparison === '>' ? value > condition.threshold
      : value >= condition.threshold;
    if (breached) lines.push(`${condition.text}: ${condition.metric} is ${Number.isInteger(value) ? value : value.toFixed(4)}`);
  }
  return lines;
}

/** Writes each breached condition to stderr as `dealmath COMMAND: fail-on ...`; true when any was. */
export function reportBreaches(command: string, conditions: readonly FailCondition[], values: Readonly<Record<string, FailValue>>, terminal: Terminal): boolean {
  const lines = breaches(conditions, values);
  for (const line of lines) terminal.stderr.write(`dealmath ${command}: fail-on ${line}\n`);
  return lines.length > 0;
}
