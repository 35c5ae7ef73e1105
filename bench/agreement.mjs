/**
 * The aggregate the benchmark compares, and the check that two answers agree.
 *
 * The aggregate is what `dealmath winrate --by owner --json --config examples/dealmath.yaml
 * --as-of 2026-11-20` reports with the default policy (METRICS.md "Win rates", no window): per
 * owner, won and lost counts and values over every closed deal, and open counts and values over
 * the open deals created on or before the as-of date; amounts converted to USD by the config's
 * rates, missing amounts left out of the sums. The DuckDB reference (bench/duckdbReference.mjs)
 * computes it in SQL; `referenceAggregate` here computes it in plain JS for the test suite and
 * for a bench run without DuckDB.
 */
import { createReadStream } from 'node:fs';

/** USD per unit of each currency, as in examples/dealmath.yaml (bench/run.mjs checks they still match). */
export const RATES = Object.freeze({ USD: 1, EUR: 1.08, GBP: 1.27 });
export const AS_OF = '2026-11-20';
export const WON_STAGE = 'Closed Won';
export const LOST_STAGE = 'Closed Lost';

const COUNT_KEYS = ['won', 'lost', 'open'];
const VALUE_KEYS = ['wonValue', 'lostValue', 'openValue'];
/** Values agree when they differ by at most this share of the larger (sums in a different order). */
export const RELATIVE_TOLERANCE = 1e-6;

const byOwner = (a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0);

function emptyEntry(owner) {
  return { owner, won: 0, lost: 0, open: 0, wonValue: 0, lostValue: 0, openValue: 0 };
}

/** Adds one CSV row (an object keyed by header) to the per-owner map. */
function addRow(owners, row) {
  const won = row.stage === WON_STAGE;
  const lost = row.stage === LOST_STAGE;
  // ISO dates compare as strings; an open deal created after the as-of date is not yet in the snapshot.
  const open = !won && !lost && row.created <= AS_OF;
  if (!won && !lost && !open) return;
  let entry = owners.get(row.owner);
  if (entry === undefined) {
    entry = emptyEntry(row.owner);
    owners.set(row.owner, entry);
  }
  // An unknown currency gives NaN, so it shows up as a disagreement instead of passing silently.
  const amount = row.amount === '' || row.amount === undefined ? 0 : Number(row.amount) * (RATES[row.currency] ?? Number.NaN);
  if (won) {
    entry.won += 1;
    entry.wonValue += amount;
  } else if (lost) {
    entry.lost += 1;
    entry.lostValue += amount;
  } else {
    entry.open += 1;
    entry.openValue += amount;
  }
}

/** The reference aggregate over parsed rows (objects keyed by header), sorted by owner. */
export function referenceAggregate(rows) {
  const owners = new Map();
  for (const row of rows) addRow(owners, row);
  return [...owners.values()].sort(byOwner);
}

/** The same over a CSV file, streamed (for a bench run without DuckDB; csv-parse is a devDependency). */
export async function referenceAggregateOfFile(path) {
  const { parse } = await import('csv-parse');
  const owners = new Map();
  for await (const row of createReadStream(path).pipe(parse({ columns: true }))) addRow(owners, row);
  return [...owners.values()].sort(byOwner);
}

/** dealmath's `winrate --by owner --json` document in the aggregate's shape. */
export function fromDealmath(document) {
  return document.groups
    .map((group) => ({ owner: group.key.owner, won: group.won, lost: group.lost, open: group.open, wonValue: group.wonValue, lostValue: group.lostValue, openValue: group.openValue }))
    .sort(byOwner);
}

/** DuckDB's rows (counts arrive as strings: BIGINT in JSON) in the aggregate's shape. */
export function fromDuckdb(rows) {
  return rows
    .map((row) => ({ owner: row.owner, won: Number(row.won), lost: Number(row.lost), open: Number(row.open), wonValue: Number(row.wonValue), lostValue: Number(row.lostValue), openValue: Number(row.openValue) }))
    .sort(byOwner);
}

/**
 * The differences between an expected and an actual aggregate, as short sentences (empty when
 * they agree): the same owners, identical counts, values within 1e-6 relative.
 */
export function disagreements(expected, actual) {
  const problems = [];
  const actualByOwner = new Map(actual.map((entry) => [entry.owner, entry]));
  const expectedOwners = new Set(expected.map((entry) => entry.owner));
  for (const entry of actual) if (!expectedOwners.has(entry.owner)) problems.push(`owner ${entry.owner}: not expected`);
  for (const want of expected) {
    const got = actualByOwner.get(want.owner);
    if (got === undefined) {
      problems.push(`owner ${want.owner}: missing`);
      continue;
    }
    for (const key of COUNT_KEYS) if (got[key] !== want[key]) problems.push(`${want.owner} ${key}: ${want[key]} expected, ${got[key]} found`);
    for (const key of VALUE_KEYS) {
      const a = want[key];
      const b = got[key];
      const agree = Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
      if (!agree) problems.push(`${want.owner} ${key}: ${a} expected, ${b} found`);
    }
  }
  return problems;
}
