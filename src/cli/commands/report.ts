/** `dealmath report FILE...`: every analysis the inputs allow in one document, one pass over the deals
 * (report/build.ts), from the inputs the config and flags name; `--fail-on` makes it a CI check. */
import type { NamedPeriod } from '../../model/calendar.js';
import type { SeriesUnit } from '../../model/series.js';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../../model/errors.js';
import { REPORT_SECTIONS } from '../../model/reportConfig.js';
import { loadConfig } from '../../io/loadConfig.js';
import { DEFAULT_WHAT_IF, REPORT_FAIL_METRICS, buildReport } from '../../report/build.js';
import { renderHtmlDocument } from '../../report/renderers/html.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import { parseFailOn, reportBreaches } from '../failOn.js';
import { parseWhatIf } from '../whatIfOption.js';
import { readReportInputs, reportInputs } from '../reportInputs.js';
import { withInferredStages } from '../../engine/stageInput.js';

export interface ReportFlags extends CommonFlags {
  history?: string[];
  accounts?: string[];
  reps?: string;
  snapshot?: string[];
  target?: number;
  whatIf?: string;
  failOn?: string;
  title?: string;
  every?: SeriesUnit;
}

export async function reportCommand(files: string[], flags: ReportFlags, terminal: Terminal): Promise<number> {
  const loaded = await loadConfig(flags.config, terminal.cwd);
  const settings = loaded.config.report ?? {};
  const { dealFiles, historyPaths, accountPaths, repsPath, snapshots } = await reportInputs(files, flags, loaded, terminal);
  const conditions = parseFailOn(flags.failOn ?? settings.failOn ?? '', REPORT_FAIL_METRICS);
  const levers = parseWhatIf(flags.whatIf ?? settings.whatIf ?? DEFAULT_WHAT_IF);
  // The stage order the config lacks is inferred as funnel and pvf infer it (the same function), and said.
  const { analysis, inferred } = await withInferredStages(await prepareAnalysis(dealFiles, { ...flags, period: flags.period ?? settings.period ?? 'this-quarter', by: [] }, terminal, loaded));
  const sections = settings.sections ?? REPORT_SECTIONS;
  const inputs = await readReportInputs({ historyPaths, accountPaths, repsPath }, analysis, sections);
  const report = await buildReport(
    {
      input: analysis.input, asOf: analysis.asOf, period: analysis.period as NamedPeriod, basis: analysis.scope.basis, minSample: analysis.minSample,
      sections, by: settings.by ?? 'owner', title: flags.title ?? settings.title ?? 'Pipeline review', levers, target: flags.target ?? settings.target ?? null, every: flags.every, snapshots, ...inputs,
      inferredStages: inferred, generatedAt: analysis.generatedAt, otherInputs: analysis.inputs.files,
    },
    runEnvironment(terminal),
  );
  await emit({ json: report.json, view: report.view }, flags, terminal, { formats: ['table', 'json', 'md', 'html'], html: (document) => renderHtmlDocument(document) });
  reportRunNotes('report', report.run, report.warnings, terminal);
  return reportBreaches('report', conditions, report.kpis, terminal) ? EXIT_CHECK_FAILED : EXIT_OK;
}
