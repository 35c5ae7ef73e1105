/**
 * docs/schema: a JSON Schema (draft 2020-12) per command. Every command of examples/README.md,
 * and a few runs that reach the other branches (n/a figures, a team target, a compare window,
 * no peer group, a report without inputs, movement's steps and deals, retention's series,
 * accounts without a plan, forecast --snapshot and --backtest), prints JSON that its command's schema accepts; a
 * command without a schema fails. The schemas' fixed lists (n/a codes, rules) are the code's.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { NA_REASONS } from '../../src/metrics/naReasons.js';
import { ERROR_RULES, WARNING_RULES } from '../../src/model/findings.js';
import { EXAMPLES, ROOT, tempDir } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

const SCHEMAS = join(ROOT, 'docs/schema');
const schemaFiles = readdirSync(SCHEMAS).filter((name) => name.endsWith('.schema.json'));
const schemas = new Map(schemaFiles.map((name) => [name, JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as Record<string, unknown>]));

const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const schema of schemas.values()) ajv.addSchema(schema);

const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
const exampleCommands = (/```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '')
  .split('\n')
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter((line) => line.startsWith('dealmath '))
  .map((line) => line.slice('dealmath '.length).split(/\s+/).filter((arg) => arg !== '--format' && arg !== 'md'));

const AS_OF = ['--as-of', '2026-11-20'];
/** Runs that reach what the examples do not: n/a figures, other options, other shapes. */
function moreRuns(): string[][] {
  const ratesOnly = join(tempDir(), 'rates.yaml');
  writeFileSync(ratesOnly, 'currency:\n  base: USD\n  rates: { EUR: 1.08, GBP: 1.27 }\n');
  // The examples' reps file has no manager column: the same reps, each team under one manager.
  const withManagers = join(tempDir(), 'reps-managers.csv');
  const reps = readFileSync(join(EXAMPLES, 'reps.csv'), 'utf8').trim().split('\n');
  writeFileSync(withManagers, [`${reps[0]},manager`, ...reps.slice(1).map((line) => `${line},Manager of ${line.split(',').at(-1) ?? ''}`)].join('\n') + '\n');
  // Two snapshots with a rejected row each (an amount with a letter O): deals unreadable (U) at start and at end.
  const unreadable = tempDir();
  const header = 'Id,Owner,Stage,Amount,Close Date';
  writeFileSync(join(unreadable, 'pipeline-2026-10-05.csv'), `${header}\nU1,Ann,Proposal,100,2026-11-15\nU2,Ann,Proposal,5O,2026-11-20\n`);
  writeFileSync(join(unreadable, 'pipeline-2026-10-12.csv'), `${header}\nU1,Ann,Proposal,12O,2026-11-15\nU2,Ann,Proposal,50,2026-11-20\n`);
  return [
    // Open deals used, no closed deal in the window: rates n/a (an empty scope is refused, exit 1).
    ['winrate', 'deals.csv', '--period', '2020-Q1', ...AS_OF],
    ['winrate', 'deals.csv', '--open', 'include', '--by', 'owner,segment', ...AS_OF],
    ['winrate', 'deals.csv', '--open', 'age-out:30', ...AS_OF],
    ['velocity', 'deals.csv', '--period', '2026-Q3', '--compare', '2026-Q2', '--what-if', 'n=+10%', '--by', 'segment', ...AS_OF],
    ['velocity', 'deals.csv', '--n', 'closed', '--period', '2020-Q1', ...AS_OF],
    ['coverage', 'deals.csv', '--target', '5000000', ...AS_OF],
    ['winrate', 'deals.csv', '--period', '2026', '--every', 'month', '--by', 'segment', ...AS_OF],
    ['velocity', 'deals.csv', '--period', '2026-Q4', '--every', 'week', '--by', 'segment', '--what-if', 'n=+10%', ...AS_OF],
    ['coverage', 'deals.csv', '--reps', 'reps.csv', '--every', 'week', ...AS_OF],
    ['funnel', 'deals.csv', ...AS_OF],
    ['funnel', 'deals.csv', '--history', 'history.csv', '--reps', 'reps.csv', '--by', 'team', ...AS_OF],
    ['pvf', 'deals.csv', '--reps', 'reps.csv', '--assume-equal-dwell', ...AS_OF],
    ['pareto', 'deals.csv', '--by', 'owner', '--measure', 'count', ...AS_OF],
    ['scorecard', 'deals.csv', '--min-sample', '1000', ...AS_OF],
    ['quadrant', 'accounts.csv', ...AS_OF],
    ['validate', 'deals.csv', ...AS_OF],
    ['inspect', 'deals-messy.csv'],
    ['forecast', 'deals.csv', '--weights', 'crm', ...AS_OF],
    // A past period: won deals only, no open pipeline in it.
    ['forecast', 'deals.csv', '--period', '2026-Q1', ...AS_OF],
    ['forecast', 'deals.csv', '--reps', 'reps.csv', '--history', 'history.csv', '--snapshot', 'snapshots', ...AS_OF],
    ['forecast', 'deals.csv', '--weights', 'category', '--snapshot', 'snapshots', ...AS_OF],
    ['forecast', '--backtest', 'snapshots', ...AS_OF],
    ['forecast', '--backtest', 'snapshots', '--reps', 'reps.csv', '--by', 'team', ...AS_OF],
    ['forecast', '--backtest', 'snapshots', '--reps', withManagers, '--by', 'manager', ...AS_OF],
    ['forecast', 'deals.csv', '--reps', withManagers, '--by', 'manager', ...AS_OF],
    ['validate', 'deals.csv', '--snapshot', 'snapshots', ...AS_OF],
    ['movement', 'snapshots', '--steps', '--deals'],
    ['movement', 'snapshots', '--rolling', '--by', 'owner'],
    ['movement', unreadable, '--steps', '--deals', '--config', ratesOnly],
    ['retention', 'deals.csv', '--period', '2026', '--every', 'quarter', ...AS_OF],
    ['retention', 'deals.csv', '--period', '2026', '--every', 'year', '--by', 'segment', ...AS_OF],
    // No account won revenue in 2020: retention n/a.
    ['retention', 'deals.csv', '--period', '2026', '--compare', '2020', ...AS_OF],
    ['accounts', 'deals.csv', ...AS_OF],
    ['accounts', 'deals.csv', '--accounts', 'accounts.csv', '--period', '2020', ...AS_OF],
    ['winrate', 'deals.csv', '--by', 'type,segment', ...AS_OF],
    ['report', '--period', '2026-Q4', ...AS_OF],
    ['report', '--every', 'week', ...AS_OF],
    ['report', 'deals.csv', '--config', ratesOnly, ...AS_OF],
  ];
}

