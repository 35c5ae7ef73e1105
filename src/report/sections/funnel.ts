/** Funnel conversion and time in stage (METRICS.md "Stage conversion") for people and for JSON. */
import { DealmathError } from '../../model/errors.js';
import type { FunnelAvailable, FunnelResult } from '../../metrics/funnel.js';
import type { StageInput } from '../../engine/stageInput.js';
import { rateBarsSvg } from '../svg.js';
import { column, type SectionView } from '../view.js';
import { reasonNotes } from './groupView.js';
import { metricOutput } from './output.js';

/** No sections when the funnel cannot be known (the report says why in a note instead). */
/** The funnels of `--by` groups, for the JSON and the sections. */
export interface FunnelGroups {
  readonly by: readonly string[];
  readonly groups: readonly { readonly key: Readonly<Record<string, string>>; readonly funnel: FunnelResult }[];
}

export function funnelOutput(funnel: FunnelResult, stage: Pick<StageInput, 'source'>, grouped: FunnelGroups | null = null) {
  if (!funnel.available) return { json: { funnel }, sections: [], warnings: [] };
  const warnings = funnel.lostWithoutStageInformation > 0 ? [`${funnel.lostWithoutStageInformation} lost deals have no stage information (no history, no lost_stage) and are left out of every stage: conversion is biased upwards`] : [];
  const groupSections = (): SectionView[] =>
    (grouped?.groups ?? []).flatMap(({ key, funnel: groupFunnel }) => {
      const label = grouped === null ? '' : grouped.by.map((dimension) => `${dimension} ${key[dimension] ?? ''}`).join(', ');
      return groupFunnel.available ? [{ ...funnelSection(groupFunnel, stage), title: `Funnel by stage: ${label}` }] : [{ title: `Funnel by stage: ${label}`, tables: [], skipped: `No stage information: ${groupFunnel.detail}.` }];
    });
  return metricOutput({ json: { funnel }, warnings }, () => [funnelSection(funnel, stage), ...groupSections()]);
}

/** `by` and `groups` of `funnel --by`: each group's key and funnel (`available: false` with why when it has no stage information). */
export function funnelGroupsJson(grouped: FunnelGroups | null) {
  if (grouped === null) return {};
  return {
    by: grouped.by,
    groups: grouped.groups.map(({ key, funnel }) => (funnel.available ? { key, available: true, ...funnelJson(funnel) } : { key, available: false, detail: funnel.detail })),
  };
}

/** Stops a command that cannot know stage conversion, naming the input that would make it possible. */
export function requireFunnel(funnel: FunnelResult): FunnelAvailable {
  if (funnel.available) return funnel;
  throw new DealmathError(
    'missing-input',
    `stage conversion cannot be known: ${funnel.detail}; give a stage history with --history FILE (deal_id, stage, entered), or a lost_stage column in the deals file`,
  );
}

export function funnelJson(funnel: FunnelAvailable) {
  return {
    deals: funnel.deals,
    closed: funnel.closed,
    dealsWithHistory: funnel.dealsWithHistory,
    reachBasis: funnel.reachBasis,
    lostWithoutStageInformation: funnel.lostWithoutStageInformation,
    averageWonCycleDays: funnel.averageWonCycleDays,
    stages: funnel.stages.map((entry) => ({
      stage: entry.stage,
      reached: entry.reached,
      closedReached: entry.closedReached,
      nextStage: entry.nextStage,
      nextStageConversion: entry.nextStageConversion,
      nextStageN: entry.nextStageN,
      winConversion: entry.winConversion,
      valueConversion: entry.valueConversion,
      n: entry.closedReached,
      interval: entry.winConversionInterval,
      smallSample: entry.smallSample,
      averageDwellDays: entry.averageDwellDays,
      medianDwellDays: entry.medianDwellDays,
      dwellN: entry.dwellN,
      open: entry.open,
      openValue: entry.openValue,
    })),
  };
}

export function funnelSection(funnel: FunnelAvailable, stage: Pick<StageInput, 'source'>): SectionView {
  const source = funnel.dealsWithHistory > 0 ? (stage.source === 'history' ? 'the stage history' : 'the "Date entered" columns') : 'lost_stage and the stage order';
  return {
    title: 'Funnel by stage',
    text: [
      `reach and time in stage from ${source}; a deal reached every stage up to the furthest it entered; conversion to won among closed deals that reached the stage`,
    ],
    svg: () => rateBarsSvg(
      funnel.stages.map((entry) => ({ label: entry.stage, rate: entry.winConversion.value, low: entry.winConversionInterval?.low ?? null, high: entry.winConversionInterval?.high ?? null })),
      'Conversion to won from each stage, with 95% interval',
    ),
    tables: [
      {
        columns: [
          column('stage', 'Stage'),
          column('reached', 'Reached', 'count'),
          column('nextStageConversion', 'To next', 'ratio'),
          column('winConversion', 'To won', 'ratio'),
          column('interval', '95% CI', 'interval'),
          column('n', 'n', 'count'),
          column('valueConversion', 'To won (value)', 'ratio'),
          column('averageDwellDays', 'Avg days', 'days'),
          column('medianDwellDays', 'Median days', 'days'),
          column('open', 'Open now', 'count'),
          column('openValue', 'Open value', 'money'),
          column('flag', 'Flag'),
        ],
        rows: funnel.stages.map((entry) => ({
          stage: entry.stage,
          reached: entry.reached,
          nextStageConversion: entry.nextStageConversion.value,
          winConversion: entry.winConversion.value,
          interval: entry.winConversionInterval,
          n: entry.closedReached,
          valueConversion: entry.valueConversion.value,
          averageDwellDays: entry.averageDwellDays.value,
          medianDwellDays: entry.medianDwellDays.value,
          open: entry.open,
          openValue: entry.openValue,
          flag: entry.smallSample ? 'small sample' : '',
        })),
        notes: reasonNotes(
          funnel.stages.map((entry) => ({
            label: { stage: entry.stage },
            reasons: { 'to next': entry.nextStageConversion, 'to won': entry.winConversion, 'to won (value)': entry.valueConversion, days: entry.averageDwellDays },
          })),
        ),
      },
    ],
  };
}
