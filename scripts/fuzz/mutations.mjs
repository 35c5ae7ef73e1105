/**
 * The fuzz harness's generators: from a seeded random stream, cases built from the bundled
 * examples and the hostile corpus (test/fixtures/hostile), mutated the ways real exports and
 * scripts go wrong. A case is data: the files to write (bytes, or a symlink/FIFO/mode to create),
 * the command line, the number of data rows written when it is known, and for invariant cases the
 * variants that must give the same answer. scripts/fuzz/runner.mjs runs and classifies them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const AS_OF = '2026-11-20';

/** A small seeded generator (mulberry32): the same seed gives the same cases, in the same order. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  const chance = (p) => next() < p;
  const shuffle = (list) => {
    const copy = [...list];
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const other = int(0, index);
      [copy[index], copy[other]] = [copy[other], copy[index]];
    }
    return copy;
  };
  return { next, int, pick, chance, shuffle };
}

// ---------------------------------------------------------------------------------------------
// Bases: the tables and raw files mutations start from.

/** Reads the examples and the hostile corpus once: parseable CSVs as tables, the rest as bytes. */
export function loadBases(root) {
  const examples = join(root, 'examples');
  const hostileDir = join(root, 'test/fixtures/hostile');
  const read = (path) => readFileSync(path);
  const deals = parseTable(read(join(examples, 'deals.csv')).toString('utf8'));
  const hostileTables = [];
  const hostileRaw = [];
  for (const name of readdirSync(hostileDir).sort()) {
    const bytes = read(join(hostileDir, name));
    const table = name.endsWith('.csv') ? tryParseTable(bytes) : null;
    if (table !== null && table.rows.length > 0) hostileTables.push({ name, table });
    else hostileRaw.push({ name, bytes });
  }
  const config = read(join(examples, 'dealmath.yaml')).toString('utf8');
  return {
    deals,
    messy: parseTable(read(join(examples, 'deals-messy.csv')).toString('utf8')),
    accounts: parseTable(read(join(examples, 'accounts.csv')).toString('utf8')),
    repsCsv: read(join(examples, 'reps.csv')),
    historyCsv: read(join(examples, 'history.csv')),
    // The report section names files beside the config; the cases give files on the command line.
    config: config.slice(0, config.indexOf('\n# The weekly report')) + '\n',
    hostileTables,
    hostileRaw,
  };
}

function parseTable(text) {
  const [header, ...rows] = parse(text, { relax_column_count: true, bom: true });
  return { header, rows };
}

function tryParseTable(bytes) {
  const text = bytes.toString('utf8');
  // Invalid UTF-8, NULs and UTF-16 stay raw bytes: re-encoding them would repair what they test.
  if (text.includes('\uFFFD') || text.includes('\0')) return null;
  try {
    return parseTable(text);
  } catch {
    return null;
  }
}

const cloneTable = (table) => ({ header: [...table.header], rows: table.rows.map((row) => [...row]) });

/** A sample of the example deals: a random run of rows, or (rarely) a large file of copies. */
function dealsSample(random, bases) {
  const { header, rows } = bases.deals;
  if (random.chance(0.05)) {
    // Past the 5,000-row format sample: copies with fresh ids, so order-dependent guesses show.
    const big = [];
    for (let copy = 0; copy < 3; copy += 1) for (const row of rows) big.push([`${row[0]}-${copy}`, ...row.slice(1)]);
    return { header: [...header], rows: big };
  }
  const count = random.int(5, 250);
  const start = random.int(0, rows.length - count);
  return { header: [...header], rows: rows.slice(start, start + count).map((row) => [...row]) };
}

// ---------------------------------------------------------------------------------------------
// Value mutations: they change cells, never the number of data rows.

