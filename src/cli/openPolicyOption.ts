/** `--open exclude|include|age-out[:DAYS]` (METRICS.md "Win rates"), for winrate and `sql winrate`. */
import { InvalidArgumentError } from 'commander';
import type { OpenPolicy } from '../metrics/winRate.js';
import { describeRange, parseNumberInRange } from './numberOption.js';

/** age-out:DAYS beyond a hundred years is a typo, not a policy. */
const AGE_OUT_DAYS = { min: 1, max: 36_500, integer: true } as const;

// Parsed in the program rather than in the command module, so that help and --version import nothing else.
export function parseOpenPolicyOption(text: string): OpenPolicy {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'exclude' || trimmed === 'include') return { kind: trimmed };
  const match = /^age-?out(?::(.*))?$/.exec(trimmed);
  const days = match?.[1] === undefined ? null : parseNumberInRange(match[1], AGE_OUT_DAYS);
  if (match && (match[1] === undefined || days !== null)) return { kind: 'age-out', days };
  throw new InvalidArgumentError(`expected exclude, include, age-out or age-out:DAYS (DAYS ${describeRange(AGE_OUT_DAYS)}), got "${text}"`);
}
