/**
 * `dealmath pvf FILE... --history H (--target T | --reps FILE)`: what multiple of the target
 * must sit in each open stage at any time to make the target every period.
 */
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import { pvf } from '../../metrics/pvf.js';
import { runPlan } from '../../engine/run.js';
import { inferredStagesNote, withInferredStages } from '../../engine/stageInput.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import { funnelOutput, requireFunnel } from '../../report/sections/funnel.js';
import { pvfJson, pvfSection } from '../../report/sections/pvf.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import { targetPeriodDays } from '../periodOptions.js';
import { teamQuotaOf } from '../../model/quotas.js';

export interface PvfFlags extends CommonFlags {
  history?: string[];
  target?: number;
  reps?: string;
  assumeEqualDwell?: boolean;
}

export async function pvfCommand(files: string[], flags: PvfFlags, terminal: Terminal): Promise<number> {
  if ((flags.target === undefined) === (flags.reps === undefined)) {
    throw new DealmathError('usage', 'give a target: --target AMOUNT per period, or --reps FILE (the target is the sum of quotas)');
  }
  // --period names the target period here, not a window: conversion and dwell use --from/--to or all deals.
  const { period: periodText, ...windowFlags } = flags;
  const { analysis, inferred } = await withInferredStages(await prepareAnalysis(files, windowFlags, terminal));
  const target = flags.target ?? teamQuotaOf(await analysis.inputs.reps(flags.reps as string));
  if (target === null) throw new DealmathError('usage', `no rep in ${flags.reps as string} has a quota: give --target AMOUNT`);
  if (!(target > 0)) throw new DealmathError('usage', 'the target must be above 0');
  const period = targetPeriodDays(periodText, analysis.asOf, analysis.config.fiscalYearStartMonth);
  const stage = await analysis.inputs.stage(flags.history, analysis.config);
  const { run, results: [measured] } = await runPlan({ input: analysis.input, steps: [{ metric: 'funnel', options: { scope: analysis.scope, asOf: analysis.asOf, minSample: analysis.minSample, stage } }] }, runEnvironment(terminal));
  const funnel = requireFunnel(measured.funnel);
  const assumeEqualDwell = flags.assumeEqualDwell === true;
  if (!assumeEqualDwell && funnel.stages.every((entry) => entry.dwellN === 0)) {
    throw new DealmathError('missing-input', 'time in stage is unknown: PVF needs a stage history (--history FILE, or HubSpot "Date entered" columns); or pass --assume-equal-dwell to split the average won cycle equally across the open stages');
  }
  const result = pvf(funnel, { target, periodDays: period.days, thin: analysis.config.thresholds.thin, heavy: analysis.config.thresholds.heavy, assumeEqualDwell });
  const warnings = [...inferredStagesNote(inferred), ...funnelOutput(funnel, stage).warnings, ...(result.equalDwellAssumed ? ['--assume-equal-dwell: dwell is the average won cycle split equally across the open stages, not measured'] : [])];
  const json = { ...documentHeader('pvf', analysis, run, warnings), period: period.label, historySource: stage.source, ...pvfJson(result) };
  await emit({ json, view: () => ({ title: 'Pipeline Value Factor', subtitle: subtitleLines(analysis, run), sections: [pvfSection(result, period.label)] }) }, flags, terminal);
  reportRunNotes('pvf', run, warnings, terminal);
  return EXIT_OK;
}
