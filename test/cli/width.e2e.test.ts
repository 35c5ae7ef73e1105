/**
 * Terminal output fits its width (issue: "output that fits"): at COLUMNS=80 no line of any
 * command's table output on the examples is wider than 80 columns; a wider COLUMNS keeps one table.
 */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { run } from './inProcess.js';

const config = ['--config', 'examples/dealmath.yaml', '--as-of', '2026-11-20'];
const commands: readonly (readonly string[])[] = [
  ['report', ...config, '--chart'],
  ['report', ...config, '--reps', 'examples/reps.csv', '--history', 'examples/history.csv', '--accounts', 'examples/accounts.csv'],
  ['inspect', 'examples/deals.csv', '--config', 'examples/dealmath.yaml'],
  ['validate', 'examples/deals-messy.csv', ...config],
  ['winrate', 'examples/deals.csv', ...config, '--by', 'owner,segment'],
  ['velocity', 'examples/deals.csv', ...config, '--by', 'owner', '--period', 'this-quarter', '--compare', 'last-quarter', '--what-if', 'n=+10%'],
  ['coverage', 'examples/deals.csv', ...config, '--reps', 'examples/reps.csv', '--prospect-rate', '0.1'],
  ['funnel', 'examples/deals.csv', ...config, '--history', 'examples/history.csv'],
  ['pvf', 'examples/deals.csv', ...config, '--history', 'examples/history.csv', '--target', '1000000'],
  ['pareto', 'examples/deals.csv', ...config, '--chart'],
  ['scorecard', 'examples/deals.csv', ...config],
  ['quadrant', 'examples/accounts.csv', ...config, '--chart'],
  ['forecast', 'examples/deals.csv', ...config, '--reps', 'examples/reps.csv', '--history', 'examples/history.csv'],
  ['forecast', 'examples/deals.csv', ...config, '--reps', 'examples/reps.csv', '--by', 'team'],
  ['movement', 'examples/snapshots', '--config', 'examples/dealmath.yaml', '--steps', '--deals'],
  ['retention', 'examples/deals.csv', ...config, '--period', '2026', '--compare', '2025', '--accounts', 'examples/accounts.csv', '--every', 'year'],
  ['accounts', 'examples/deals.csv', ...config, '--accounts', 'examples/accounts.csv', '--plan', 'examples/plan.yaml'],
  ['winrate', 'examples/deals.csv', ...config, '--by', 'type'],
];

describe('output fits COLUMNS', () => {
  for (const args of commands) {
    it(`dealmath ${args.join(' ')}: no line over 80 columns`, async () => {
      const result = await run(args, { env: { COLUMNS: '80' } });
      expect(result.code === 0 || result.code === 1).toBe(true);
      const wide = result.stdout.split('\n').filter((line) => stringWidth(line) > 80);
      expect(wide).toEqual([]);
    });
  }

  it('a wide terminal keeps the table whole', async () => {
    const args = ['coverage', 'examples/deals.csv', ...config, '--reps', 'examples/reps.csv'];
    const wide = (await run(args, { env: { COLUMNS: '250' } })).stdout;
    const narrow = (await run(args, { env: { COLUMNS: '80' } })).stdout;
    expect(wide.match(/┌/g)).toHaveLength(1);
    expect(narrow.match(/┌/g)?.length).toBeGreaterThan(1);
    expect(wide).toMatch(/│ owner +│ Target \(USD\) │ Won to date \(USD\) │ Attained │/);
  });
});