/** Commands whose output is not a JSON document, with the reason: they need no schema. */
const NOT_DOCUMENTS: Readonly<Record<string, string>> = {
  sql: 'prints a SQL query to paste into a warehouse or a dbt model; it has no --json',
};

describe('docs/schema', () => {
  it('has a schema for every command that prints a JSON document, and each compiles', async () => {
    const commands = readdirSync(join(ROOT, 'src/cli/commands')).map((name) => name.replace(/\.ts$/, ''));
    for (const command of Object.keys(NOT_DOCUMENTS)) {
      expect(commands, `${command} is listed in NOT_DOCUMENTS but is no command`).toContain(command);
      // The exception holds only while the command has no JSON output.
      expect((await run([command, '--help'])).stdout).not.toMatch(/--json|--format/);
      expect(schemas.has(`${command}.schema.json`), `docs/schema/${command}.schema.json exists: take ${command} out of NOT_DOCUMENTS`).toBe(false);
    }
    for (const command of commands.filter((name) => !(name in NOT_DOCUMENTS))) {
      expect(schemas.has(`${command}.schema.json`), `docs/schema/${command}.schema.json`).toBe(true);
      expect(ajv.getSchema(`${command}.schema.json`)).toBeTypeOf('function');
    }
  });

  it('lists the n/a codes and the rules the code knows', () => {
    const defs = (schemas.get('common.schema.json') as { $defs: Record<string, { properties?: { code?: { enum: string[] } }; enum?: string[] }> }).$defs;
    expect(defs.naReason?.properties?.code?.enum).toEqual(Object.keys(NA_REASONS));
    expect(defs.rule?.enum).toEqual([...ERROR_RULES, ...WARNING_RULES]);
  });

  it.each([...exampleCommands, ...moreRuns()].map((args) => [args.join(' '), args]))('dealmath %s --json matches its schema', async (_name, args) => {
    const result = await run([...args, '--json'], { cwd: EXAMPLES });
    expect(result.stdout, result.stderr).not.toBe('');
    const document = JSON.parse(result.stdout) as { command: string };
    const validate = ajv.getSchema(`${document.command}.schema.json`);
    expect(validate, `no schema for ${document.command}`).toBeTypeOf('function');
    const valid = validate?.(document);
    expect(ajv.errorsText(validate?.errors, { separator: '\n' })).toBe('No errors');
    expect(valid).toBe(true);
  });

  it('catches drift: an extra field, a bare number for a figure, a missing field', async () => {
    const validate = ajv.getSchema('winrate.schema.json');
    const document = JSON.parse((await run(['winrate', 'deals.csv', ...AS_OF, '--json'], { cwd: EXAMPLES })).stdout) as Record<string, unknown> & { total: Record<string, unknown> };
    expect(validate?.(document)).toBe(true);
    expect(validate?.({ ...document, extra: 1 })).toBe(false);
    expect(validate?.({ ...document, total: { ...document.total, unitWinRate: 0.5 } })).toBe(false);
    expect(validate?.({ ...document, total: { ...document.total, unitWinRate: { value: null, reason: null } } })).toBe(false);
    const { groups: _groups, ...withoutGroups } = document;
    expect(validate?.(withoutGroups)).toBe(false);
  });

  it('catches drift in the documents with their own header or nested figures (movement, forecast)', async () => {
    const movement = JSON.parse((await run(['movement', 'snapshots', '--json'], { cwd: EXAMPLES })).stdout) as Record<string, unknown> & { total: Record<string, unknown> };
    const validateMovement = ajv.getSchema('movement.schema.json');
    expect(validateMovement?.(movement)).toBe(true);
    expect(validateMovement?.({ ...movement, total: { ...movement.total, extra: 1 } })).toBe(false);
    expect(validateMovement?.({ ...movement, total: { ...movement.total, lost: -1 } })).toBe(false);
    const forecast = JSON.parse((await run(['forecast', 'deals.csv', '--weights', 'crm', ...AS_OF, '--json'], { cwd: EXAMPLES })).stdout) as Record<string, unknown> & {
      total: Record<string, unknown> & { weighted: Record<string, Record<string, unknown>> };
    };
    const validateForecast = ajv.getSchema('forecast.schema.json');
    expect(validateForecast?.(forecast)).toBe(true);
    const { weightedDeals: _weightedDeals, ...crmWithoutCounts } = forecast.total.weighted.crm ?? {};
    expect(validateForecast?.({ ...forecast, total: { ...forecast.total, weighted: { ...forecast.total.weighted, crm: crmWithoutCounts } } })).toBe(false);
    expect(validateForecast?.({ ...forecast, total: { ...forecast.total, quota: 5 } })).toBe(false);
  });
});
