/**
 * Argument values are checked before anything is read (issue 18). Before: `--delimiter ''` ran
 * 10-15 s and 2.5 GB into "internal error: Invalid array length"; `--delimiter '"'` was accepted;
 * `--max-findings abc` was NaN and `1e10` was 1; `--what-if value=+1e400%` (as 400 digits) was an
 * internal error. Each case: exit 2, the flag and the value named on stderr, nothing on stdout,
 * and well within a second or two (the input is never read: it does not even exist). Through
 * main() in this process; the tab-separated cases read stdin, so through the binary.
 */
import { describe, expect, it } from 'vitest';
import { dealmath } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

const MISSING = 'no-such-deals.csv';
const HUGE = `1${'0'.repeat(400)}`;

describe('numeric and delimiter flags go through one checked parser', () => {
  it.each([
    ['--delimiter empty', ['winrate', MISSING, '--delimiter', ''], "'--delimiter <char>' argument '' is invalid. expected one of , ; | or tab"],
    ['--delimiter quote', ['inspect', MISSING, '--delimiter', '"'], `'--delimiter <char>' argument '"' is invalid`],
    ['--delimiter two characters', ['validate', MISSING, '--delimiter', ';;'], "'--delimiter <char>' argument ';;' is invalid"],
    ['--max-findings abc', ['validate', MISSING, '--max-findings', 'abc'], "'--max-findings <n>' argument 'abc' is invalid. expected a whole number from 0 to 1000000000"],
    ['--max-findings 1e10', ['validate', MISSING, '--max-findings', '1e10'], "'--max-findings <n>' argument '1e10' is invalid"],
    ['--max-findings -1', ['validate', MISSING, '--max-findings', '-1'], "'--max-findings <n>' argument '-1' is invalid"],
    ['--min-sample 0x10', ['winrate', MISSING, '--min-sample', '0x10'], "'--min-sample <n>' argument '0x10' is invalid. expected a whole number from 1 to 1000000000"],
    ['--min-sample 2.5', ['winrate', MISSING, '--min-sample', '2.5'], "'--min-sample <n>' argument '2.5' is invalid"],
    ['--target Infinity', ['coverage', MISSING, '--target', 'Infinity'], "'--target <amount>' argument 'Infinity' is invalid"],
    ['--target 400 digits', ['pvf', MISSING, '--target', HUGE], `'--target <amount>' argument '${HUGE}' is invalid. expected an amount above 0 and at most 1e15`],
    ['--target 0', ['coverage', MISSING, '--target', '0'], "'--target <amount>' argument '0' is invalid"],
    ['--threshold 1e-1', ['pareto', MISSING, '--threshold', '1e-1'], "'--threshold <share>' argument '1e-1' is invalid"],
    ['--threshold NaN', ['pareto', MISSING, '--threshold', 'NaN'], "'--threshold <share>' argument 'NaN' is invalid"],
    ['--prospect-rate 150%', ['coverage', MISSING, '--prospect-rate', '150%'], "'--prospect-rate <p>' argument '150%' is invalid"],
    ['--open age-out:1e3', ['winrate', MISSING, '--open', 'age-out:1e3'], "'--open <policy>' argument 'age-out:1e3' is invalid. expected exclude, include, age-out or age-out:DAYS (DAYS a whole number from 1 to 36500)"],
    ['--what-if 400 digits', ['velocity', MISSING, '--what-if', `value=+${HUGE}%`], `--what-if "value=+${HUGE}%": expected LEVER=+10%`],
    ['--what-if 1e400', ['report', MISSING, '--what-if', 'value=+1e400%'], '--what-if "value=+1e400%": expected LEVER=+10%'],
    ['--what-if +5000%', ['velocity', MISSING, '--what-if', 'win=+5000%'], '--what-if "win=+5000%": a lever can grow by at most 1000%'],
    ['--what-if Infinity', ['velocity', MISSING, '--what-if', 'cycle=Infinity'], '--what-if "cycle=Infinity": expected LEVER=+10%'],
  ])('%s: exit 2 before reading, flag and value named', async (_what, args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    // Refused before the (missing) input was looked at.
    expect(result.stderr).not.toContain(MISSING);
    expect(result.stderr).not.toContain('internal error');
  });

  it('--fail-on with a threshold beyond any metric is refused by name', async () => {
    const result = await run(['validate', MISSING, '--fail-on', `errors>${HUGE}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`dealmath: --fail-on "errors>${HUGE}": the threshold must be a number from -1e15 to 1e15\n`);
  });

  it.each([
    ['tab', 'tab'],
    ['\\t', 'backslash-t'],
    ['\t', 'a tab character'],
  ])('--delimiter %s (%s) reads a tab-separated file', (delimiter) => {
    const csv = 'deal_id\tstage\tamount\tcreated\tclose_date\nA\tClosed Won\t100\t2026-01-01\t2026-02-01\nB\tClosed Lost\t50\t2026-01-01\t2026-02-01\n';
    const result = dealmath(['winrate', '-', '--delimiter', delimiter, '--json', '--as-of', '2026-06-30'], { input: csv });
    expect(result.code).toBe(0);
    // Hand count: one won, one lost.
    expect(JSON.parse(result.stdout).total).toMatchObject({ won: 1, lost: 1 });
  });
});
