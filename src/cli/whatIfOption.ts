/** `--what-if n=+10%,value=+10%,win=+10%,cycle=-10%`: relative lever changes (METRICS.md "Sales velocity", What-if). */
import { DealmathError } from '../model/errors.js';
import type { VelocityLevers } from '../metrics/whatIf.js';
import { parseNumberInRange } from './numberOption.js';

const LEVER_NAMES: Readonly<Record<string, keyof VelocityLevers>> = {
  n: 'deals', deals: 'deals', opportunities: 'deals',
  value: 'value', a: 'value', amount: 'value',
  win: 'winRate', w: 'winRate', winrate: 'winRate',
  cycle: 'cycle', l: 'cycle', length: 'cycle',
};

/** A lever may fall by at most 100% and grow by at most 1000% (x11): beyond is a typo, not a scenario. */
const MAX_CHANGE = 10;

/** `n=+10%,value=+10%,win=+10%,cycle=-10%` -> relative lever changes. */
export function parseWhatIf(text: string): VelocityLevers {
  const levers: Record<string, number> = {};
  for (const part of text.split(',').map((piece) => piece.trim()).filter((piece) => piece !== '')) {
    const match = /^([a-z]+)\s*=\s*([^%]*)(%?)$/i.exec(part);
    const lever = match ? LEVER_NAMES[(match[1] ?? '').toLowerCase()] : undefined;
    const percent = match?.[3] === '%';
    const number = match ? parseNumberInRange(match[2] ?? '', { min: -Infinity, max: Infinity }) : null;
    if (!match || lever === undefined || number === null) {
      throw new DealmathError('usage', `--what-if "${part}": expected LEVER=+10% with LEVER one of n, value, win, cycle`);
    }
    const change = percent ? number / 100 : number;
    if (change <= -1 && lever === 'cycle') throw new DealmathError('usage', `--what-if "${part}": a cycle cannot shrink by 100% or more`);
    if (change < -1) throw new DealmathError('usage', `--what-if "${part}": a lever cannot fall by more than 100%`);
    if (change > MAX_CHANGE) throw new DealmathError('usage', `--what-if "${part}": a lever can grow by at most 1000%`);
    levers[lever] = change;
  }
  return levers as VelocityLevers;
}

/** The commander parser: checks the levers before anything is read and keeps the text (the config may hold one too). */
export function whatIfOption(text: string): string {
  parseWhatIf(text);
  return text;
}