const LIMIT_NUMBERS = ['1.7976931348623157e308', '1.8e308', '5e-324', '-0', '0', '9007199254740993', '999999999999999', '1000000000000001', '1e15', '1e400', 'NaN', 'Infinity', '-Infinity', '0x10', '1_000', '.5', '5.', '00012'];
const BIDI_AND_CONTROLS = ['\u202E', '\u202D', '\u202A', '\u202B', '\u202C', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u0007', '\u001B[31m', '\u0085', '\u009B2J', '\u0008'];
const MONEY_FORMS = ['€100', 'JPY 100', 'C$100', '$1,000.00', '1 000,00 €', '(1,000)', 'USD 1e3', '1.000.000', '£5', '100 USD'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const columnOf = (table, names, random) => {
  for (const name of names) {
    const index = table.header.indexOf(name);
    if (index >= 0) return index;
  }
  return random.int(0, Math.max(0, table.header.length - 1));
};

function someRows(random, table, most = 5) {
  const count = Math.min(table.rows.length, random.int(1, most));
  return Array.from({ length: count }, () => table.rows[random.int(0, table.rows.length - 1)]);
}

/** Each: (random, table) => a short description; mutates the table's cells in place. */
const VALUE_MUTATIONS = {
  limitNumbers(random, table) {
    const column = columnOf(table, ['amount', 'probability', 'current_revenue'], random);
    for (const row of someRows(random, table)) row[column] = random.pick(LIMIT_NUMBERS);
    return `numbers at the limits in "${table.header[column]}"`;
  },
  longIds(random, table) {
    // Zoho-style 19-digit ids one apart: distinct as text, equal as doubles.
    const column = columnOf(table, ['deal_id', 'account_id', 'id'], random);
    const base = 4_000_000_000_000_000_000n + BigInt(random.int(0, 1000) * 1000);
    table.rows.forEach((row, index) => (row[column] = String(base + BigInt(index))));
    return `19-digit ids in "${table.header[column]}"`;
  },
  bidiControls(random, table) {
    const column = columnOf(table, ['owner', 'name', 'account', 'stage'], random);
    for (const row of someRows(random, table)) row[column] = `${random.pick(BIDI_AND_CONTROLS)}${row[column] ?? ''}${random.pick(BIDI_AND_CONTROLS)}`;
    return `bidi/control characters in "${table.header[column]}"`;
  },
  hugeCell(random, table) {
    const column = columnOf(table, ['name', 'owner', 'account'], random);
    const row = random.pick(table.rows);
    if (row !== undefined) row[column] = random.pick(['x', 'é', 'a\u0301', ' ']).repeat(random.int(10_000, 300_000));
    return `a huge cell in "${table.header[column]}"`;
  },
  combiningOwner(random, table) {
    // Letter + combining accent pairs: narrow on screen, long in code units (width measuring).
    const column = columnOf(table, ['owner'], random);
    const row = random.pick(table.rows);
    if (row !== undefined) row[column] = 'a\u0301'.repeat(random.int(2_000, 10_000));
    return `an owner of letter + combining-accent pairs in "${table.header[column]}"`;
  },
  emptyCells(random, table) {
    for (const row of someRows(random, table, 20)) row[random.int(0, row.length - 1)] = '';
    return 'empty cells';
  },
  dateForms(random, table) {
    const form = random.pick(['mdy', 'dmy', 'dotted', 'mon', 'serial', 'datetime']);
    const columns = ['created', 'close', 'last_activity', 'stage_entered'].map((name) => table.header.indexOf(name)).filter((index) => index >= 0);
    for (const row of table.rows) for (const column of columns) row[column] = reformatDate(row[column], form);
    return `dates as ${form}`;
  },
  cents(random, table) {
    const column = columnOf(table, ['amount'], random);
    for (const row of table.rows) if (/^\d+$/.test(row[column] ?? '')) row[column] = `${row[column]}.${String(random.int(0, 99)).padStart(2, '0')}`;
    return 'amounts with cents';
  },
  moneyForms(random, table) {
    const column = columnOf(table, ['amount'], random);
    for (const row of someRows(random, table)) row[column] = random.pick(MONEY_FORMS);
    return 'currency symbols and odd money forms in amounts';
  },
  probabilityScale(random, table) {
    const column = columnOf(table, ['probability'], random);
    for (const row of table.rows) if (/^\d+$/.test(row[column] ?? '')) row[column] = String(Number(row[column]) / 100);
    return 'probabilities as 0-1';
  },
};

function reformatDate(value, form) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (match === null) return value;
  const [, year, month, day] = match;
  switch (form) {
    case 'mdy':
      return `${Number(month)}/${Number(day)}/${year}`;
    case 'dmy':
      return `${Number(day)}/${Number(month)}/${year}`;
    case 'dotted':
      return `${day}.${month}.${year}`;
    case 'mon':
      return `${day}-${MONTHS[Number(month) - 1]}-${year}`;
    case 'serial':
      return String(Math.round(Date.UTC(Number(year), Number(month) - 1, Number(day)) / 86_400_000) + 25_569);
    default:
      return `${value}T23:30:00-05:00`;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing a table: CSV in several dialects, JSON and YAML forms of the same rows.

/** Cells a typed JSON/YAML export writes as bare numbers (no leading zeros: JSON has none). */
const NUMERIC = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** CSV text; `eol` is a line ending or 'mixed' (LF and CRLF at random). */
export function toCsv(table, { delimiter = ',', eol = '\n', random = null } = {}) {
  const lines = [table.header, ...table.rows].map((record) => stringify([record], { delimiter, record_delimiter: '\n' }).slice(0, -1));
  if (eol !== 'mixed') return lines.join(eol) + eol;
  return lines.map((line) => line + (random.chance(0.5) ? '\r\n' : '\n')).join('');
}

/** JSON records; with `typed`, numeric-looking cells are written as bare numbers (their text kept). */
export function toJson(table, { typed = false, wrapped = false } = {}) {
  const cell = (value) => (typed && NUMERIC.test(value) ? value : JSON.stringify(value));
  const records = table.rows.map((row) => `{${table.header.map((key, index) => `${JSON.stringify(key)}:${cell(row[index] ?? '')}`).join(',')}}`);
  const list = `[\n${records.join(',\n')}\n]`;
  return wrapped ? `{"deals":${list}}\n` : `${list}\n`;
}

export function toYaml(table, { typed = false } = {}) {
  const special = { NaN: '.nan', Infinity: '.inf', '-Infinity': '-.inf' };
  const cell = (value) => (typed && NUMERIC.test(value) ? value : typed && value in special ? special[value] : JSON.stringify(value));
  return table.rows.map((row) => table.header.map((key, index) => `${index === 0 ? '- ' : '  '}${JSON.stringify(key)}: ${cell(row[index] ?? '')}`).join('\n')).join('\n') + '\n';
}

/**
 * Picks a file form for a table: the file name, a description, and `write(table)` giving the bytes
 * (a function of the rows, so a finding can be re-written with fewer rows when it is shrunk).
 */
function writeForm(random, stem) {
  const form = random.pick(['csv', 'csv', 'csv', 'csv-dialect', 'json', 'json-typed', 'yaml', 'yaml-typed']);
  switch (form) {
    case 'csv-dialect': {
      const delimiter = random.pick([';', '\t', '|']);
      const eol = random.pick(['\r\n', 'mixed']);
      const bom = random.pick(['', 'utf8', 'utf16le']);
      const seed = random.int(0, 2 ** 31);
      const write = (table) => {
        const text = toCsv(table, { delimiter, eol, random: createRandom(seed) });
        if (bom === 'utf8') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
        if (bom === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
        return Buffer.from(text, 'utf8');
      };
      return { name: `${stem}.csv`, write, description: `CSV delimiter ${JSON.stringify(delimiter)}, ${eol === 'mixed' ? 'mixed LF/CRLF' : 'CRLF'}${bom === '' ? '' : `, ${bom} BOM`}` };
    }
    case 'json':
    case 'json-typed': {
      const options = { typed: form === 'json-typed', wrapped: random.chance(0.3) };
      return { name: `${stem}.json`, write: (table) => Buffer.from(toJson(table, options)), description: `${form}${options.wrapped ? ' {deals: [...]}' : ''}` };
    }
    case 'yaml':
    case 'yaml-typed':
      return { name: `${stem}.yaml`, write: (table) => Buffer.from(toYaml(table, { typed: form === 'yaml-typed' })), description: form };
    default:
      return { name: `${stem}.csv`, write: (table) => Buffer.from(toCsv(table)), description: 'CSV' };
  }
}

// ---------------------------------------------------------------------------------------------
// Byte mutations: the row count is no longer known.

const BYTE_MUTATIONS = {
  byteFlips(random, bytes) {
    const copy = Buffer.from(bytes);
    for (let count = random.int(1, 8); count > 0 && copy.length > 0; count -= 1) copy[random.int(0, copy.length - 1)] = random.int(0, 255);
    return { bytes: copy, description: 'random bytes changed' };
  },
  truncated(random, bytes) {
    return { bytes: bytes.subarray(0, random.int(0, bytes.length)), description: 'cut short' };
  },
  splitRow(random, bytes) {
    const text = bytes.toString('latin1');
    const lines = text.split('\n');
    const index = random.int(1, Math.max(1, lines.length - 2));
    const line = lines[index] ?? '';
    const at = random.int(0, line.length);
    lines[index] = `${line.slice(0, at)}\n${line.slice(at)}`;
    return { bytes: Buffer.from(lines.join('\n'), 'latin1'), description: 'a row broken over two lines' };
  },
  cp1252(random, bytes) {
    // Accented letters as single cp1252/latin1 bytes (an export saved by an old spreadsheet).
    const text = bytes.toString('utf8').replace(/[a-z]/g, (letter) => (random.chance(0.01) ? random.pick(['é', 'ü', '€', 'ñ']) : letter));
    const encoded = Buffer.from(text.replace(/€/g, '\u0080'), 'latin1');
    return { bytes: encoded, description: 'cp1252 bytes' };
  },
  utf16be(random, bytes) {
    const swapped = Buffer.from(bytes.toString('utf8'), 'utf16le').swap16();
    return { bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), swapped]), description: 'UTF-16BE with BOM' };
  },
  crOnly(random, bytes) {
    return { bytes: Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r'), 'latin1'), description: 'CR line endings' };
  },
  nulBytes(random, bytes) {
    const copy = Buffer.from(bytes);
    copy[random.int(0, Math.max(0, copy.length - 1))] = 0;
    return { bytes: copy, description: 'a NUL byte' };
  },
};

// ---------------------------------------------------------------------------------------------
// Flags and configs.

const ODD_VALUES = {
  '--delimiter': ['', '"', ';;', '\n', 'x', '\t', ',', '\u202E'],
  '--as-of': ['2026-02-30', '0000-01-01', '9999-12-31', '', 'yesterday', '2026-11-20T00:00:00Z', '+275760-09-13'],
  '--where': ['owner=', '=x', 'owner!=', 'amount=1e400', '__proto__=x', 'owner=Ann,,Bob', 'stage!=Closed Won'],
  '--min-sample': ['abc', '1e10', '-1', 'NaN', '0', '1e400', '', '0x10', '3.5'],
  '--map': ['amount=', '=amount', 'amount=nonexistent', 'nonsense=owner', 'amount=owner', 'owner=amount'],
  '--max-findings': ['abc', '1e10', '-1', '0', 'NaN', '99999999999999999999'],
  '--fail-on': ['integrity<abc', 'integrity<1e400', 'x>1', 'integrity<0.9', ''],
  '--period': ['2026-Q5', '2026-13', 'abc', 'this-quarter', '0000', '9999-Q4', 'last-year'],
  '--from': ['2026-02-30', '9999-12-31', '0001-01-01', 'x'],
  '--to': ['1970-01-01', '2026-13-01', ''],
  '--by': ['owner', 'nonexistent', '__proto__', 'amount', 'owner,stage,region', 'constructor'],
  '--what-if': ['value=+1e400%', 'n=abc', 'win=+100000%', 'cycle=-100%', '', 'n=+10%,n=-10%'],
  '--target': ['1e400', '0', '-5', 'abc', '1.2M', '500k', '1e15', '0.0001'],
  '--prospect-rate': ['0', '2', 'NaN', '-1', '1e-320'],
  '--threshold': ['0', '1', '1.5', 'NaN', '-0', '1e-9'],
  '--measure': ['won', 'count', 'amount', 'nonexistent'],
  '--title': ['\u202Eevil.exe', '<script>alert(1)</script>', '\u001B[2J'],
  '--compare': ['2026-Q3', 'abc', '1900-Q1'],
  '--open': ['exclude', 'age-out', 'nonsense'],
};

/** The flags each command takes beyond the common ones (its --help). */
const COMMAND_FLAGS = {
  inspect: [],
  validate: ['--max-findings', '--fail-on'],
  winrate: ['--period', '--from', '--to', '--by', '--where', '--min-sample', '--open'],
  velocity: ['--period', '--from', '--to', '--by', '--where', '--min-sample', '--what-if', '--compare'],
  coverage: ['--where', '--min-sample', '--target', '--period', '--prospect-rate'],
  funnel: ['--period', '--where', '--min-sample'],
  pvf: ['--where', '--target', '--period'],
  pareto: ['--period', '--where', '--by', '--measure', '--threshold'],
  scorecard: ['--period', '--where', '--min-sample'],
  quadrant: [],
  report: ['--period', '--target', '--what-if', '--title', '--min-sample'],
};
const COMMON_FLAGS = ['--delimiter', '--as-of', '--map'];

export const COMMANDS = Object.keys(COMMAND_FLAGS);
const FORMATS = ['table', 'json', 'json', 'csv', 'md'];

/** Configs that parse as YAML but carry an overlap, a limit or an absurd number. */
function oddConfig(random, baseConfig) {
  const choices = {
    overlappingLabels: () => `${baseConfig}\n`.replace('lost: [Closed Lost]', 'lost: [Closed Lost, Closed Won]'),
    hugeRate: () => baseConfig.replace('EUR: 1.08', `EUR: ${random.pick(['1e308', '1.7976931348623157e308', '5e-324', '0', '-1'])}`),
    thresholdsOutOfOrder: () => `${baseConfig.replace(/thresholds:[\s\S]*?\n\n/, '')}\nthresholds: { thin: 5, heavy: 0.1 }\n`,
    hugeLevels: () => baseConfig.replace('High: 400000', `High: ${random.pick(['1e308', '1.7e308', '-1e308', '1e-320'])}`),
    prospectRate: () => baseConfig.replace('prospectRate: 0.1', `prospectRate: ${random.pick(['1e308', '0', '-0.5', '.nan', '.inf'])}`),
    decimalComma: () => `${baseConfig}\ndecimal: ","\n`,
    dateOrder: () => `${baseConfig}\ndateFormat: ${random.pick(['dmy', 'mdy'])}\n`,
    fiscalMonth: () => baseConfig.replace('fiscalYearStartMonth: 1', `fiscalYearStartMonth: ${random.pick(['0', '13', '1.5', '-1'])}`),
    minSample: () => baseConfig.replace('minSample: 30', `minSample: ${random.pick(['-1', '1e308', '.nan', '0'])}`),
    bidiStage: () => baseConfig.replace('Negotiation,', 'Nego\u202Etiation,'),
    empty: () => '',
  };
  const name = random.pick(Object.keys(choices));
  return { name, text: choices[name]() };
}

// ---------------------------------------------------------------------------------------------
// Cases.

let caseCounter = 0;
/** Where an invariant case's input files go in its command line. */
const INPUTS = '<inputs>';

/** Arguments that give each command what it needs, so most runs reach the data. */
function commandArgs(random, command, inputName) {
  const args = command === 'quadrant' ? [command, 'accounts.csv', '--deals', inputName] : [command, inputName];
  if (command === 'coverage' || command === 'pvf') args.push(...(random.chance(0.5) ? ['--reps', 'reps.csv'] : ['--target', '500k']));
  if (command === 'scorecard' && random.chance(0.5)) args.push('--reps', 'reps.csv');
  if (['validate', 'funnel', 'pvf', 'report'].includes(command) && random.chance(0.3)) args.push('--history', 'history.csv');
  if (command === 'report' && random.chance(0.5)) args.push('--accounts', 'accounts.csv');
  if (command === 'winrate' && random.chance(0.5)) args.push('--by', 'owner');
  if (command === 'pareto') args.push('--by', random.pick(['owner', 'account']));
  args.push('--as-of', AS_OF);
  return args;
}

function formatArgs(format) {
  return format === 'json' ? ['--json'] : ['--format', format];
}

/** Side files every case gets: reps, history, accounts and (usually) the example config. */
function sideFiles(random, bases, accountsBytes) {
  const files = {
    'reps.csv': bases.repsCsv,
    'history.csv': bases.historyCsv,
    'accounts.csv': accountsBytes ?? Buffer.from(toCsv(bases.accounts)),
  };
  if (random.chance(0.85)) files['dealmath.yaml'] = Buffer.from(bases.config);
  return files;
}

/** A table to mutate, from the examples or the parseable part of the hostile corpus. */
function pickTable(random, bases) {
  const roll = random.next();
  if (roll < 0.6) return { source: 'examples/deals.csv', table: dealsSample(random, bases) };
  if (roll < 0.75) return { source: 'examples/deals-messy.csv', table: cloneTable(bases.messy) };
  const hostile = random.pick(bases.hostileTables);
  return { source: `hostile/${hostile.name}`, table: cloneTable(hostile.table) };
}

function applyValueMutations(random, table) {
  const names = Object.keys(VALUE_MUTATIONS);
  const notes = [];
  for (let count = random.int(0, 2); count > 0; count -= 1) notes.push(VALUE_MUTATIONS[random.pick(names)](random, table));
  return notes;
}

/** One input, one command, one format: crash, hang, memory, loss, injection and overwrite checks. */
function singleCase(random, bases) {
  const command = random.pick(COMMANDS);
  const notes = [];
  let input;
  let expectedRows = null;
  let accountsBytes = null;
  let shrink = null;
  const roll = random.next();
  if (roll < 0.12) return terminalCase(random, bases);
  if (roll < 0.2) {
    input = emptyRecords(random);
    expectedRows = input.rows;
    notes.push(input.description);
  } else if (roll < 0.28) {
    const raw = random.pick(bases.hostileRaw);
    input = { name: raw.name.replace(/^.*\./, 'input.'), bytes: raw.bytes };
    notes.push(`hostile/${raw.name} as is`);
  } else {
    const { source, table } = pickTable(random, bases);
    notes.push(source, ...applyValueMutations(random, table));
    if (random.chance(0.15)) {
      const extra = someRows(random, table, 10).map((row) => [...row]);
      table.rows.push(...extra);
      notes.push(`${extra.length} rows duplicated`);
    }
    if (random.chance(0.15)) {
      table.rows = random.shuffle(table.rows);
      notes.push('rows shuffled');
    }
    const form = writeForm(random, 'input');
    input = { name: form.name, bytes: form.write(table) };
    notes.push(form.description);
    expectedRows = table.rows.length;
    if (random.chance(0.25)) {
      const mutation = random.pick(Object.keys(BYTE_MUTATIONS));
      const mutated = BYTE_MUTATIONS[mutation](random, input.bytes);
      input = { ...input, bytes: mutated.bytes };
      notes.push(mutated.description);
      expectedRows = null;
    } else shrink = { rows: table.rows, build: (rows) => ({ [form.name]: form.write({ header: table.header, rows }) }) };
  }
  // quadrant reads accounts; its row count is the accounts file's, so the deals file's is not checked.
  if (command === 'quadrant') {
    if (random.chance(0.5)) {
      const accounts = cloneTable(bases.accounts);
      notes.push('accounts:', ...applyValueMutations(random, accounts));
      accountsBytes = Buffer.from(toCsv(accounts));
      expectedRows = accounts.rows.length;
    } else expectedRows = bases.accounts.rows.length;
  }
  const files = { ...sideFiles(random, bases, accountsBytes), [input.name]: input.bytes };
  const format = command === 'report' && random.chance(0.3) ? 'html' : random.pick(FORMATS);
  const args = [...commandArgs(random, command, input.name), ...formatArgs(format)];
  if (random.chance(0.3)) {
    const flag = random.pick([...COMMON_FLAGS, ...COMMAND_FLAGS[command]]);
    args.push(flag, random.pick(ODD_VALUES[flag]));
    notes.push(`odd ${flag}`);
    // A flag that changes which rows count or which file is read makes the writer's count moot.
    if (['--delimiter', '--map'].includes(flag)) expectedRows = null;
  }
  if (random.chance(0.12)) {
    const config = oddConfig(random, bases.config);
    files['dealmath.yaml'] = Buffer.from(config.text);
    notes.push(`config: ${config.name}`);
  }
  const env = random.chance(0.1) ? { DEALMATH_WORKERS: random.pick(['16', '0', '-1', 'abc', '2']), DEALMATH_PARALLEL_MIN_BYTES: '0' } : {};
  if (Object.keys(env).length > 0) notes.push(`DEALMATH_WORKERS=${env.DEALMATH_WORKERS}`);
  // The deals file's rows decide the count only where it is the file counted.
  if (command === 'quadrant') shrink = null;
  return { id: ++caseCounter, kind: 'single', description: notes.join('; '), files, args, env, format, inputs: Object.keys(files), expectedRows, shrink };
}

/** JSON or YAML lists of empty or tiny records: the counts that exposed a set-up sized from cell lengths. */
function emptyRecords(random) {
  const rows = random.pick([1000, 3000, 10_000, 30_000]);
  const record = random.pick(['{}', '{"a":1}']);
  if (random.chance(0.6)) return { name: 'input.json', bytes: Buffer.from(`[${Array(rows).fill(record).join(',')}]\n`), rows, description: `JSON array of ${rows} ${record}` };
  return { name: 'input.yaml', bytes: Buffer.from(`- ${record}\n`.repeat(rows)), rows, description: `YAML list of ${rows} ${record}` };
}

/** Commands whose terminal table shows owners or cell values, for controls in the data. */
const TERMINAL_COMMANDS = [
  ['winrate', '--by', 'owner'],
  ['pareto', '--by', 'owner'],
  ['scorecard'],
  ['coverage', '--target', '500k'],
  ['validate'],
];

/** Bidi controls or combining marks in owners and stages, read into a terminal table. */
function terminalCase(random, bases) {
  const table = dealsSample(random, bases);
  const mutation = random.pick(['bidiControls', 'bidiControls', 'combiningOwner']);
  const note = VALUE_MUTATIONS[mutation](random, table);
  const [command, ...extra] = random.pick(TERMINAL_COMMANDS);
  const files = { ...sideFiles(random, bases, null), 'deals.csv': Buffer.from(toCsv(table)) };
  const args = [command, 'deals.csv', ...extra, '--as-of', AS_OF];
  const build = (rows) => ({ 'deals.csv': Buffer.from(toCsv({ header: table.header, rows })) });
  return { id: ++caseCounter, kind: 'single', description: `terminal: ${note}`, files, args, env: {}, format: 'table', inputs: Object.keys(files), expectedRows: table.rows.length, shrink: { rows: table.rows, build } };
}

/** `--out` aimed at what it must never destroy: inputs, the config, links, FIFOs, private files. */
function outCase(random, bases) {
  const command = random.pick(COMMANDS.filter((name) => name !== 'quadrant'));
  const table = dealsSample(random, bases);
  const files = { ...sideFiles(random, bases, null), 'deals.csv': Buffer.from(toCsv(table)), 'dealmath.yaml': Buffer.from(bases.config) };
  const target = random.pick(['input', 'config', 'symlink', 'fifo', 'device', 'private', 'parent-is-file', 'long-name', 'directory', 'dash']);
  let out;
  switch (target) {
    case 'input':
      out = 'deals.csv';
      break;
    case 'config':
      out = 'dealmath.yaml';
      break;
    case 'symlink':
      files['kept.txt'] = Buffer.from('kept\n');
      files['link.txt'] = { symlink: 'kept.txt' };
      out = 'link.txt';
      break;
    case 'fifo':
      files['pipe'] = { fifo: true };
      out = 'pipe';
      break;
    case 'device':
      // A copy of /dev/null: only root may make one, so others get a FIFO instead.
      files['null'] = process.getuid?.() === 0 ? { device: true } : { fifo: true };
      out = 'null';
      break;
    case 'private':
      files['private.txt'] = { bytes: Buffer.from('old\n'), mode: 0o600 };
      out = 'private.txt';
      break;
    case 'parent-is-file':
      files['plain'] = Buffer.from('x');
      out = 'plain/report.txt';
      break;
    case 'long-name':
      out = `${'r'.repeat(random.int(230, 255))}`;
      break;
    case 'directory':
      files['folder/keep'] = Buffer.from('x');
      out = 'folder';
      break;
    default:
      out = '-';
  }
  const format = random.pick(FORMATS);
  const args = [...commandArgs(random, command, 'deals.csv'), ...formatArgs(format), '--out', out];
  return { id: ++caseCounter, kind: 'out', description: `--out at ${target}`, files, args, env: {}, format, out, inputs: Object.keys(files), expectedRows: null };
}

/**
 * The same rows read another way must give the same JSON answer: reordered (shuffled, reversed or
 * sorted by a column), split over two files, read in parts by two workers, from stdin, as JSON.
 */
function invariantCase(random, bases) {
  const command = random.pick(COMMANDS.filter((name) => name !== 'quadrant' && name !== 'inspect'));
  const { source, table } = pickTable(random, bases);
  const notes = [source];
  // Duplicate ids make the kept row depend on order, legitimately: keep each id's first row.
  const seen = new Set();
  table.rows = table.rows.filter((row) => !seen.has(row[0]) && seen.add(row[0]));
  // Rows as wide as the header: a ragged CSV row has no JSON form with the same meaning.
  table.rows = table.rows.map((row) => table.header.map((_, index) => row[index] ?? ''));
  // Both parts of a split keep at least one row: a header-only file is refused, and rightly.
  if (table.rows.length < 2) return invariantCase(random, bases);
  for (let count = random.int(0, 2); count > 0; count -= 1) {
    const name = random.pick(['dateForms', 'cents', 'probabilityScale', 'limitNumbers', 'emptyCells', 'moneyForms', 'longIds']);
    notes.push(VALUE_MUTATIONS[name](random, table));
  }
  const eol = random.pick(['\n', '\r\n', 'mixed']);
  if (eol !== '\n') notes.push(eol === 'mixed' ? 'mixed LF/CRLF' : 'CRLF');
  const eolSeed = random.int(0, 2 ** 31);
  const csv = (rows) => Buffer.from(toCsv({ header: table.header, rows }, { eol, random: createRandom(eolSeed) }));
  const variant = invariantVariant(random, table.header, notes);
  const build = (rows) => ({ 'deals.csv': csv(rows), ...variant.files(rows, csv) });
  const files = { ...sideFiles(random, bases, null), 'dealmath.yaml': Buffer.from(bases.config), ...build(table.rows) };
  let template = [...commandArgs(random, command, INPUTS), '--json'];
  // Deals on stdin cannot be read twice, which --history needs (a documented refusal).
  if (variant.kind === 'stdin') template = template.filter((arg, index) => arg !== '--history' && template[index - 1] !== '--history');
  const args = (inputs) => template.flatMap((arg) => (arg === INPUTS ? inputs : [arg]));
  return {
    id: ++caseCounter,
    kind: 'invariant',
    variantKind: variant.kind,
    description: `${variant.kind}: ${notes.join('; ')}`,
    files,
    args: args(['deals.csv']),
    env: { DEALMATH_WORKERS: '1' },
    format: 'json',
    inputs: Object.keys(files),
    expectedRows: table.rows.length,
    variant: { args: args(variant.inputs), env: { DEALMATH_WORKERS: '1', ...variant.env }, stdin: variant.stdin ?? null },
    shrink: { rows: table.rows, build },
  };
}

/** The other reading of the same rows: its kind, input names, environment, and files from the rows. */
function invariantVariant(random, header, notes) {
  const none = () => ({});
  const kind = random.pick(['reordered', 'split', 'parts', 'stdin', 'json']);
  switch (kind) {
    case 'reordered': {
      const how = random.pick(['shuffled', 'reversed', 'sorted']);
      const column = random.int(0, header.length - 1);
      const seed = random.int(0, 2 ** 31);
      const byColumn = (a, b) => ((a[column] ?? '') < (b[column] ?? '') ? -1 : (a[column] ?? '') > (b[column] ?? '') ? 1 : 0);
      const reorder = (rows) => (how === 'shuffled' ? createRandom(seed).shuffle(rows) : how === 'reversed' ? [...rows].reverse() : [...rows].sort(byColumn));
      notes.push(how === 'sorted' ? `sorted by "${header[column]}"` : how);
      return { kind, inputs: ['reordered.csv'], env: {}, files: (rows, csv) => ({ 'reordered.csv': csv(reorder(rows)) }) };
    }
    case 'split': {
      const share = random.next();
      const at = (rows) => Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * share)));
      notes.push(`split at ${Math.round(share * 100)}%`);
      return { kind, inputs: ['part-1.csv', 'part-2.csv'], env: {}, files: (rows, csv) => ({ 'part-1.csv': csv(rows.slice(0, at(rows))), 'part-2.csv': csv(rows.slice(at(rows))) }) };
    }
    case 'parts':
      return { kind, inputs: ['deals.csv'], env: { DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_WORKERS: '2' }, files: none };
    case 'stdin':
      return { kind, inputs: ['-'], env: {}, stdin: 'deals.csv', files: none };
    default: {
      // Typed: numbers as bare JSON numbers, as CRMs export them (ids too: Zoho's 19-digit ids).
      const typed = random.chance(0.5);
      if (typed) notes.push('typed JSON');
      return { kind, inputs: ['deals.json'], env: {}, files: (rows) => ({ 'deals.json': Buffer.from(toJson({ header, rows }, { typed })) }) };
    }
  }
}

/** The next case from the stream: mostly single runs, some invariants, some `--out` targets. */
export function generateCase(random, bases) {
  const roll = random.next();
  if (roll < 0.55) return singleCase(random, bases);
  if (roll < 0.85) return invariantCase(random, bases);
  return outCase(random, bases);
}
