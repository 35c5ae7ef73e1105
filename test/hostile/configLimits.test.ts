/**
 * Issue 18: configs that passed validation and then ended in an internal error, NaN in a report,
 * or a silently wrong answer. Each is refused when the config is read: exit 2, one line naming
 * the key's path. Through the real binary.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, tempDir } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

async function refusedConfig(yaml: string): Promise<{ code: number; stdout: string; lines: string[] }> {
  const path = join(tempDir(), 'dealmath.yaml');
  writeFileSync(path, yaml);
  const result = await run(['winrate', join(EXAMPLES, 'deals.csv'), '--config', path, '--as-of', '2026-11-20']);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
  return { code: result.code, stdout: result.stdout, lines: result.stderr.trimEnd().split('\n') };
}

describe('config values refused by key path', () => {
  const cases: [string, string, RegExp][] = [
    // Every lost deal became open: win rate 100%.
    ['a label both won and lost', 'won: [Closed Won]\nlost: [closed won, Closed Lost]\n', /dealmath\.yaml: lost\.0: also a won label \(a label is won or lost, not both\), got "closed won"$/],
    // The defaults count too: `Closed Lost` is a default lost label.
    ['a won label that is a default lost label', 'won: [Closed Won, Closed Lost]\n', /dealmath\.yaml: won\.1: also a lost label \(a label is won or lost, not both\), got "Closed Lost"$/],
    // A rate of 1e308 made sums Infinity: "internal error: non-finite number".
    ['a currency rate of 1e308', 'currency: { base: USD, rates: { EUR: 1e308 } }\n', /dealmath\.yaml: currency\.rates\.EUR: .*at most 1e9.*, got 1e\+308/],
    ['a currency rate of 1e-300', 'currency: { base: USD, rates: { EUR: 1e-300 } }\n', /dealmath\.yaml: currency\.rates\.EUR: .*at least 1e-9.*, got 1e-300/],
    // PVF's thin/heavy bands out of order ended in an internal error.
    ['thin above heavy', 'thresholds: { thin: 5, heavy: 0.1 }\n', /dealmath\.yaml: thresholds\.heavy: .*above thresholds\.thin/],
    ['a heavy threshold of 1e308', 'thresholds: { heavy: 1e308 }\n', /dealmath\.yaml: thresholds\.heavy: .*at most 1000/],
    // Quadrant levels near the double limit: weighted scores overflowed to NaN in the Markdown report.
    [
      'a quadrant level near the double limit',
      'quadrant:\n  future:\n    model:\n      elements:\n        - { name: fit, weight: 1, levels: { High: 1.7e308, Medium: 50, Low: 0 } }\n',
      /dealmath\.yaml: quadrant\.future\.model\.elements\.0\.levels\.High: .*at most 1e15/,
    ],
    [
      'a quadrant weight near the double limit',
      'quadrant:\n  future:\n    model:\n      elements:\n        - { name: fit, weight: 1e308, levels: { High: 100, Medium: 50, Low: 0 } }\n',
      /dealmath\.yaml: quadrant\.future\.model\.elements\.0\.weight: .*at most 1e9/,
    ],
    ['a quadrant threshold near the double limit', 'quadrant:\n  current: { threshold: -1e308 }\n', /dealmath\.yaml: quadrant\.current\.threshold: .*at least -1e15/],
    ['a report target near the double limit', 'report:\n  target: 1e308\n', /dealmath\.yaml: report\.target: .*at most 1e15/],
  ];
  for (const [name, yaml, message] of cases) {
    it(name, async () => {
      const { code, stdout, lines } = await refusedConfig(yaml);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect([code, stdout]).toEqual([2, '']);
    });
  }

  it('ordinary values still pass (the example config and a config within every bound)', async () => {
    const path = join(tempDir(), 'dealmath.yaml');
    writeFileSync(path, 'won: [Closed Won]\nlost: [Closed Lost]\ncurrency: { base: USD, rates: { EUR: 1.08, JPY: 0.0067 } }\nthresholds: { thin: 0.8, heavy: 1.5 }\n');
    const result = await run(['winrate', join(EXAMPLES, 'deals.csv'), '--config', path, '--as-of', '2026-11-20', '--json']);
    expect(result.code).toBe(0);
    expect((await run(['winrate', join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--json'])).code).toBe(0);
  });
});
