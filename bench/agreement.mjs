/**
 * The aggregate the benchmark compares: per owner won/lost/open counts and values (amounts
 * converted to USD), as `dealmath winrate --by owner --json` reports them with the default
 * policy (no window; open deals created on or before the as-of date). A plain-JS reference for
 * the test suite, and the check that two answers agree.
 */
export const RATES = { USD: 1, EUR: 1.08, GBP: 1.27 };
export const AS_OF = '2026-11-20';

/** Reference aggregate over parsed rows (objects keyed by header). */
export function referenceAggregate(rows) {
  const owners = new Map();
  for (const row of rows) {
    const won = row.stage === 'Closed Won';
    const lost = row.stage === 'Closed Lost';
    const open = !won && !lost && row.created <= AS_OF;
    if (!won && !lost && !open) continue;
    const entry = owners.get(row.owner) ?? { owner: row.owner, won: 0, lost: 0, open: 0, wonValue: 0, lostValue: 0, openValue: 0 };
    const amount = row.amount === '' ? 0 : Number(row.amount) * (RATES[row.currency] ?? Number.NaN);
    if (won) { entry.won += 1; entry.wonValue += amount; }
    if (lost) { entry.lost += 1; entry.lostValue += amount; }
    if (open) { entry.open += 1; entry.openValue += amount; }
    owners.set(row.owner, entry);
  }
  return [...owners.values()].sort((a, b) => (a.owner < b.owner ? -1 : 1));
}

/** dealmath's JSON groups in the same shape. */
export function fromDealmath(document) {
  return document.groups
    .map((group) => ({ owner: group.key.owner, won: group.won, lost: group.lost, open: group.open, wonValue: group.wonValue, lostValue: group.lostValue, openValue: group.openValue }))
    .sort((a, b) => (a.owner < b.owner ? -1 : 1));
}

/** Differences between two aggregates: counts exact, values within 1e-6 relative. */
export function disagreements(expected, actual) {
  const problems = [];
  const byOwner = new Map(actual.map((entry) => [entry.owner, entry]));
  if (expected.length !== actual.length) problems.push(`owners: ${expected.length} expected, ${actual.length} found`);
  for (const want of expected) {
    const got = byOwner.get(want.owner);
    if (got === undefined) {
      problems.push(`owner ${want.owner} missing`);
      continue;
    }
    for (const key of ['won', 'lost', 'open']) if (Number(got[key]) !== Number(want[key])) problems.push(`${want.owner} ${key}: ${want[key]} expected, ${got[key]} found`);
    for (const key of ['wonValue', 'lostValue', 'openValue']) {
      const a = Number(want[key]);
      const b = Number(got[key]);
      if (Math.abs(a - b) > 1e-6 * Math.max(1, Math.abs(a))) problems.push(`${want.owner} ${key}: ${a} expected, ${b} found`);
    }
  }
  return problems;
}
