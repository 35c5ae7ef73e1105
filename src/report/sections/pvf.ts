/** The Pipeline Value Factor per stage (METRICS.md "Pipeline Value Factor (PVF)") as a section. */
import type { PvfResult } from '../../metrics/pvf.js';
import { actualVsRequiredSvg } from '../svg.js';
import { formatMoney } from '../format.js';
import { column, type SectionView } from '../view.js';
import { reasonNotes } from './groupView.js';

export function pvfJson(result: PvfResult) {
  return {
    target: result.target,
    periodDays: result.periodDays,
    equalDwellAssumed: result.equalDwellAssumed,
    equalDwellDays: result.equalDwellDays,
    thresholds: { thin: result.thin, heavy: result.heavy },
    stages: result.stages,
    total: result.total,
  };
}

export function pvfSection(result: PvfResult, periodLabel: string): SectionView {
  return {
    title: 'Pipeline Value Factor by stage',
    text: [
      `to make ${formatMoney(result.target)} every ${periodLabel} (${result.periodDays} days): pvf = (dwell days / period days) / value conversion to won; required value = pvf x target`,
      ...(result.equalDwellAssumed ? [`ASSUMPTION (--assume-equal-dwell): no measured time in stage; the average won cycle is split equally, ${result.equalDwellDays?.value?.toFixed(1) ?? 'n/a'} days per open stage`] : []),
      `PVF total ${result.total.pvf.value === null ? 'n/a' : result.total.pvf.value.toFixed(3)}: hold ${result.total.requiredValue.value === null ? 'n/a' : formatMoney(result.total.requiredValue.value)} of open pipeline across the stages; today ${formatMoney(result.total.openValue)}`,
    ],
    svg: () => actualVsRequiredSvg(
      result.stages.map((stage) => ({ label: stage.stage, actual: stage.openValue, required: stage.requiredValue.value })),
      'Open value per stage against the value PVF requires',
      formatMoney,
    ),
    tables: [
      {
        columns: [
          column('stage', 'Stage'),
          column('reached', 'n', 'count'),
          column('valueConversion', 'Conversion', 'ratio'),
          column('dwellDays', 'Dwell days', 'days'),
          column('requiredMultiple', 'Required multiple', 'multiple'),
          column('pvf', 'PVF', 'number'),
          column('requiredValue', 'Required value', 'money'),
          column('openValue', 'Open value', 'money'),
          column('ratio', 'Ratio', 'multiple'),
          column('status', 'Status'),
        ],
        rows: result.stages.map((stage) => ({
          stage: stage.stage,
          reached: stage.reached,
          valueConversion: stage.valueConversion.value,
          dwellDays: stage.dwellDays.value,
          requiredMultiple: stage.requiredMultiple.value,
          pvf: stage.pvf.value,
          requiredValue: stage.requiredValue.value,
          openValue: stage.openValue,
          ratio: stage.ratio.value,
          status: stage.status ?? 'n/a',
        })),
        total: { stage: 'Total', pvf: result.total.pvf.value, requiredValue: result.total.requiredValue.value, openValue: result.total.openValue, ratio: result.total.ratio.value, status: '' },
        notes: [
          `thin below ${result.thin}x of the requirement, heavy above ${result.heavy}x`,
          ...reasonNotes([...result.stages.map((stage) => ({ label: { stage: stage.stage }, reasons: { pvf: stage.pvf.reason ?? stage.ratio.reason } })), { label: null, reasons: { pvf: result.total.pvf } }]),
        ],
      },
    ],
  };
}
