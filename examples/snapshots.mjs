#!/usr/bin/env node
/**
 * Writes weekly snapshots of the example pipeline (examples/deals.csv and history.csv, as of
 * 2026-11-20) over two quarters, 2026-Q3 and 2026-Q4 to date: what a weekly pipeline export would
 * have shown each Monday from 2026-06-29 to 2026-11-16, into examples/snapshots/pipeline-YYYY-MM-DD.csv.
 *
 *   node examples/snapshots.mjs                  seed 42, into examples/snapshots/
 *   node examples/snapshots.mjs --seed 7 --out /tmp/snaps
 *
 * Stages come from history.csv; each deal's expected close and amount get a seeded past
 * (pushes, a few pull-ins, amount changes), ending at what deals.csv holds; the forecast
 * category follows the stage (Salesforce labels Pipeline, Best Case, Commit, Closed, Omitted)
 * with late moves to Commit. A few deals are deleted part way (removed) and a few lost deals
 * are reopened. Each snapshot holds the open deals and the deals closed since 2026-07-01 (the
 * export's filter: the two quarters), which keeps the files small.
 * It reads the existing files and changes none of them; its randomness is its own stream.
 * Plain Node, no dependencies.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(name);
  return index === -1 ? fallback : argv[index + 1];
};
const SEED = Number(option('--seed', '42')) >>> 0;
const OUT = option('--out', join(here, 'snapshots'));

const MS_PER_DAY = 86_400_000;
const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY;
const iso = (dayNumber) => new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);

const FIRST_SNAPSHOT = day('2026-06-29');
const LAST_SNAPSHOT = day('2026-11-16');
/** Closed deals are exported from this close date on (the report's filter): the two quarters. */
const CLOSED_SINCE = day('2026-07-01');

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** One stream per deal id, so a deal's past does not depend on the others. */
function streamFor(id) {
  let hash = SEED ^ 0x5bd1e995;
  for (let index = 0; index < id.length; index += 1) hash = Math.imul(hash ^ id.charCodeAt(index), 0x9e3779b1) >>> 0;
  const next = mulberry32(hash);
  return { next, int: (low, high) => low + Math.floor((high - low + 1) * next()), chance: (p) => next() < p };
}

/** RFC 4180 enough for the example files (quoted cells, doubled quotes; no line breaks in cells). */
function parseLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}
function readCsv(path) {
  const [header, ...lines] = readFileSync(path, 'utf8').split(/\r?\n/).filter((line) => line !== '');
  const names = parseLine(header);
  return lines.map((line) => Object.fromEntries(parseLine(line).map((value, index) => [names[index], value])));
}

const OPEN_STAGES = ['Qualification', 'Discovery', 'Proposal', 'Negotiation'];
const PROBABILITY = { Qualification: 10, Discovery: 25, Proposal: 50, Negotiation: 75, 'Closed Won': 100, 'Closed Lost': 0 };

const deals = readCsv(join(here, 'deals.csv'));
const history = new Map();
for (const entry of readCsv(join(here, 'history.csv'))) {
  const list = history.get(entry.deal_id) ?? [];
  list.push({ stage: entry.stage, entered: day(entry.entered) });
  history.set(entry.deal_id, list);
}

/**
 * A deal's past as change events (day, field, value before the change), drawn backward from
 * what deals.csv holds now.
 */
function pastOf(deal) {
  const random = streamFor(deal.deal_id);
  const created = day(deal.created);
  const finalClose = day(deal.close);
  const closed = deal.stage === 'Closed Won' || deal.stage === 'Closed Lost';
  const lastChange = Math.min(closed ? finalClose : LAST_SNAPSHOT, LAST_SNAPSHOT);
  const span = lastChange - created;
  const closeEvents = [];
  if (span > 14) {
    const roll = random.next();
    const pushes = roll < 0.45 ? 0 : roll < 0.75 ? 1 : roll < 0.92 ? 2 : 3;
    for (let push = 0; push < pushes; push += 1) closeEvents.push({ at: created + random.int(7, span), shift: random.chance(0.6) ? random.int(14, 35) : random.int(36, 75) });
    // A pull-in: the close was expected later, and the rep brought it forward.
    if (random.chance(0.12)) closeEvents.push({ at: created + random.int(7, span), shift: -random.int(14, 45) });
  }
  closeEvents.sort((a, b) => a.at - b.at);
  const amountEvent = span > 14 && random.chance(0.3) ? { at: created + random.int(7, span), before: Math.max(500, Math.round((Number(deal.amount) * (0.6 + random.next() * 0.8)) / 100) * 100) } : null;
  // Some Negotiation deals sit in Best Case for a while before the rep commits them.
  const commitDelay = random.int(0, 21);
  const bestCaseAtProposal = random.chance(0.75);
  return { closeEvents, amountEvent, commitDelay, bestCaseAtProposal };
}

