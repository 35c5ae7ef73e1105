/**
 * Reads the deals of a run: files, `--by`/`--where` resolution, and the row accounting every
 * command prints (rowsRead = rowsUsed + rowsRejected + rowsFiltered).
 */
import { formatCount } from '../model/groupedDigits.js';
import { formatDay } from '../model/calendar.js';
import type { Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import { severityOf, type Finding, type Rule } from '../model/findings.js';
import { normalizeHeader, type ColumnMapping } from '../model/mapping.js';
import type { Deal, DealField } from '../model/types.js';
import { NO_REP_VALUE, REP_DIMENSIONS, ownerInReps, repDimensionKey, withRepDimensions, type RepDimension, type RepDimensions } from '../model/repDimensions.js';
import { closestNames } from '../metrics/closestName.js';
import { compareNames } from '../metrics/humanOrder.js';
import { dealAt, dimensionValue } from '../metrics/scope.js';
import { readDeals, type DealInputOptions, type DealSink, type ReadSummary } from '../io/readDeals.js';
import { isGuessedEncoding } from '../io/textInput.js';
import { DATE_ORDERS, INVALID, decimalSaid, parseAmount, parseDate } from '../model/values.js';
import type { InputPlan, MaxRejected, WhereClause } from './plan.js';

/** Environment variables (DEALMATH_WORKERS...): plain data, so the library's types need no Node typings. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Told of every row read (the progress line on a terminal). */
export interface ProgressSink {
  tick(): void;
  done(): void;
}

/** Canonical fields that can be grouped or filtered on by name. */
const GROUPABLE_FIELDS: Readonly<Partial<Record<DealField, string>>> = {
  owner: 'owner',
  account: 'account',
  stage: 'stage',
  status: 'status',
  currency: 'currency',
  forecastCategory: 'forecastCategory',
  type: 'type',
};

/** Where a run happens: the environment (DEALMATH_WORKERS...) and an optional progress line. */
export interface RunEnvironment {
  readonly env: Environment;
  /** A progress sink for a run read here in `parts` parts (1: one pass). */
  readonly progress?: (parts: number) => ProgressSink;
  /** Debug lines about parts (DEALMATH_DEBUG_PARALLEL). */
  readonly debug?: (line: string) => void;
}

/** What a run reads, with where its progress goes. */
export interface DealInput extends InputPlan {
  readonly progress?: ProgressSink | undefined;
}

/**
 * The `--by` dimensions: names as the user gave them (they key the groups in output) and
 * their resolution for the file being read, which `runDeals` updates as each file opens.
 */
export class Grouping {
  private resolved: string[] = [];

  constructor(readonly names: readonly string[]) {}

  resolveFor(header: readonly string[], mapping: ColumnMapping, file: string, repNames: readonly RepDimension[] = []): void {
    this.resolved = this.names.map((name) => resolveDimension(name, header, mapping, file, repNames));
  }

  /** The group key of a deal, one value per dimension. */
  readonly keyOf = (deal: Deal): string[] => this.resolved.map((dimension) => dimensionValue(deal, dimension));
}

export interface RowAccounting {
  readonly rowsRead: number;
  readonly rowsUsed: number;
  readonly rowsRejected: number;
  readonly rowsFiltered: number;
}

export interface DealRun extends RowAccounting {
  readonly summary: ReadSummary;
  /** Findings counted by rule (errors of rejected rows and warnings). */
  readonly findingCounts: ReadonlyMap<Rule, number>;
  /** The first value each rule found fault with (for the fix a refusal suggests). */
  readonly findingExamples?: ReadonlyMap<Rule, string> | undefined;
  /** Currencies of the used deals that carry an amount. */
  readonly currencies: ReadonlySet<string>;
  /** Used deals that carry an amount (unknown for an engine that does not count them). */
  readonly dealsWithAmount?: number | undefined;
  /** Deals closed after the as-of date, counted as open on it (their stage then unknown). */
  readonly closedAfterAsOf: number;
  /** With team or manager from a reps file: deals used whose owner the reps file does not list, by owner. */
  readonly ownersWithoutRep?: ReadonlyMap<string, number> | undefined;
  /** Warnings about the run itself (owners missing from the reps file), for stderr and the JSON `warnings`. */
  readonly warnings?: readonly string[] | undefined;
  /** Why rows were filtered, commonest reasons for a refusal to name (they add up to rowsFiltered). */
  readonly filteredBy?: readonly FilterReason[] | undefined;
}

/** Rows filtered for one reason: `5 created after the as-of date 2025-01-01`. */
export interface FilterReason {
  readonly rows: number;
  readonly reason: string;
}

/** The filtered rows counted by reason, as a run counts them on the per-row path (summed over parts). */
export interface FilterCounts {
  /** Created after the as-of date: the deal did not exist yet on it. */
  readonly createdAfterAsOf: number;
  /** Left out by each --where clause (the first one a deal fails), in clause order. */
  readonly where: readonly number[];
  /** Left out by the run's own scope (its steps' accept). */
  readonly scope: number;
}

/** `--where account=Nope`, as given when the clause kept its text. */
export function whereText(clause: WhereClause): string {
  return `--where ${clause.text ?? `${clause.dimension}${clause.negate ? '!=' : '='}${[...clause.values].join(',')}`}`;
}

/** The reasons of a run's filtered rows, from its counts, the input (as-of date, --where) and its steps' scope. */
export function filterReasons(counts: FilterCounts, input: Pick<InputPlan, 'asOf' | 'where'>, leavesOut: string | undefined): FilterReason[] {
  const reasons: FilterReason[] = [];
  if (counts.createdAfterAsOf > 0) reasons.push({ rows: counts.createdAfterAsOf, reason: `created after the as-of date${input.asOf === undefined ? '' : ` ${formatDay(input.asOf)}`}` });
  counts.where.forEach((rows, index) => {
    const clause = input.where[index];
    if (rows > 0 && clause !== undefined) reasons.push({ rows, reason: `not matching ${whereText(clause)}` });
  });
  if (counts.scope > 0) reasons.push({ rows: counts.scope, reason: leavesOut ?? "outside the command's scope" });
  return reasons;
}

/** Most owners named one by one in the missing-owner warning; the rest are counted. */
const NAMED_OWNERS = 10;

/**
 * The warning for deals whose owner is not in the reps file (grouped as "(no team)"): how many,
 * and each owner (most deals first) with the closest name in the reps file.
 */
export function ownersWithoutRepWarning(run: DealRun, repDimensions: RepDimensions | null | undefined): string | null {
  const missing = run.ownersWithoutRep;
  if (repDimensions === null || repDimensions === undefined || missing === undefined || missing.size === 0) return null;
  const reps = Object.keys(repDimensions.byOwner);
  const owners = [...missing.entries()].sort((a, b) => b[1] - a[1] || compareNames(a[0], b[0]));
  const deals = owners.reduce((total, [, count]) => total + count, 0);
  const closestRep = closestNames(reps);
  const named = owners.slice(0, NAMED_OWNERS).map(([owner, count]) => {
    const closest = closestRep(owner);
    return `"${owner}" (${formatCount(count)} deal${count === 1 ? '' : 's'}${closest === null ? '' : `; closest in the reps file: "${closest}"`})`;
  });
  const more = owners.length > NAMED_OWNERS ? ` and ${owners.length - NAMED_OWNERS} more` : '';
  const groups = repDimensions.names.map((name) => NO_REP_VALUE[name]).join(' and ');
  return `${deals} deal${deals === 1 ? ' has an owner' : 's have owners'} not in the reps file, grouped as ${groups}: ${named.join(', ')}${more}`;
}

export interface DealRunHandlers {
  /** Decides whether a deal (already past --where) is used; a refused deal counts as filtered. */
  readonly accept?: (deal: Deal) => boolean;
  /** What the deals `accept` refuses are, for a refusal to name: `outside the window 2026-Q3 (by close date)`. */
  readonly leavesOut?: string | undefined;
  readonly use: (deal: Deal) => void;
  readonly finding?: (finding: Finding) => void;
  /** Called per file with its mapping before rows stream, e.g. to refuse a window on a file with no dates. */
  readonly checkFile?: (file: string, mapping: ColumnMapping, header: readonly string[], repNames: readonly RepDimension[]) => void;
}

/**
 * Resolves a `--by`/`--where` name against a file's header: a canonical field (owner, stage...),
 * a header mapped to one (`Opportunity Owner` -> owner), or any other column by its header.
 */
export function resolveDimension(name: string, header: readonly string[], mapping: ColumnMapping, file: string, repNames: readonly RepDimension[] = []): string {
  const key = normalizeHeader(name);
  // The reps file's team or manager, when given, wins over a column of the same name in the deals.
  const fromReps = repNames.find((dimension) => dimension === key);
  if (fromReps !== undefined) return repDimensionKey(fromReps);
  for (const [field, dimension] of Object.entries(GROUPABLE_FIELDS)) {
    if (normalizeHeader(field) === key) return dimension;
  }
  const index = header.findIndex((candidate) => normalizeHeader(candidate) === key);
  if (index !== -1) {
    const mappedField = (Object.entries(mapping.fields) as [DealField, number][]).find(([, column]) => column === index)?.[0];
    if (mappedField === undefined) return header[index] as string;
    const dimension = GROUPABLE_FIELDS[mappedField];
    if (dimension !== undefined) return dimension;
  }
  const repDimension = REP_DIMENSIONS.find((dimension) => dimension === key);
  if (repDimension !== undefined) {
    throw new DealmathError('usage', `no ${repDimension} to group or filter by: a deal's ${repDimension} comes from its owner's row of a reps file with a ${repDimension} column (--reps FILE), and the deals have no "${name}" column`, { file });
  }
  const choices = ['owner', 'account', 'stage', 'status', ...mapping.dimensions.map((column) => header[column] ?? '')].filter((choice) => choice !== '');
  throw new DealmathError('usage', `no column "${name}" to group or filter by; choose one of: ${choices.slice(0, 25).join(', ')}`, { file });
}

/**
 * The column a `--by` name reads in a file, or null when it reads none (a status derived from
 * several columns, an unmapped canonical field). Throws as resolveDimension does.
 */
export function dimensionColumn(name: string, header: readonly string[], mapping: ColumnMapping, file: string): number | null {
  const dimension = resolveDimension(name, header, mapping, file);
  const field = (Object.entries(GROUPABLE_FIELDS) as [DealField, string][]).find(([, canonical]) => canonical === dimension)?.[0];
  if (field === undefined) return header.indexOf(dimension);
  return field === 'status' ? null : (mapping.fields[field] ?? null);
}

/** Streams the deals of the input through the handlers and accounts for every row. */
export async function runDeals(input: DealInput, handlers: DealRunHandlers): Promise<DealRun> {
  const tally = dealTally(input, handlers);
  const summary = await readDeals(input.files, tally.options, tally.sink);
  input.progress?.done();
  const counts = tally.counts();
  return { summary, rowsRead: summary.rowsRead, rowsRejected: summary.rowsRejected, ...counts, filteredBy: filterReasons(counts.filtered, input, handlers.leavesOut) };
}

/**
 * The part of a run around the reader: --by/--where resolution per file, filtering, and the
 * counts every run reports. Shared by a whole run and a part read in a worker thread.
 */
export function dealTally(input: DealInput, handlers: DealRunHandlers) {
  // Resolved per file: exports of one kind may spell a header differently.
  let whereResolved: { dimension: string; clause: WhereClause }[] = [];
  const findingCounts = new Map<Rule, number>();
  const findingExamples = new Map<Rule, string>();
  const currencies = new Set<string>();
  // Filtered rows by reason (their sum is rowsFiltered): a counter each, so the per-row path stays an increment.
  let createdAfterAsOf = 0;
  const whereFiltered = input.where.map(() => 0);
  let scopeFiltered = 0;
  let rowsUsed = 0;
  let closedAfterAsOf = 0;
  let dealsWithAmount = 0;
  const asOf = input.asOf;
  const repDimensions = input.repDimensions ?? null;
  const repNames = repDimensions?.names ?? [];
  // Deals used whose owner has no row in the reps file, by owner (a warning names each).
  const ownersWithoutRep = new Map<string, number>();
  const options: DealInputOptions = {
    config: input.config,
    asOf: asOf ?? input.findingsAsOf,
    preset: input.preset,
    map: input.map,
    delimiter: input.delimiter,
    sheet: input.sheet,
    onFile: ({ file, header, mapping }) => {
      whereResolved = input.where.map((clause) => ({ dimension: resolveDimension(clause.dimension, header, mapping, file, repNames), clause }));
      handlers.checkFile?.(file, mapping, header, repNames);
    },
  };
  const sink: DealSink = {
    deal(read) {
      input.progress?.tick();
      const seen = asOf === undefined ? read : dealAt(read, asOf);
      const deal = seen === null || repDimensions === null ? seen : withRepDimensions(seen, repDimensions);
      if (deal === null) {
        createdAfterAsOf += 1;
        return;
      }
      if (seen !== read) closedAfterAsOf += 1;
      for (let index = 0; index < whereResolved.length; index += 1) {
        const { dimension, clause } = whereResolved[index] as (typeof whereResolved)[number];
        const matches = clause.values.has(dimensionValue(deal, dimension).toLowerCase());
        if (matches === clause.negate) {
          (whereFiltered[index] as number) += 1;
          return;
        }
      }
      if (handlers.accept !== undefined && !handlers.accept(deal)) {
        scopeFiltered += 1;
        return;
      }
      rowsUsed += 1;
      if (repDimensions !== null && !ownerInReps(deal, repDimensions)) {
        const owner = dimensionValue(deal, 'owner');
        ownersWithoutRep.set(owner, (ownersWithoutRep.get(owner) ?? 0) + 1);
      }
      if (deal.amount !== null) {
        dealsWithAmount += 1;
        if (deal.currency !== null) currencies.add(deal.currency);
      }
      handlers.use(deal);
    },
    finding(found) {
      findingCounts.set(found.rule, (findingCounts.get(found.rule) ?? 0) + 1);
      if (found.value !== null && found.value !== '' && !findingExamples.has(found.rule)) findingExamples.set(found.rule, found.value);
      handlers.finding?.(found);
    },
  };
  const counts = () => {
    const filtered: FilterCounts = { createdAfterAsOf, where: [...whereFiltered], scope: scopeFiltered };
    const rowsFiltered = createdAfterAsOf + whereFiltered.reduce((sum, rows) => sum + rows, 0) + scopeFiltered;
    return { rowsFiltered, rowsUsed, findingCounts, findingExamples, currencies, closedAfterAsOf, dealsWithAmount, ownersWithoutRep, filtered };
  };
  return { options, sink, counts };
}

/**
 * A run for figures that are all amounts (coverage, the forecast, retention) in which no used deal
 * carries one: an amount column mapped but empty would answer zeros. Refused (exit 1, no usable
 * amount), as a file without the column is refused before reading (step.ts).
 */
export function refuseWithoutAmounts(run: DealRun): void {
  if (run.dealsWithAmount !== 0 || run.rowsUsed === 0) return;
  const file = run.summary.files.length === 1 ? run.summary.files[0]?.file : undefined;
  throw new DealmathError('data-refused', `no deal carries an amount (${formatCount(run.rowsUsed)} used, every amount cell empty), and every figure here is an amount (it would be 0); fill in the amounts, or map another column with --map amount=HEADER`, { file });
}

/**
 * Money totals over several currencies without rates would be a silent mix: refuse them.
 * Called by every command that sums amounts.
 */
export function requireSingleCurrency(run: DealRun, config: Config): void {
  if (config.currency !== undefined || run.currencies.size <= 1) return;
  const list = [...run.currencies].sort().join(', ');
  throw new DealmathError(
    'mixed-currency',
    `amounts are in several currencies (${list}) and the config has no rates; add currency: { base: USD, rates: { EUR: 1.08, ... } } to the config, or filter with --where currency=USD`,
  );
}

/** Report footer rows left out after the data, over every file of the run. */
export function footerRowsOf(run: Pick<DealRun, 'summary'>): number {
  return run.summary.files.reduce((sum, file) => sum + file.footerRows, 0);
}

/** A line for each file whose encoding dealmath guessed, so a guess is never silent. */
export function encodingNotes(run: Pick<DealRun, 'summary'>): string[] {
  return run.summary.files.filter((file) => isGuessedEncoding(file.encoding)).map((file) => `${file.file} is not UTF-8: read as Windows-1252 (pass --encoding to choose another)`);
}

/** What a refusal for rejected rows is worded from: the rows and the findings that rejected them. */
export type RejectedRows = Pick<DealRun, 'rowsRead' | 'rowsRejected' | 'findingCounts' | 'findingExamples'>;

/** The error rules of the rejected rows, commonest first: `6 bad-amount, 1 missing-id`. */
function rejectionReasons(run: Pick<DealRun, 'findingCounts'>): [Rule, number][] {
  return [...run.findingCounts.entries()].filter(([rule]) => severityOf(rule) === 'error').sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** A day, month and year of two digits: 12/1/25, 1.12.25, 01-12-25. */
const TWO_DIGIT_YEAR = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/;

/**
 * What to do about the commonest rejection, from the value it found fault with: the flag or
 * config key that reads it, or validate for the list.
 */
export function fixFor(rule: Rule, example: string | undefined): string {
  const shown = example === undefined ? '' : `"${example.length > 40 ? `${example.slice(0, 40)}...` : example}"`;
  switch (rule) {
    case 'bad-amount': {
      const said = example === undefined ? null : decimalSaid(example);
      // The decimal mark the value proves is suggested only when it reads the value: the value was
      // rejected under the mark in force, so then the flag is not in force already (a value that
      // fails under either mark has another fault, said below, and no flag fixes it).
      const readsWithIt = said !== null && parseAmount(example as string, said) !== INVALID;
      if (readsWithIt && said === ',') return `amounts look like ${shown}: pass --decimal , or set decimal: ',' in the config`;
      if (readsWithIt && said === '.') return `amounts look like ${shown}: pass --decimal . or set decimal: '.' in the config`;
      const fault = example === undefined ? null : strayAmountCharacter(example);
      return `amounts look like ${shown}${fault === null ? '' : `, and ${fault}`}; expected amounts such as 20000, 20,000.50 or 20.000,50 (map another column with --map amount=HEADER)`;
    }
    case 'bad-date': {
      // --date-order is offered only when an order reads the value: it cannot read 12/1/25.
      if (example !== undefined && TWO_DIGIT_YEAR.test(example.trim())) {
        return `dates look like ${shown}: a two-digit year is not read (25 could be 1925 or 2025); export four-digit years, or map another column with --map close=HEADER`;
      }
      if (example !== undefined && DATE_ORDERS.some((order) => parseDate(example, order) !== INVALID)) {
        return `dates look like ${shown}: pass --date-order dmy, mdy or ymd (config dateOrder), or map another column with --map close=HEADER`;
      }
      return `dates look like ${shown}; expected dates such as 2026-03-31, 3/31/2026 or 31-Mar-2026 (map another column with --map close=HEADER)`;
    }
    case 'missing-id':
    case 'duplicate-id':
      return 'map the id column with --map id=HEADER';
    case 'bad-status':
    case 'missing-status':
    case 'unknown-stage':
      return `stages or statuses look like ${shown}: list them under won:, lost: or stages: in the config, or map another column with --map stage=HEADER`;
    case 'status-flag-conflict':
      return `status flags contradict each other (${shown}): fix them in the export; run "dealmath validate" for the list`;
    case 'unknown-currency':
      return `currencies look like ${shown}: add their rates under currency.rates in the config`;
    default:
      return 'run "dealmath validate" for the list';
  }
}

/** Characters an amount may hold: digits, marks, grouping spaces and apostrophes, signs, currency codes and symbols (values.ts parseAmount). */
const AMOUNT_CHARACTER = /[\d.,'\s()\-A-Z$€£¥₹]/u;

/**
 * `"k" is not part of an amount`, for the first character of a rejected amount that no amount
 * holds, or null. A control or invisible character (which messages do not print) is named by its
 * code point, and a C1 control (U+0080-U+009F) as the sign of a wrong encoding: Latin-1 reads
 * Windows-1252's € (0x80) as U+0080.
 */
function strayAmountCharacter(value: string): string | null {
  for (const character of value) {
    if (AMOUNT_CHARACTER.test(character)) continue;
    const code = character.codePointAt(0) as number;
    const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (code >= 0x80 && code <= 0x9f) return `${codePoint}, a control character, is not part of an amount (is the file's encoding right? --encoding chooses it)`;
    if (/[\p{Cc}\p{Cf}\p{Z}]/u.test(character)) return `${codePoint} is not part of an amount`;
    return `"${character}" is not part of an amount`;
  }
  return null;
}

/**
 * Refuses a run that has no answer or more rejected rows than allowed (exit 1, METRICS.md
 * "Validation"): every row rejected, no row used (every row filtered, or rejected or filtered),
 * or more than --max-rejected. The message gives the commonest reasons with their counts (and,
 * for rejected rows, the fix for the first).
 */
export function refuseUnusable(run: DealRun, maxRejected: MaxRejected | null): void {
  refuseRejected(run, maxRejected);
  refuseNoDealInScope(run);
}

/** Refuses (exit 1) rows that are all rejected, or more of them rejected than --max-rejected allows. */
export function refuseRejected(rows: RejectedRows, maxRejected: MaxRejected | null): void {
  const allRejected = rows.rowsRead > 0 && rows.rowsRejected === rows.rowsRead;
  const overLimit = maxRejected === null ? null : rejectedOverLimit(rows, maxRejected);
  if (!allRejected && overLimit === null) return;
  throw new DealmathError('data-refused', withRejectionReasons(allRejected ? `no usable row: ${rows.rowsRead === 1 ? 'the one row was' : `all ${formatCount(rows.rowsRead)} rows were`} rejected` : (overLimit as string), rows));
}

/**
 * The refusal's words for more rejected rows than --max-rejected, for a command that still prints
 * what it found (inspect): `7 of 30 rows rejected, more than --max-rejected 0 (...); fix`, or null.
 */
export function overLimitMessage(rows: RejectedRows, maxRejected: MaxRejected | null): string | null {
  const overLimit = maxRejected === null ? null : rejectedOverLimit(rows, maxRejected);
  return overLimit === null ? null : withRejectionReasons(overLimit, rows);
}

/** `head (6 bad-amount, 1 missing-id); fix for the first`. */
function withRejectionReasons(head: string, rows: RejectedRows): string {
  const reasons = rejectionReasons(rows);
  const [top] = reasons;
  const fix = top === undefined ? 'run "dealmath validate" for the list' : fixFor(top[0], rows.findingExamples?.get(top[0]));
  const listed = reasons.slice(0, 3).map(([rule, count]) => `${formatCount(count)} ${rule}`).join(', ');
  return `${head} (${listed}); ${fix}`;
}

/**
 * A run re-accounted by a command whose fold uses fewer deals than its step accepted (deals in
 * no figure count as filtered), with why: the reason is added to the run's filter reasons.
 */
export function withUsed(run: DealRun, rowsUsed: number, reason: string): DealRun {
  const more = run.rowsUsed - rowsUsed;
  if (more === 0) return run;
  return { ...run, rowsUsed, rowsFiltered: run.rowsFiltered + more, filteredBy: [...(run.filteredBy ?? []), { rows: more, reason }] };
}

/** Most filter reasons a refusal names; the rest are counted as "other". */
const NAMED_FILTER_REASONS = 3;

/**
 * Refuses a run that read rows but used none (exit 1): a report of zeros would look like an
 * answer. Says why no deal is in scope, the commonest filter reasons first:
 * `no deal in scope: all 5 rows filtered (5 created after the as-of date 2025-01-01)`.
 * A run that used rows whose figures have no data (no closed deal in a window) is not refused:
 * those figures are n/a with their reason.
 */
export function refuseNoDealInScope(run: DealRun): void {
  if (run.rowsUsed > 0 || run.rowsRead === 0) return;
  const why = filteredText(run);
  if (run.rowsRejected === 0) throw new DealmathError('data-refused', `no deal in scope: all ${formatCount(run.rowsRead)} rows filtered${why}`);
  const rejected = rejectionReasons(run).slice(0, NAMED_FILTER_REASONS).map(([rule, count]) => `${formatCount(count)} ${rule}`).join(', ');
  throw new DealmathError(
    'data-refused',
    `no deal in scope: of ${formatCount(run.rowsRead)} rows, ${formatCount(run.rowsRejected)} rejected${rejected === '' ? '' : ` (${rejected})`} and ${formatCount(run.rowsFiltered)} filtered${why}; run "dealmath validate" for the rejected rows`,
  );
}

/** ` (5 created after the as-of date 2025-01-01, 2 not matching --where owner=Ann)`, or '' when the reasons are not known. */
function filteredText(run: DealRun): string {
  const reasons = [...(run.filteredBy ?? [])].filter((entry) => entry.rows > 0).sort((a, b) => b.rows - a.rows);
  if (reasons.length === 0) return '';
  const named = reasons.slice(0, NAMED_FILTER_REASONS).map((entry) => `${formatCount(entry.rows)} ${entry.reason}`);
  const other = reasons.slice(NAMED_FILTER_REASONS).reduce((sum, entry) => sum + entry.rows, 0);
  if (other > 0) named.push(`${formatCount(other)} other`);
  return ` (${named.join(', ')})`;
}

/** `12 of 100 rows rejected, more than --max-rejected 5%`, or null within the limit. */
export function rejectedOverLimit(run: Pick<DealRun, 'rowsRead' | 'rowsRejected'>, limit: MaxRejected): string | null {
  const allowed = 'count' in limit ? limit.count : Math.floor(limit.share * run.rowsRead);
  if (run.rowsRejected <= allowed) return null;
  const label = 'count' in limit ? String(limit.count) : `${Number((limit.share * 100).toFixed(6))}%`;
  return `${formatCount(run.rowsRejected)} of ${formatCount(run.rowsRead)} rows rejected, more than --max-rejected ${label}`;
}

/** One stderr line when rows were rejected or skipped, so nothing disappears silently. */
export function rowSummaryLine(run: DealRun): string | null {
  const footer = footerRowsOf(run);
  const parts: string[] = [];
  if (run.rowsRejected > 0) {
    const errors = rejectionReasons(run).map(([rule, count]) => `${formatCount(count)} ${rule}`);
    parts.push(`${formatCount(run.rowsRejected)} of ${formatCount(run.rowsRead)} rows rejected (${errors.join(', ')}); run "dealmath validate" for the list`);
  }
  if (run.closedAfterAsOf > 0) {
    parts.push(`${formatCount(run.closedAfterAsOf)} deal${run.closedAfterAsOf === 1 ? '' : 's'} closed after the as-of date counted as open on it (stage then unknown without a stage history)`);
  }
  if (footer > 0) parts.push(`${formatCount(footer)} report footer row${footer === 1 ? '' : 's'} after the data ignored`);
  return parts.length === 0 ? null : parts.join('; ');
}
