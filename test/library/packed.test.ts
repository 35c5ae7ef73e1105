/**
 * The package as npm ships it (`npm pack`), installed next to its dependencies, imported by
 * its name: every public name is there and typed, and it does what the command line does (a
 * run plan over the examples, the weekly report). Needs dist/ (npm test builds it first).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import * as source from '../../src/index.js';
import { EXAMPLES, ROOT, tempDir } from '../cli/helpers.js';
import { unexportedTypes } from '../support/unexportedTypes.js';

/** What a library user needs to do what the CLI does (issue 14); every other export is checked too. */
const REQUIRED = [
  'readDeals', 'readAccounts', 'readHistory', 'readReps', 'loadConfig', 'parseConfig',
  'runPlan', 'STEPS', 'buildReport', 'loadStageInput', 'stalledInputFor',
  'winRateFold', 'velocityFold', 'whatIf', 'velocityChange', 'coverageFold', 'funnelFold', 'pvf', 'stageDwellFold',
  'entityStatsFold', 'pareto', 'gini', 'repLeversFold', 'scorecard', 'quadrants', 'accountRevenueFold', 'accountInputs', 'integrityFold',
  'winRateOutput', 'velocityOutput', 'coverageOutput', 'funnelOutput', 'paretoOutput', 'scorecardOutput', 'quadrantOutput', 'integrityOutput',
  'renderJson', 'renderCsvDocument', 'renderMarkdownDocument', 'renderTableDocument', 'renderHtmlDocument',
];

let app = '';

beforeAll(() => {
  const dir = tempDir();
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })) as { filename: string }[];
  app = join(dir, 'app');
  const modules = join(app, 'node_modules');
  mkdirSync(join(modules, 'dealmath'), { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, (packed as { filename: string }).filename), '-C', join(modules, 'dealmath'), '--strip-components=1']);
  // The dependencies as npm would install them: this checkout's, linked (no network in a test).
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== '.bin' && name !== 'dealmath') symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module', private: true }));
}, 120_000);

let program: ts.Program | null = null;

/**
 * A consumer importing every public name from 'dealmath', compiled once for the two type tests
 * (a tsc process and a second program took 7 s of the suite). skipLibCheck off: the package's
 * .d.ts files are checked; TypeScript's own lib files are not ours to check (skipDefaultLibCheck).
 */
function consumerProgram(): ts.Program {
  if (program !== null) return program;
  const names = Object.keys(source).filter((name) => !/^[A-Z_0-9]+$/.test(name) || REQUIRED.includes(name));
  const check = join(app, 'check.ts');
  writeFileSync(check, `import { ${names.join(', ')} } from 'dealmath';\nimport type { RunPlan, ReportRequest, Figure, StepResult } from 'dealmath';\nconst used: unknown[] = [${names.join(', ')}];\nexport type Used = [RunPlan, ReportRequest, Figure, StepResult<'winrate'>, typeof used];\n`);
  program = ts.createProgram([check], { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: false, skipDefaultLibCheck: true, types: [] });
  return program;
}

function node(script: string): string {
  writeFileSync(join(app, 'script.mjs'), script);
  return execFileSync(process.execPath, [join(app, 'script.mjs')], { cwd: app, encoding: 'utf8', env: { ...process.env, DEALMATH_WORKERS: '2', DEALMATH_PARALLEL_MIN_BYTES: '0' } });
}

describe('the packed package', () => {
  it('exports every public name of src/index.ts, with the same kind', () => {
    const kinds = JSON.parse(node("import * as d from 'dealmath'; console.log(JSON.stringify(Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v]))));")) as Record<string, string>;
    const expected = Object.fromEntries(Object.entries(source).map(([name, value]) => [name, typeof value]));
    expect(kinds).toEqual(expected);
    for (const name of REQUIRED) expect(kinds[name], name).toBeDefined();
  });

  it('types every public name (dist/index.d.ts through the package name)', () => {
    const errors = ts.getPreEmitDiagnostics(consumerProgram()).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(errors).toEqual([]);
  }, 60_000);

  it('exports every type its public names use, so that a user can name each (an input to build, a result to keep)', () => {
    expect(unexportedTypes(join(app, 'node_modules/dealmath/dist/index.d.ts'), consumerProgram())).toEqual([]);
  }, 60_000);

  it('runs a plan in parts and builds the report, as the command line does', () => {
    const out = node(`
      import { DEFAULT_CONFIG, buildReport, parseIsoDay, parsePeriod, runPlan } from 'dealmath';
      const config = { ...DEFAULT_CONFIG, currency: { base: 'USD', rates: { EUR: 1.08, GBP: 1.27 } } };
      const asOf = parseIsoDay('2026-11-20');
      const input = { files: [${JSON.stringify(join(EXAMPLES, 'deals.csv'))}], config, where: [], asOf };
      const scope = { asOf, window: null, basis: 'close' };
      const { run, results: [rates] } = await runPlan({ input, steps: [{ metric: 'winrate', options: { scope, open: { kind: 'exclude' }, minSample: 30, by: ['owner'] } }] });
      const period = parsePeriod('2026-Q4', asOf, 1);
      const report = await buildReport({ input, asOf, period, basis: 'close', minSample: 30, sections: ['kpis', 'winrates'], by: 'owner', title: 'T', levers: { n: 0.1 }, reps: null, target: null, accounts: null, stage: null, stalled: null });
      console.log(JSON.stringify({ read: run.rowsRead, groups: rates.groups.length, won: rates.total.won, reportRead: report.json.rowsRead, sections: report.view().sections.map((s) => s.title) }));
    `);
    // examples/README.md: deals.csv holds 2,000 deals of 15 reps.
    expect(JSON.parse(out)).toMatchObject({ read: 2000, groups: 15, reportRead: 2000, sections: ['Headline', 'Win rates'] });
  }, 60_000);
});