function stateAt(deal, past, t) {
  const created = day(deal.created);
  if (created > t) return null;
  const finalClose = day(deal.close);
  const closedNow = deal.stage === 'Closed Won' || deal.stage === 'Closed Lost';
  if (closedNow && finalClose <= t) {
    if (finalClose < CLOSED_SINCE) return null;
    return { stage: deal.stage, amount: Number(deal.amount), close: finalClose, category: deal.stage === 'Closed Won' ? 'Closed' : 'Omitted' };
  }
  // Open at t: the stage last entered on or before t (a closed stage entered later is not yet).
  let stage = OPEN_STAGES[0];
  let entered = created;
  for (const entry of history.get(deal.deal_id) ?? []) {
    if (entry.entered <= t && OPEN_STAGES.includes(entry.stage)) {
      stage = entry.stage;
      entered = entry.entered;
    }
  }
  if (!closedNow && stage === OPEN_STAGES[0] && deal.stage !== stage && (history.get(deal.deal_id) ?? []).length === 0) stage = deal.stage;
  let close = finalClose;
  for (let index = past.closeEvents.length - 1; index >= 0; index -= 1) {
    const event = past.closeEvents[index];
    if (event.at > t) close -= event.shift;
  }
  const amount = past.amountEvent !== null && past.amountEvent.at > t ? past.amountEvent.before : Number(deal.amount);
  const category =
    stage === 'Negotiation' ? (t - entered >= past.commitDelay ? 'Commit' : 'Best Case') : stage === 'Proposal' ? (past.bestCaseAtProposal ? 'Best Case' : 'Pipeline') : 'Pipeline';
  return { stage, amount, close, category };
}

// A few deals entered and deleted later (duplicates, test records): they end as removed.
const removedDeals = [];
{
  const random = streamFor('removed');
  const owners = [...new Set(deals.map((deal) => deal.owner))].sort();
  for (let index = 1; index <= 12; index += 1) {
    const created = FIRST_SNAPSHOT - 30 + random.int(0, 140);
    removedDeals.push({
      deal_id: `D-R${String(index).padStart(4, '0')}`,
      owner: owners[random.int(0, owners.length - 1)],
      stage: OPEN_STAGES[random.int(0, 2)],
      amount: String(random.int(20, 400) * 100),
      currency: 'USD',
      created: iso(created),
      close: iso(created + random.int(40, 150)),
      segment: ['SMB', 'Mid-Market', 'Enterprise'][random.int(0, 2)],
      deletedOn: created + random.int(14, 70),
    });
  }
}
// A few lost deals come back: lost for some weeks, then reopened (they are open in deals.csv).
const reopened = new Map();
{
  const random = streamFor('reopened');
  const candidates = deals.filter((deal) => OPEN_STAGES.includes(deal.stage) && day(deal.created) < FIRST_SNAPSHOT + 60);
  for (let index = 0; index < 6 && candidates.length > 0; index += 1) {
    const deal = candidates.splice(random.int(0, candidates.length - 1), 1)[0];
    const lostOn = Math.max(day(deal.created) + 10, FIRST_SNAPSHOT + random.int(0, 60));
    reopened.set(deal.deal_id, { lostOn, reopenedOn: lostOn + random.int(14, 45) });
  }
}

const HEADER = ['deal_id', 'owner', 'stage', 'amount', 'currency', 'close', 'probability', 'forecast_category', 'segment'];
const quote = (value) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const pasts = new Map(deals.map((deal) => [deal.deal_id, pastOf(deal)]));

mkdirSync(OUT, { recursive: true });
let files = 0;
for (let t = FIRST_SNAPSHOT; t <= LAST_SNAPSHOT; t += 7) {
  const lines = [HEADER.join(',')];
  const row = (deal, state) =>
    lines.push([deal.deal_id, deal.owner, state.stage, String(state.amount), deal.currency, iso(state.close), String(PROBABILITY[state.stage]), state.category, deal.segment].map(quote).join(','));
  for (const deal of deals) {
    let state = stateAt(deal, pasts.get(deal.deal_id), t);
    if (state === null) continue;
    const back = reopened.get(deal.deal_id);
    if (back !== undefined && t >= back.lostOn && t < back.reopenedOn) state = { ...state, stage: 'Closed Lost', close: back.lostOn, category: 'Omitted' };
    row(deal, state);
  }
  for (const deal of removedDeals) {
    if (day(deal.created) <= t && t < deal.deletedOn) row(deal, { stage: deal.stage, amount: Number(deal.amount), close: day(deal.close), category: 'Pipeline' });
  }
  writeFileSync(join(OUT, `pipeline-${iso(t)}.csv`), `${lines.join('\n')}\n`);
  files += 1;
}
process.stdout.write(`wrote ${files} snapshots to ${OUT}\n`);
