/** The existing-customer / new-business win-rate ratio (metrics/typeRatio.ts) for people. */
import type { TypeRatioResult } from '../../metrics/typeRatio.js';
import { column, type SectionView } from '../view.js';

export function typeRatioSection(result: TypeRatioResult): SectionView {
  const times = (value: number): string => `${value.toFixed(2)}x`;
  const statement =
    result.ratio.value === null
      ? `existing customers against new business: ${result.ratio.reason?.message ?? 'n/a'}`
      : `existing customers (expansion and renewal) win ${times(result.ratio.value)} as often as new business` +
        (result.interval.value === null ? ` (interval ${result.interval.reason?.message ?? 'n/a'})` : ` (95% interval ${times(result.interval.value.low)} to ${times(result.interval.value.high)}, Katz log method)`);
  const row = (label: string, side: TypeRatioResult['existing']) => ({ side: label, won: side.won, n: side.n, unitWinRate: side.unitWinRate.value });
  return {
    title: 'Existing customers against new business',
    text: [statement],
    tables: [
      {
        columns: [column('side', 'Deals'), column('won', 'Won', 'count'), column('n', 'n', 'count'), column('unitWinRate', 'Win rate', 'ratio')],
        rows: [row('expansion + renewal', result.existing), row('new business', result.newBusiness)],
        ...(result.otherTypes.length === 0 ? {} : { notes: [`left out (not a known deal type): ${result.otherTypes.join(', ')}`] }),
      },
    ],
  };
}
