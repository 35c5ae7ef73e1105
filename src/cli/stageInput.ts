/** Stage-history input for commands (wired to the stage-history metrics). */
import type { Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import type { Deal, DayNumber } from '../model/types.js';

export async function stalledCheck(
  _history: string,
  _config: Config,
  _asOf: DayNumber,
  _delimiter: string | undefined,
): Promise<(deal: Deal) => { daysInStage: number; averageDwellDays: number } | null> {
  throw new DealmathError('usage', '--history is not available yet');
}
