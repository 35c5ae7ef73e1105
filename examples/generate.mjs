#!/usr/bin/env node
/**
 * Writes the bundled example dataset: a seeded, reproducible simulation of two years of a
 * B2B sales team (15 reps, 6 stages, ~120 accounts), as of 2026-11-20.
 *
 *   node examples/generate.mjs                       seed 42, 2,000 deals, into examples/
 *   node examples/generate.mjs --seed 7 --deals 5000 --out ../sales-data
 *   node examples/generate.mjs --deals 1000000 --deals-only --out bench/data
 *
 * Files: deals.csv, history.csv (stage entries), accounts.csv, reps.csv and deals-messy.csv
 * (a small file with deliberate problems for `dealmath validate`); `--deals-only` writes
 * deals.csv alone. Rows are streamed to disk in chunks, so memory does not grow with --deals.
 * The same seed and deal count give the same bytes, and deals.csv does not depend on
 * --deals-only. Plain Node, no dependencies.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = `usage: node examples/generate.mjs [--seed N] [--deals N] [--out DIR] [--deals-only]

  --seed N       PRNG seed, an integer 0..4294967295 (default 42)
  --deals N      number of deals (default 2000)
  --out DIR      output directory (default: the directory of this script)
  --deals-only   write deals.csv only (for benchmarks)`;

// ---------------------------------------------------------------------------------------
// Calendar: UTC day numbers, so the output never depends on the machine's time zone.

const MS_PER_DAY = 86_400_000;
const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY;
const dateCache = new Map();
function isoDate(dayNumber) {
  let text = dateCache.get(dayNumber);
  if (text === undefined) {
    text = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
    dateCache.set(dayNumber, text);
  }
  return text;
}
/** 0 = Sunday ... 6 = Saturday; 1970-01-01 was a Thursday. */
const weekday = (dayNumber) => (((dayNumber + 4) % 7) + 7) % 7;
function endOfMonth(dayNumber) {
  const date = new Date(dayNumber * MS_PER_DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / MS_PER_DAY;
}

const AS_OF = day('2026-11-20');
const FIRST_CREATED = day('2024-11-01');
const LAST_CREATED = day('2026-11-15');

// ---------------------------------------------------------------------------------------
// Seeded randomness: mulberry32 streams, one per concern, so adding draws to one file's
// generation never shifts another's.

function mulberry32(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's finalizer over (seed, stream): well-spread seeds for independent streams. */
function streamSeed(seed, stream) {
  let hash = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function makeRandom(seed, stream) {
  const next = mulberry32(streamSeed(seed, stream));
  const random = {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    /** An integer in low..high, both included. */
    int: (low, high) => low + Math.floor((high - low + 1) * next()),
    chance: (probability) => next() < probability,
    normal() {
      // Box-Muller; 1 - u keeps the logarithm's argument above 0.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    /** Lognormal with the given mean (not median) and log-sd. */
    lognormalMean: (mean, sigma) => mean * Math.exp(sigma * random.normal() - (sigma * sigma) / 2),
    exponential: (mean) => -mean * Math.log(1 - next()),
    /** Index drawn from cumulative weights (last element = total). */
    pickIndex(cumulative) {
      const target = next() * cumulative[cumulative.length - 1];
      let index = 0;
      while (index < cumulative.length - 1 && cumulative[index] <= target) index += 1;
      return index;
    },
    pick(items, cumulative) {
      return items[random.pickIndex(cumulative)];
    },
  };
  return random;
}

const cumulate = (weights) => {
  let sum = 0;
  return weights.map((weight) => (sum += weight));
};

// ---------------------------------------------------------------------------------------
// The sales organisation.

const OPEN_STAGES = ['Qualification', 'Discovery', 'Proposal', 'Negotiation'];
const WON_STAGE = 'Closed Won';
const LOST_STAGE = 'Closed Lost';
/** Average days in each open stage for a Mid-Market-sized deal before segment scaling. */
const BASE_DWELL = [10, 15, 20, 15];
const STAGE_PROBABILITY = [10, 25, 50, 75];
/** Where lost deals drop out: most die early. */
const LOST_AT_WEIGHTS = cumulate([0.3, 0.3, 0.25, 0.15]);

const SEGMENTS = {
  SMB: { median: 10_000, sigma: 0.45, low: 2_500, high: 45_000, cycleScale: 0.5, round: 100 },
  'Mid-Market': { median: 40_000, sigma: 0.45, low: 10_000, high: 180_000, cycleScale: 1.1, round: 100 },
  Enterprise: { median: 165_000, sigma: 0.5, low: 40_000, high: 950_000, cycleScale: 2, round: 1000 },
};
const SEGMENT_NAMES = Object.keys(SEGMENTS);
const REGIONS = ['NA', 'EMEA', 'APAC'];
const RATES = { USD: 1, EUR: 1.08, GBP: 1.27 };

const PRODUCTS = ['Platform', 'Analytics', 'Integrations', 'Services'];
const PRODUCT_WEIGHTS = cumulate([0.45, 0.25, 0.18, 0.12]);
const PRODUCT_SIZE = [1.15, 0.9, 0.75, 0.6];

const TEAMS = {
  Commercial: { segments: cumulate([0.85, 0.15, 0]), quota: 80_000 },
  'Mid-Market': { segments: cumulate([0.1, 0.8, 0.1]), quota: 230_000 },
  Enterprise: { segments: cumulate([0, 0.15, 0.85]), quota: 600_000 },
};

/**
 * Skill differs by design: win rate, deal size, cycle speed and volume. Olivia Brown and
 * Hannah Schmidt joined in 2026, so they have fewer than 30 closed deals in the last year
 * and their rates carry small-sample flags.
 */
const REPS = [
  { owner: 'Maria Gonzalez', team: 'Commercial', region: 'NA', winRate: 0.32, size: 1.05, cycle: 0.85, volume: 1.1 },
  { owner: 'James Carter', team: 'Commercial', region: 'NA', winRate: 0.23, size: 1, cycle: 1, volume: 1 },
  { owner: 'Aisha Khan', team: 'Commercial', region: 'EMEA', winRate: 0.28, size: 0.95, cycle: 0.9, volume: 1 },
  { owner: 'Tom Becker', team: 'Commercial', region: 'EMEA', winRate: 0.14, size: 0.9, cycle: 1.25, volume: 0.9 },
  { owner: 'Kenji Sato', team: 'Commercial', region: 'APAC', winRate: 0.2, size: 1, cycle: 1.05, volume: 0.9 },
  { owner: 'Olivia Brown', team: 'Commercial', region: 'NA', winRate: 0.26, size: 0.95, cycle: 1, volume: 0.7, start: '2026-06-01' },
  { owner: 'Daniel Okafor', team: 'Mid-Market', region: 'NA', winRate: 0.38, size: 1.15, cycle: 0.9, volume: 1 },
  { owner: 'Sophie Laurent', team: 'Mid-Market', region: 'EMEA', winRate: 0.25, size: 1, cycle: 1, volume: 1 },
  { owner: 'Ryan Mitchell', team: 'Mid-Market', region: 'NA', winRate: 0.18, size: 0.9, cycle: 1.15, volume: 1.1 },
  { owner: 'Priya Sharma', team: 'Mid-Market', region: 'APAC', winRate: 0.3, size: 1.1, cycle: 0.95, volume: 0.9 },
  { owner: 'Lucas Silva', team: 'Mid-Market', region: 'NA', winRate: 0.1, size: 0.85, cycle: 1.3, volume: 1 },
  { owner: 'Michael Chen', team: 'Enterprise', region: 'NA', winRate: 0.34, size: 1.25, cycle: 0.85, volume: 1 },
  { owner: 'Elena Petrova', team: 'Enterprise', region: 'EMEA', winRate: 0.26, size: 1.2, cycle: 1, volume: 1 },
  { owner: 'David Cohen', team: 'Enterprise', region: 'NA', winRate: 0.16, size: 0.95, cycle: 1.2, volume: 1 },
  { owner: 'Hannah Schmidt', team: 'Enterprise', region: 'EMEA', winRate: 0.22, size: 1, cycle: 1.05, volume: 0.8, start: '2026-04-01' },
].map((rep) => ({ ...rep, startDay: rep.start === undefined ? FIRST_CREATED : day(rep.start) }));

/** Share of deals per team, so each rep's volume suits the team's deal sizes. */
const TEAM_SHARE = { Commercial: 0.45, 'Mid-Market': 0.33, Enterprise: 0.22 };

// ---------------------------------------------------------------------------------------
// Accounts.

const NAME_STEMS = [
  'Northwind', 'Bluefin', 'Cobalt', 'Redwood', 'Silverline', 'Harbor', 'Summit', 'Granite', 'Meridian', 'Evergreen',
  'Lakeshore', 'Ironclad', 'Brightwater', 'Falcon', 'Keystone', 'Pinnacle', 'Riverstone', 'Sunridge', 'Westfield', 'Orion',
  'Atlas', 'Beacon', 'Crescent', 'Driftwood', 'Emberly', 'Foxglove', 'Halcyon', 'Juniper', 'Kestrel', 'Larkspur',
  'Mosaic', 'Nimbus', 'Oakridge', 'Polaris', 'Quarry', 'Sterling', 'Tidewater', 'Vantage', 'Willow', 'Zenith',
];
const NAME_TRADES = [
  'Logistics', 'Health', 'Systems', 'Foods', 'Capital', 'Energy', 'Retail', 'Manufacturing', 'Analytics', 'Pharma',
  'Insurance', 'Media', 'Telecom', 'Robotics', 'Materials', 'Travel', 'Software', 'Biotech', 'Freight', 'Holdings',
];
const LEGAL = {
  NA: ['Inc.', ', Inc.', 'Corp.', 'LLC', 'Group'],
  EUR: ['GmbH', 'AG', 'SA', 'BV', 'SAS'],
  GBP: ['Ltd', 'plc'],
  'EMEA-USD': ['International', 'Group', 'AB'],
  APAC: ['Pty Ltd', 'Pte Ltd', 'KK', 'Limited'],
};
const ACCOUNT_SEGMENT_COUNTS = { SMB: 64, 'Mid-Market': 38, Enterprise: 18 };
/** Region pattern: 60% NA, 27% EMEA, 13% APAC, interleaved so every segment has every region. */
const REGION_PATTERN = ['NA', 'EMEA', 'NA', 'APAC', 'NA', 'EMEA', 'NA', 'NA', 'EMEA', 'NA', 'NA', 'APAC', 'NA', 'EMEA', 'NA'];
const EMEA_CURRENCIES = ['EUR', 'USD', 'USD', 'GBP', 'USD', 'USD', 'USD', 'EUR', 'USD', 'USD', 'USD', 'USD'];

function makeAccounts(random) {
  const combos = [];
  for (const stem of NAME_STEMS) for (const trade of NAME_TRADES) combos.push(`${stem} ${trade}`);
  const total = Object.values(ACCOUNT_SEGMENT_COUNTS).reduce((sum, count) => sum + count, 0);
  shuffleFirst(combos, total, random);
  let accounts = [];
  for (const segment of SEGMENT_NAMES) {
    for (let index = 0; index < ACCOUNT_SEGMENT_COUNTS[segment]; index += 1) {
      // Heavy-tailed activity (Pareto, alpha 1.1, capped): a few accounts buy again and again.
      const activity = Math.min(40, Math.exp(-Math.log(1 - random.next()) / 1.1));
      const potential = random.normal() + (segment === 'Enterprise' ? 0.6 : segment === 'SMB' ? -0.3 : 0);
      accounts.push({
        id: '',
        name: '',
        base: combos[accounts.length],
        segment,
        region: REGION_PATTERN[index % REGION_PATTERN.length],
        currency: 'USD',
        activity,
        size: random.lognormalMean(1, 0.25),
        elements: {
          market_growth: level(0.6 * potential + 0.8 * random.normal()),
          solution_fit: level(0.5 * potential + 0.9 * random.normal()),
          strategic_value: level(0.9 * potential + 0.5 * random.normal()),
          short_term_needs: level(random.normal()),
          relationship: level(0.4 * Math.log(activity) + 0.3 * potential + 0.8 * random.normal() - 0.3),
        },
        wonLastYear: 0,
      });
    }
  }
  // EMEA currencies go round the accounts from the most active down, so the share of
  // deals in EUR and GBP does not hang on where the few heavy accounts happen to fall.
  const emea = accounts.filter((account) => account.region === 'EMEA').sort((a, b) => b.activity - a.activity);
  emea.forEach((account, rank) => {
    account.currency = EMEA_CURRENCIES[rank % EMEA_CURRENCIES.length];
  });
  for (const account of accounts) {
    const legal = account.region !== 'EMEA' ? account.region : account.currency === 'USD' ? 'EMEA-USD' : account.currency;
    const suffix = LEGAL[legal][random.int(0, LEGAL[legal].length - 1)];
    account.name = suffix.startsWith(',') ? `${account.base}${suffix}` : `${account.base} ${suffix}`;
  }
  // Ids in shuffled order, so an id says nothing about segment or size.
  accounts = shuffleFirst(accounts, accounts.length, random);
  accounts.forEach((account, index) => {
    account.id = `ACC-${String(index + 1).padStart(3, '0')}`;
  });
  const pools = new Map();
  for (const account of accounts) {
    const key = `${account.segment}|${account.region}`;
    if (!pools.has(key)) pools.set(key, { members: [], cumulative: [] });
    pools.get(key).members.push(account);
  }
  for (const pool of pools.values()) pool.cumulative = cumulate(pool.members.map((account) => account.activity));
  return { accounts, pools };
}

/** Fisher-Yates over the first `count` places: they end up a uniform sample, in random order. */
function shuffleFirst(items, count, random) {
  for (let index = 0; index < count; index += 1) {
    const other = random.int(index, items.length - 1);
    [items[index], items[other]] = [items[other], items[index]];
  }
  return items;
}

function level(score) {
  return score > 0.55 ? 'High' : score < -0.45 ? 'Low' : 'Medium';
}

// ---------------------------------------------------------------------------------------
// Deals.

/** Created dates follow a ramp: the company grows, ending at 2.5x the starting rate. */
const GROWTH = 1.5;
/** Share of won deals that drag (procurement, budget approval): every dwell 1.5-3x longer. */
const SLOW_SHARE = 0.2;
/**
 * Deals that will be lost drag much more (time kills deals, and reps close dead deals
 * late): every dwell 3-14x longer, less for long-cycle segments. This is what keeps about
 * 30% of all deals open at the as-of date while won cycles stay short.
 */
const LOST_SLOW_LOW = 3;
const LOST_SLOW_HIGH = 14;
const SKIP_CHANCE = 0.08;
const BACKWARD_CHANCE = 0.06;
const PAST_DUE_CHANCE = 0.05;
const STALE_CHANCE = 0.06;

/** The created day of the index-th of `count` deals: stratified, so ids follow created dates. */
function createdDay(index, count, random) {
  const fraction = (index + random.next()) / count;
  // Inverse CDF of a linear ramp density proportional to 1 + GROWTH * x on [0, 1].
  const x = (-1 + Math.sqrt(1 + 2 * GROWTH * fraction * (1 + GROWTH / 2))) / GROWTH;
  let created = FIRST_CREATED + Math.floor(x * (LAST_CREATED - FIRST_CREATED + 1));
  if (created > LAST_CREATED) created = LAST_CREATED;
  // Few opportunities are opened at weekends.
  const dayOfWeek = weekday(created);
  if (dayOfWeek === 6) created -= 1;
  else if (dayOfWeek === 0) created += created + 1 > LAST_CREATED ? -2 : 1;
  return created;
}

const REP_WEIGHTS = REPS.map((rep) => (rep.volume * TEAM_SHARE[rep.team]) / REPS.filter((other) => other.team === rep.team).length);
const repCumulative = new Array(REPS.length);

/** A rep who had joined by the created date, by volume. */
function pickRep(created, random) {
  let total = 0;
  for (let index = 0; index < REPS.length; index += 1) {
    if (REPS[index].startDay <= created) total += REP_WEIGHTS[index];
    repCumulative[index] = total;
  }
  return REPS[random.pickIndex(repCumulative)];
}

/** Days in a stage: lognormal around the mean, at least one day. */
function dwellDays(mean, random) {
  return Math.max(1, Math.round(random.lognormalMean(mean, 0.55)));
}

/**
 * One deal and its stage history. `issues: false` turns off the past-due and stale
 * cases (for deals-messy.csv, whose problems are placed by hand).
 */
function makeDeal(index, count, idWidth, random, world, issues = true) {
  const created = createdDay(index, count, random);
  const rep = pickRep(created, random);
  const segment = SEGMENT_NAMES[random.pickIndex(TEAMS[rep.team].segments)];
  const region = random.chance(0.9) ? rep.region : REGIONS[random.int(0, REGIONS.length - 1)];
  const pool = world.pools.get(`${segment}|${region}`);
  const account = pool.members[random.pickIndex(pool.cumulative)];
  const productIndex = random.pickIndex(PRODUCT_WEIGHTS);
  const product = PRODUCTS[productIndex];
  const expansion = random.chance(0.35);
  const shape = SEGMENTS[segment];

  const sizeDraw = random.normal();
  let usd = shape.median * Math.exp(shape.sigma * sizeDraw) * rep.size * account.size * PRODUCT_SIZE[productIndex];
  usd = Math.min(shape.high, Math.max(shape.low, usd));
  const rate = RATES[account.currency];
  const amount = Math.max(shape.round, Math.round(usd / rate / shape.round) * shape.round);

  // Big deals are a little harder to win; existing customers a little easier.
  let winProbability = rep.winRate * Math.exp(-0.2 * sizeDraw) * (expansion ? 1.25 : 0.88);
  winProbability = Math.min(0.85, Math.max(0.02, winProbability));
  const won = random.chance(winProbability);
  const furthest = won ? OPEN_STAGES.length - 1 : random.pickIndex(LOST_AT_WEIGHTS);
  const slowFactor = won ? (random.chance(SLOW_SHARE) ? random.uniform(1.5, 3) : 1) : random.uniform(LOST_SLOW_LOW, LOST_SLOW_HIGH) / Math.sqrt(shape.cycleScale);
  const meanDwell = (stage) => BASE_DWELL[stage] * shape.cycleScale * rep.cycle * slowFactor;

  // Walk the stages. A skip jumps over Discovery or Proposal; a backward move returns to
  // the previous stage once and comes back, so the last open stage is always the furthest.
  const entries = [[0, created]];
  let time = created;
  let stage = 0;
  let movedBack = false;
  while (stage < furthest) {
    time += dwellDays(meanDwell(stage), random);
    let next = stage + 1;
    if ((next === 1 || next === 2) && next + 1 <= furthest && random.chance(SKIP_CHANCE)) next += 1;
    stage = next;
    entries.push([stage, time]);
    if (!movedBack && stage >= 2 && random.chance(BACKWARD_CHANCE)) {
      movedBack = true;
      time += dwellDays(meanDwell(stage) * 0.5, random);
      entries.push([stage - 1, time]);
      time += dwellDays(meanDwell(stage - 1) * 0.6, random);
      entries.push([stage, time]);
    }
  }
  const lastDwell = dwellDays(meanDwell(furthest), random);
  const close = time + (won ? lastDwell : Math.max(1, Math.round(lastDwell * random.uniform(0.3, 1))));

  const deal = {
    id: `D-${String(index + 1).padStart(idWidth, '0')}`,
    name: `${account.base} - ${product} ${expansion ? 'expansion' : 'new business'}`,
    account,
    owner: rep.owner,
    stage: '',
    amount,
    currency: account.currency,
    created,
    close,
    probability: 0,
    forecastCategory: '',
    lastActivity: close,
    stageEntered: close,
    lostStage: '',
    segment,
    region,
    product,
    history: null,
    status: 'open',
    expansion,
  };

  if (close <= AS_OF) {
    deal.status = won ? 'won' : 'lost';
    deal.stage = won ? WON_STAGE : LOST_STAGE;
    deal.probability = won ? 100 : 0;
    deal.forecastCategory = won ? 'Closed' : 'Omitted';
    deal.lostStage = won ? '' : OPEN_STAGES[furthest];
    deal.lastActivity = close - Math.min(random.int(0, 3), close - entries[entries.length - 1][1]);
    deal.history = entries.map(([entered, date]) => [OPEN_STAGES[entered], date]);
    deal.history.push([deal.stage, close]);
    if (won && close > AS_OF - 365) account.wonLastYear += amount * rate;
    return deal;
  }

  // Still open at the as-of date: the history stops at the stage it is in.
  const visible = entries.filter(([, date]) => date <= AS_OF);
  const [current, entered] = visible[visible.length - 1];
  deal.stage = OPEN_STAGES[current];
  deal.stageEntered = entered;
  deal.history = visible.map(([stageIndex, date]) => [OPEN_STAGES[stageIndex], date]);
  // Some reps adjust the stage's default probability, never to a certainty either way.
  deal.probability = Math.min(95, Math.max(5, STAGE_PROBABILITY[current] + (random.chance(0.2) ? 5 * random.int(-2, 2) : 0)));
  const forecastDraw = random.next();
  deal.forecastCategory =
    current <= 1 ? 'Pipeline' : current === 2 ? (forecastDraw < 0.7 ? 'Best Case' : 'Pipeline') : forecastDraw < 0.7 ? 'Commit' : 'Best Case';

  // The rep's expected close: what is left of a normal-paced journey, often the month's end.
  const inStage = AS_OF - entered;
  let remaining = Math.max(3, BASE_DWELL[current] * shape.cycleScale * rep.cycle - inStage);
  for (let later = current + 1; later < OPEN_STAGES.length; later += 1) remaining += BASE_DWELL[later] * shape.cycleScale * rep.cycle;
  let expected = AS_OF + Math.max(1, Math.round(remaining * random.uniform(0.7, 1.4)));
  if (random.chance(0.3)) expected = endOfMonth(expected);
  if (issues && inStage >= 7 && random.chance(PAST_DUE_CHANCE)) {
    expected = AS_OF - random.int(1, Math.min(40, inStage - 1));
  }
  deal.close = expected;

  if (issues && inStage >= 45 && random.chance(STALE_CHANCE)) {
    deal.lastActivity = AS_OF - random.int(31, Math.min(150, inStage));
  } else {
    deal.lastActivity = AS_OF - Math.min(Math.floor(random.exponential(5)), 25, inStage);
  }
  return deal;
}

// ---------------------------------------------------------------------------------------
// CSV output.

const DEAL_HEADER =
  'deal_id,name,account,owner,stage,amount,currency,created,close,probability,forecast_category,last_activity,stage_entered,lost_stage,segment,region,product';

function csvCell(value) {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A deal row; `overrides` replaces cells by column name (used for deals-messy.csv). */
function dealRow(deal, overrides = {}) {
  const cells = {
    deal_id: deal.id,
    name: csvCell(deal.name),
    account: csvCell(deal.account.name),
    owner: deal.owner,
    stage: deal.stage,
    amount: String(deal.amount),
    currency: deal.currency,
    created: isoDate(deal.created),
    close: isoDate(deal.close),
    probability: String(deal.probability),
    forecast_category: deal.forecastCategory,
    last_activity: isoDate(deal.lastActivity),
    stage_entered: isoDate(deal.stageEntered),
    lost_stage: deal.lostStage,
    segment: deal.segment,
    region: deal.region,
    product: deal.product,
  };
  for (const [column, value] of Object.entries(overrides)) cells[column] = csvCell(value);
  return `${Object.values(cells).join(',')}\n`;
}

/** Buffers lines and writes them in chunks of about 1 MB. */
class ChunkedFile {
  constructor(path) {
    this.path = path;
    this.fd = openSync(path, 'w');
    this.parts = [];
    this.size = 0;
  }
  write(text) {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }
  flush() {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

// ---------------------------------------------------------------------------------------
// deals-messy.csv: realistic problems, each on a known row (header = row 1).

/** Data rows of deals-messy.csv before the duplicate. */
const MESSY_ROWS = 29;
/**
 * The problems, by file row (header = row 1): the rule `dealmath validate` should report,
 * the kind of deal the row starts from, and the cells that break it. Listed in README.md.
 */
const MESSY_PROBLEMS = [
  { row: 4, rule: 'bad-amount', needs: 'won', cells: () => ({ amount: 'TBD' }) },
  { row: 7, rule: 'negative-amount', needs: 'lost', cells: () => ({ amount: '-4500' }) },
  { row: 10, rule: 'unknown-stage', needs: 'open', cells: () => ({ stage: 'Demo Scheduled' }) },
  { row: 13, rule: 'missing-close', needs: 'won', cells: () => ({ close: '' }) },
  {
    row: 16,
    rule: 'close-before-created',
    needs: 'lost',
    cells: (deal) => ({ close: isoDate(deal.created - 14), last_activity: isoDate(deal.created - 14), stage_entered: isoDate(deal.created - 14) }),
  },
  { row: 19, rule: 'bad-date', needs: 'lost', cells: () => ({ created: '2026-02-30' }) },
  { row: 22, rule: 'past-due', needs: 'open-old', cells: () => ({ close: isoDate(AS_OF - 19) }) },
  { row: 25, rule: 'probability-open-100', needs: 'open', cells: () => ({ probability: '100', forecast_category: 'Commit' }) },
  { row: 27, rule: 'stale', needs: 'open-old', cells: (deal) => ({ last_activity: isoDate(Math.max(deal.stageEntered, AS_OF - 120)) }) },
  { row: 29, rule: 'missing-amount', needs: 'open', cells: () => ({ amount: '' }) },
  { row: 30, rule: 'probability-won-0', needs: 'won', cells: () => ({ probability: '0' }) },
];
/** Row 31 repeats row 6 exactly (the same deal in two concatenated exports). */
const MESSY_DUPLICATE_OF = 6;

/** Whether a generated deal can stand in for a row that needs `needs`. */
function fits(deal, needs) {
  const inStage = AS_OF - deal.stageEntered;
  // Clean open rows must not be stalled or stale by accident: only the listed problems show.
  if (needs === 'clean') return deal.status !== 'open' || inStage < 45;
  if (needs === 'open') return deal.status === 'open' && inStage < 45;
  if (needs === 'open-old') return deal.status === 'open' && inStage >= 40 && inStage < 90;
  return deal.status === needs;
}

function writeMessy(path, seed, world) {
  const random = makeRandom(seed, 3);
  const file = new ChunkedFile(path);
  file.write(`${DEAL_HEADER}\n`);
  const rows = [];
  for (let index = 0; index < MESSY_ROWS; index += 1) {
    const problem = MESSY_PROBLEMS.find(({ row }) => row === index + 2);
    const needs = problem?.needs ?? 'clean';
    // Spread over the period; a row that needs some kind of deal draws until one fits.
    let deal = makeDeal(index, MESSY_ROWS, 4, random, world, false);
    for (let attempt = 0; !fits(deal, needs); attempt += 1) {
      if (attempt > 1000) throw new Error(`deals-messy.csv: no ${needs} deal for row ${index + 2}`);
      deal = makeDeal(random.int(0, MESSY_ROWS - 1), MESSY_ROWS, 4, random, world, false);
    }
    deal.id = `M-${String(index + 1).padStart(4, '0')}`;
    rows.push(dealRow(deal, problem?.cells(deal) ?? {}));
  }
  for (const row of rows) file.write(row);
  file.write(rows[MESSY_DUPLICATE_OF - 2]);
  file.close();
}

// ---------------------------------------------------------------------------------------
// Main.

function parseArguments(argv) {
  const options = { seed: 42, deals: 2000, out: dirname(fileURLToPath(import.meta.url)), dealsOnly: false };
  const integer = (flag, text, max) => {
    if (text === undefined || !/^\d+$/.test(text) || Number(text) > max) {
      throw new UsageError(`${flag} expects an integer 0..${max}, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
    }
    return Number(text);
  };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--seed') options.seed = integer('--seed', argv[++index], 4294967295);
    else if (argument === '--deals') options.deals = integer('--deals', argv[++index], 100_000_000);
    else if (argument === '--out') {
      const out = argv[++index];
      if (out === undefined || out === '') throw new UsageError('--out expects a directory');
      options.out = out;
    } else if (argument === '--deals-only') options.dealsOnly = true;
    else if (argument === '--help' || argument === '-h') options.help = true;
    else throw new UsageError(`unknown option ${JSON.stringify(argument)}`);
  }
  if (options.deals < 1) throw new UsageError('--deals expects at least 1');
  return options;
}

class UsageError extends Error {}

/** The CRM's type label of a deal (Salesforce `Type`, HubSpot `Deal Type`). */
function dealType(deal, random) {
  if (!deal.expansion) return 'New Business';
  const draw = random.next();
  return draw < 0.5 ? 'Renewal' : draw < 0.8 ? 'Upsell' : 'Cross-sell';
}

function generate(options) {
  const { seed, deals: count, out, dealsOnly } = options;
  mkdirSync(out, { recursive: true });
  const world = makeAccounts(makeRandom(seed, 0));
  const random = makeRandom(seed, 1);
  const idWidth = Math.max(5, String(count).length);
  const written = [];

  const dealsFile = new ChunkedFile(join(out, 'deals.csv'));
  dealsFile.write(`${DEAL_HEADER},type\n`);
  // The deal type from a stream of its own, so adding it changed no other cell: the simulation's
  // expansion deals (an existing customer buying again) are a renewal, an upsell or a cross-sell.
  const typeRandom = makeRandom(seed, 4);
  const historyFile = dealsOnly ? null : new ChunkedFile(join(out, 'history.csv'));
  historyFile?.write('deal_id,stage,entered\n');
  for (let index = 0; index < count; index += 1) {
    const deal = makeDeal(index, count, idWidth, random, world);
    dealsFile.write(`${dealRow(deal).slice(0, -1)},${dealType(deal, typeRandom)}\n`);
    if (historyFile !== null) {
      let lines = '';
      for (const [stage, entered] of deal.history) lines += `${deal.id},${stage},${isoDate(entered)}\n`;
      historyFile.write(lines);
    }
  }
  dealsFile.close();
  written.push(dealsFile.path);
  if (historyFile === null) return written;
  historyFile.close();
  written.push(historyFile.path);

  // Current revenue tracks the won deals of the last 12 months, with an installed base and
  // the noise of a finance system that books revenue on its own calendar.
  const revenueRandom = makeRandom(seed, 2);
  const accountsFile = new ChunkedFile(join(out, 'accounts.csv'));
  accountsFile.write('account_id,name,current_revenue,market_growth,solution_fit,strategic_value,short_term_needs,relationship\n');
  for (const account of world.accounts) {
    let revenue = account.wonLastYear * revenueRandom.uniform(0.85, 1.2);
    if (revenueRandom.chance(0.5)) revenue += SEGMENTS[account.segment].median * revenueRandom.uniform(0.2, 1.5);
    const current = Math.round(revenue / 1000) * 1000;
    const { market_growth, solution_fit, strategic_value, short_term_needs, relationship } = account.elements;
    accountsFile.write(
      `${account.id},${csvCell(account.name)},${current},${market_growth},${solution_fit},${strategic_value},${short_term_needs},${relationship}\n`,
    );
  }
  accountsFile.close();
  written.push(accountsFile.path);

  // Quarterly quotas by team, scaled by the rep's expected volume and deal size.
  const repsFile = new ChunkedFile(join(out, 'reps.csv'));
  repsFile.write('owner,quota,team\n');
  for (const rep of REPS) {
    const quota = Math.round((TEAMS[rep.team].quota * (0.6 + 0.4 * rep.volume * rep.size)) / 5000) * 5000;
    repsFile.write(`${rep.owner},${quota},${rep.team}\n`);
  }
  repsFile.close();
  written.push(repsFile.path);

  writeMessy(join(out, 'deals-messy.csv'), seed, world);
  written.push(join(out, 'deals-messy.csv'));
  return written;
}

function main(argv) {
  let options;
  try {
    options = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`generate.mjs: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const written = generate(options);
  const names = written.map((path) => basename(path)).join(', ');
  process.stderr.write(`generate.mjs: seed ${options.seed}, ${options.deals} deals: wrote ${names} in ${options.out}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
