/**
 * The report's funnel and PVF sections on a Salesforce opportunity report export with no
 * `stages:` in any config: the report infers the stage order as `funnel` and `pvf` do (the
 * same function), says so, and gives the same figures; when a section cannot be computed it
 * names what is truly missing (the stage history or lost_stage, or the stage order).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { run } from './inProcess.js';

// A Salesforce report export as a QA pass saved it: quoted fields, "USD 1,200.00" amounts,
// M/D/YYYY dates, a blank line and three footer lines; no config, so no stages: list.
const SALESFORCE_EXPORT = [
  '"Opportunity Name","Opportunity Owner","Account Name","Stage","Amount","Close Date","Created Date","Probability (%)","Opportunity ID"',
  '"Acme - Renewal","Jane Doe","Acme","Closed Won","USD 1,200.00","3/15/2026","1/2/2026","100","0061"',
  '"Beta - New","Jane Doe","Beta","Closed Lost","USD 2,500.00","3/20/2026","1/10/2026","0","0062"',
  '"Gamma - New","John Roe","Gamma","Prospecting","USD 10,000.00","6/30/2026","2/1/2026","10","0063"',
  '"Delta - New","John Roe","Delta","Closed Won","USD 3,000.50","4/1/2026","2/14/2026","100","0064"',
  '"Eps - New","John Roe","Eps","Negotiation/Review","USD 7,000.00","5/31/2026","3/1/2026","90","0065"',
  '',
  '"Grand Totals (5 records)",,,,"USD 23,701.00",,,,',
  '"Confidential Information - Do Not Distribute"',
  '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
  '',
].join('\n');

const HISTORY = [
  'deal_id,stage,entered',
  '0061,Prospecting,2026-01-02',
  '0061,Negotiation/Review,2026-02-01',
  '0061,Closed Won,2026-03-15',
  '0062,Prospecting,2026-01-10',
  '0062,Closed Lost,2026-03-20',
  '0063,Prospecting,2026-02-01',
  '0064,Prospecting,2026-02-14',
  '0064,Negotiation/Review,2026-03-01',
  '0064,Closed Won,2026-04-01',
  '0065,Prospecting,2026-03-01',
  '0065,Negotiation/Review,2026-04-01',
  '',
].join('\n');

const INFERRED_NOTE = 'stage order not in the config, inferred: Prospecting > Negotiation/Review (every open stage is a stage of the standard Salesforce pipeline); set stages: in the config to change it';

function salesforceFiles(): { dir: string; deals: string; history: string } {
  const dir = tempDir();
  const deals = join(dir, 'sf.csv');
  const history = join(dir, 'hist.csv');
  writeFileSync(deals, SALESFORCE_EXPORT);
  writeFileSync(history, HISTORY);
  return { dir, deals, history };
}

describe('dealmath report: the stage order inferred as funnel and pvf infer it', () => {
  it('gives the funnel in the standard Salesforce order, with the figures of `funnel` on the same inputs', async () => {
    const { dir, deals, history } = salesforceFiles();
    const common = [deals, '--as-of', '2026-04-15', '--history', history];
    const report = await run(['report', ...common, '--target', '10000', '--json'], { cwd: dir });
    expect(report.code).toBe(0);
    const funnelRun = await run(['funnel', ...common, '--json'], { cwd: dir });
    expect(funnelRun.code).toBe(0);
    const fromReport = JSON.parse(report.stdout);
    const fromFunnel = JSON.parse(funnelRun.stdout);

    // Said, never used silently: the same note as funnel's, in the JSON and on stderr.
    expect(fromReport.warnings).toContain(INFERRED_NOTE);
    expect(fromFunnel.warnings).toContain(INFERRED_NOTE);
    expect(report.stderr).toContain(`dealmath report: ${INFERRED_NOTE}`);

    const reportStages = fromReport.sections.funnel.stages;
    expect(reportStages.map((entry: { stage: string }) => entry.stage)).toEqual(['Prospecting', 'Negotiation/Review']);
    expect(reportStages.map((entry: { stage: string }) => entry.stage)).toEqual(fromFunnel.stages.map((entry: { stage: string }) => entry.stage));
    expect(reportStages[0].reached).toBe(fromFunnel.stages[0].reached);
    expect(reportStages[0].winConversion).toEqual(fromFunnel.stages[0].winConversion);
    expect(reportStages[1].averageDwellDays).toEqual(fromFunnel.stages[1].averageDwellDays);
    expect(reportStages).toEqual(fromFunnel.stages);

    // Hand-computed from the history above. Prospecting: all five deals reached it; of the four
    // that left it (0063 is still there), three went on to Negotiation/Review (0061, 0064, 0065):
    // 3/4. Closed deals that reached it: 0061 and 0064 won, 0062 lost: 2/3. Its dwell over the
    // closed deals: 0061 Jan 2 -> Feb 1 = 30 days, 0062 Jan 10 -> Mar 20 = 69, 0064 Feb 14 ->
    // Mar 1 = 15: mean 38, median 30.
    expect(reportStages[0]).toMatchObject({ stage: 'Prospecting', reached: 5, nextStageConversion: { value: 0.75, reason: null }, closedReached: 3, dwellN: 3, averageDwellDays: { value: 38, reason: null }, medianDwellDays: { value: 30, reason: null }, open: 1, openValue: 10000 });
    expect(reportStages[0].winConversion.value).toBeCloseTo(2 / 3, 12);
    // Negotiation/Review: 0061 Feb 1 -> Mar 15 = 42 days, 0064 Mar 1 -> Apr 1 = 31: mean 36.5; both won.
    expect(reportStages[1]).toMatchObject({ stage: 'Negotiation/Review', reached: 3, closedReached: 2, winConversion: { value: 1, reason: null }, averageDwellDays: { value: 36.5, reason: null }, open: 1, openValue: 7000 });

    // PVF is computed too, against the target; no section is left out for want of a stage order.
    expect(fromReport.sections.pvf).not.toBeNull();
    expect(fromReport.notes.filter((note: string) => /^(funnel|pvf) left out/.test(note))).toEqual([]);
  });

  it('gives the same PVF per stage as `pvf` on the same inputs', async () => {
    const { dir, deals, history } = salesforceFiles();
    const common = [deals, '--as-of', '2026-04-15', '--history', history, '--target', '10000', '--json'];
    const fromReport = JSON.parse((await run(['report', ...common], { cwd: dir })).stdout);
    const pvfRun = await run(['pvf', ...common, '--period', 'quarter'], { cwd: dir });
    expect(pvfRun.code).toBe(0);
    const fromPvf = JSON.parse(pvfRun.stdout);
    expect(fromPvf.warnings).toContain(INFERRED_NOTE);
    expect(fromReport.sections.pvf.stages.map((entry: { stage: string }) => entry.stage)).toEqual(['Prospecting', 'Negotiation/Review']);
    expect(fromReport.sections.pvf.stages).toEqual(fromPvf.stages);
  });

  it('without a history or lost_stage, names them as what is missing (the order is known)', async () => {
    const { dir, deals } = salesforceFiles();
    const args = ['report', deals, '--as-of', '2026-04-15', '--target', '10000'];
    const doc = JSON.parse((await run([...args, '--json'], { cwd: dir })).stdout);
    expect(doc.warnings).toContain(INFERRED_NOTE);
    expect(doc.sections.funnel).toBeNull();
    expect(doc.sections.pvf).toBeNull();
    expect(doc.notes).toContain('funnel left out: needs stage information: a stage history (--history) or a lost_stage column');
    expect(doc.notes).toContain('pvf left out: needs a stage history with time in stage (--history)');
    const markdown = (await run([...args, '--format', 'md'], { cwd: dir })).stdout;
    expect(markdown).toMatch(/## Funnel by stage\n\nLeft out: needs stage information: a stage history \(--history\) or a lost\\_stage column\./);
    expect(markdown).not.toMatch(/needs the stage order/);
  });

  it('names the stage order as what is missing when it cannot be inferred', async () => {
    // "Proposal" is in no standard pipeline and has no probability column: nothing orders it.
    const dir = tempDir();
    const deals = join(dir, 'deals.csv');
    writeFileSync(deals, 'deal_id,owner,stage,amount,created,close\nW1,Ann,Closed Won,10000,2026-01-05,2026-02-01\nL1,Bob,Closed Lost,5000,2026-01-10,2026-03-01\nO1,Ann,Proposal,7000,2026-02-01,2026-05-30\n');
    const doc = JSON.parse((await run(['report', deals, '--as-of', '2026-04-15', '--json'], { cwd: dir })).stdout);
    expect(doc.warnings.filter((warning: string) => warning.startsWith('stage order not in the config'))).toEqual([]);
    expect(doc.notes).toContain('funnel left out: needs the stage order: list the stages under stages: in the config (none could be inferred from the deals)');
    expect(doc.notes).toContain('pvf left out: needs a target (--reps or --target) and the stage order (stages: in the config; none could be inferred from the deals)');
  });
});

describe('an inferred stage order is no list a stage must be on', () => {
  it('a stage first seen after the sample (in a second file) is read, not rejected as unknown-stage', async () => {
    const { dir, deals, history } = salesforceFiles();
    const later = join(dir, 'later.csv');
    // The first file decides the order (Prospecting > Negotiation/Review); Qualification comes later.
    writeFileSync(later, ['"Opportunity Name","Opportunity Owner","Account Name","Stage","Amount","Close Date","Created Date","Probability (%)","Opportunity ID"', '"Zeta - New","Jane Doe","Zeta","Qualification","USD 500.00","6/15/2026","3/5/2026","20","0066"', ''].join('\n'));
    for (const command of [['funnel', deals, later, '--history', history], ['report', deals, later, '--history', history, '--target', '10000']]) {
      const result = await run([...command, '--as-of', '2026-04-15', '--json'], { cwd: dir });
      expect(result.code, command[0]).toBe(0);
      const doc = JSON.parse(result.stdout);
      // 5 deals in sf.csv (its footer lines are not rows) + Zeta: none rejected. Before, Zeta was
      // rejected (unknown-stage: "expected one of the configured stages") though no stage was configured.
      expect(doc.rowsRejected, command[0]).toBe(0);
      expect(result.stderr).not.toContain('unknown-stage');
    }
  });
});
