/**
 * Turns one row of cells into a normalized Deal, or rejects it with findings.
 * Built once per file (mapping, formats and labels resolved up front) so the per-row
 * path only looks up column indexes and parses the cells it needs.
 */
import { textRecordMaker } from './textRecord.js';
import { currencyConflict } from './currencyConflict.js';
import { lostLabels, openStages, wonLabels, type Config } from './config.js';
import { dealTypeLookup, dealTypeOf } from './dealType.js';
import { DealmathError } from './errors.js';
import { finding, type Finding, type Rule } from './findings.js';
import { normalizeHeader, stageMeaning, type ColumnMapping } from './mapping.js';
import { RepeatedTexts } from './repeatedTexts.js';
import type { Deal, DealField, DealStatus, DayNumber } from './types.js';
import {
  INVALID,
  dateOrderEvidence,
  dateOrderSaid,
  decimalSaid,
  isExcelSerial,
  isAmbiguousProbability,
  isAmbiguousSlashDate,
  probabilityScaleSaid,
  type DecimalSeparator,
  parseAmount,
  parseBoolean,
  parseDate,
  parseDays,
  parseProbability,
  type DateOrder,
  type DateOrderEvidence,
  type ProbabilityScale,
} from './values.js';

export const DATE_FIELDS = ['created', 'close', 'wonTime', 'lostTime', 'lastActivity', 'stageEntered'] as const;
export type DateField = (typeof DATE_FIELDS)[number];

/**
 * Formats decided for a run before its rows are read: by a flag or the config (`fixed`), else by
 * the first value of the run's first rows that proves one. Every later row is checked against
 * them (FormatDecisions): a value that contradicts a decision refuses the whole run, and a format
 * nothing has proved yet is decided by the first value that does, which reads no earlier row
 * differently (see FormatDecisions). So the same rows in any order, split over files or read in
 * parts, give the same answer or a refusal.
 */
export interface ColumnFormats {
  /** Day/month order of slash dates per date field; null where nothing has decided it yet. */
  readonly dateOrders: Readonly<Partial<Record<DateField, DateOrder | null>>>;
  /** How bare probabilities are read; `fraction` (0-1) until a value proves otherwise. */
  readonly probabilityScale: ProbabilityScale;
  /** True once a value proved the probability scale. */
  readonly probabilityProven?: boolean | undefined;
  /** True once a bare `1` (100% or 1%) was read before the scale was proven. */
  readonly ambiguousProbabilityRead?: boolean | undefined;
  /** The decimal separator of amounts; `.` until a value proves otherwise. */
  readonly decimal?: DecimalSeparator | undefined;
  readonly decimalProven?: boolean | undefined;
  /** Per date field: true when its dates are Excel serial numbers, false when written dates; absent until a cell shows it. */
  readonly dateSerials?: Readonly<Partial<Record<DateField, boolean>>> | undefined;
  /** Formats set by a flag or the config: taken as given, never checked against values. */
  readonly fixed?: { readonly dateOrder: boolean; readonly decimal: boolean } | undefined;
  /** The cell that proved each decision, quoted when a later cell contradicts it. */
  readonly proofs?: Readonly<Partial<Record<DateField | 'amount' | 'probability', string>>> | undefined;
}

/** The date order a config sets (`dateOrder`, or its older spelling `dateFormat`), if any. */
export function configDateOrder(config: Partial<Pick<Config, 'dateFormat' | 'dateOrder'>>): DateOrder | undefined {
  return config.dateOrder ?? config.dateFormat;
}

/** One file's share of the rows a run decides its formats from. */
export interface SampleSegment {
  readonly file: string;
  readonly headers: readonly string[];
  readonly mapping: ColumnMapping;
  readonly rows: readonly (readonly string[])[];
  /** The file row of each of `rows` (1 is the header), when known: an error then names its row. */
  readonly rowNumbers?: readonly number[];
}

const DATE_ORDER_FLAG = 'pass --date-order dmy, mdy or ymd (config dateOrder)';
const DECIMAL_FLAG = 'pass --decimal , or --decimal . (config decimal)';

/**
 * Decides date order, decimal separator and probability scale from sample rows. A date column
 * whose slash dates all fit both orders takes the order the file's other date columns show; with
 * no evidence at all it is an error that says how to choose. A column mixing both orders is an
 * error too.
 */
export function sniffFormats(
  file: string,
  headers: readonly string[],
  mapping: ColumnMapping,
  sample: readonly (readonly string[])[],
  config: Partial<Pick<Config, 'dateFormat' | 'dateOrder' | 'decimal'>>,
): ColumnFormats {
  return sniffRunFormats([{ file, headers, mapping, rows: sample }], config);
}

/** What the first cell of a column that says anything says, and that cell (its proof). */
function firstSaid<Said>(rows: readonly (readonly string[])[], index: number | undefined, say: (cell: string) => Said | null): [Said, string] | null {
  if (index === undefined) return null;
  for (const cells of rows) {
    const cell = cells[index] ?? '';
    const said = say(cell);
    if (said !== null) return [said, cell.trim()];
  }
  return null;
}

/** sniffFormats over the first rows of a run, which may span several files (in order). */
export function sniffRunFormats(segments: readonly SampleSegment[], config: Partial<Pick<Config, 'dateFormat' | 'dateOrder' | 'decimal'>>): ColumnFormats {
  const fixedOrder = configDateOrder(config);
  const evidence: Partial<Record<DateField, DateOrderEvidence>> = {};
  const ambiguousExample: Partial<Record<DateField, { file: string; header: string; cell: string }>> = {};
  const proofs: Partial<Record<DateField | 'amount' | 'probability', string>> = {};
  let decimal: DecimalSeparator | null = null;
  let probabilityScale: ProbabilityScale | null = null;
  const proofRows: Partial<Record<DateField, string>> = {};
  for (const { file, headers, mapping, rows, rowNumbers } of segments) {
    for (const field of DATE_FIELDS) {
      const index = mapping.fields[field];
      if (index === undefined) continue;
      let seen: DateOrderEvidence = evidence[field] ?? 'none';
      for (const [at, cells] of rows.entries()) {
        const cell = cells[index] ?? '';
        const before = seen;
        seen = dateOrderEvidence(cell, seen);
        const row = rowNumbers?.[at];
        if (before === 'none' && seen !== 'none') {
          proofs[field] = cell.trim();
          proofRows[field] = row === undefined ? '' : ` in row ${row}${segments.length > 1 ? ` of ${file}` : ''}`;
        }
        if (seen === 'both' && before !== 'both') {
          if (fixedOrder === undefined) {
            throw new DealmathError('malformed-input', `the column mixes D/M/YYYY and M/D/YYYY dates (${proofs[field] ?? ''}${proofRows[field] ?? ''}, and ${cell.trim()} here); fix the export or ${DATE_ORDER_FLAG}`, { file, row, column: headers[index] ?? field });
          }
        }
        if (ambiguousExample[field] === undefined && isAmbiguousSlashDate(cell)) ambiguousExample[field] = { file, header: headers[index] ?? field, cell: cell.trim() };
      }
      evidence[field] = seen;
    }
    if (decimal === null) {
      const found = firstSaid(rows, mapping.fields.amount, decimalSaid);
      if (found !== null) [decimal, proofs.amount] = found;
    }
    if (probabilityScale === null) {
      const found = firstSaid(rows, mapping.fields.probability, probabilityScaleSaid);
      if (found !== null) [probabilityScale, proofs.probability] = found;
    }
  }
  const dateOrders: Partial<Record<DateField, DateOrder | null>> = {};
  const decided = new Set(Object.values(evidence).filter((value): value is 'mdy' | 'dmy' => value === 'mdy' || value === 'dmy'));
  for (const field of DATE_FIELDS) {
    const seen = evidence[field];
    if (seen === undefined) continue;
    const example = ambiguousExample[field];
    if (fixedOrder !== undefined) {
      dateOrders[field] = fixedOrder;
    } else if (seen === 'mdy' || seen === 'dmy') {
      dateOrders[field] = seen;
    } else if (example !== undefined) {
      const [only] = decided;
      if (decided.size !== 1 || only === undefined) {
        throw new DealmathError('malformed-input', `dates like ${example.cell} could be M/D/YYYY or D/M/YYYY and no value decides it; ${DATE_ORDER_FLAG}`, { file: example.file, column: example.header });
      }
      dateOrders[field] = only;
    } else {
      dateOrders[field] = null;
    }
  }
  const fixedDecimal = config.decimal !== undefined;
  return {
    dateOrders,
    probabilityScale: probabilityScale ?? 'fraction',
    probabilityProven: probabilityScale !== null,
    ambiguousProbabilityRead: false,
    decimal: config.decimal ?? decimal ?? '.',
    decimalProven: fixedDecimal || decimal !== null,
    fixed: { dateOrder: fixedOrder !== undefined, decimal: fixedDecimal },
    proofs,
  };
}

/**
 * The formats of a run as its rows are read, shared by every file of the run: starts from what
 * the first rows decided and checks each later value against it. A value that proves a format
 * nothing has proved yet decides it, when no earlier row would read differently: amounts and
 * dates that prove nothing read the same under both choices (a date that could be either refuses
 * the run while its column is undecided), and so does a probability other than a bare `1`.
 */
export class FormatDecisions {
  readonly dateOrders: Partial<Record<DateField, DateOrder | null>>;
  readonly dateSerials: Partial<Record<DateField, boolean>>;
  probabilityScale: ProbabilityScale;
  probabilityProven: boolean;
  ambiguousProbabilityRead: boolean;
  decimal: DecimalSeparator;
  decimalProven: boolean;
  readonly fixed: { readonly dateOrder: boolean; readonly decimal: boolean };
  readonly proofs: Partial<Record<DateField | 'amount' | 'probability', string>>;

  /** `config` fills in what `formats` leaves out (formats made by hand, without sniffFormats). */
  constructor(formats: ColumnFormats, config: Partial<Pick<Config, 'dateFormat' | 'dateOrder' | 'decimal'>> = {}) {
    this.dateOrders = { ...formats.dateOrders };
    this.dateSerials = { ...formats.dateSerials };
    this.probabilityScale = formats.probabilityScale;
    this.probabilityProven = formats.probabilityProven ?? true;
    this.ambiguousProbabilityRead = formats.ambiguousProbabilityRead ?? false;
    this.decimal = formats.decimal ?? config.decimal ?? '.';
    this.decimalProven = formats.decimalProven ?? (formats.decimal !== undefined || config.decimal !== undefined);
    this.fixed = formats.fixed ?? { dateOrder: configDateOrder(config) !== undefined, decimal: config.decimal !== undefined };
    this.proofs = { ...formats.proofs };
  }

  snapshot(): ColumnFormats {
    return {
      dateOrders: { ...this.dateOrders },
      dateSerials: { ...this.dateSerials },
      probabilityScale: this.probabilityScale,
      probabilityProven: this.probabilityProven,
      ambiguousProbabilityRead: this.ambiguousProbabilityRead,
      decimal: this.decimal,
      decimalProven: this.decimalProven,
      fixed: this.fixed,
      proofs: { ...this.proofs },
    };
  }
}

/**
 * Whether the parts of a file, read each from the same starting formats, decided nothing one
 * pass would not have: no two parts proved different formats, and no part proved the probability
 * scale after an earlier part read an ambiguous `1`. Otherwise the file is read in one pass,
 * which refuses it at the row that contradicts.
 */
export function partsAgree(parts: readonly ColumnFormats[]): boolean {
  const seen = new Map<string, string>();
  let ambiguousBefore = false;
  let probabilityProvenBefore = false;
  for (const part of parts) {
    const decisions: [string, string | null][] = [
      ...Object.entries(part.dateOrders).map(([field, order]): [string, string | null] => [field, order ?? null]),
      ...Object.entries(part.dateSerials ?? {}).map(([field, serials]): [string, string | null] => [`${field} serials`, String(serials)]),
      ['decimal', part.decimalProven === true ? (part.decimal ?? '.') : null],
      ['probability', part.probabilityProven === true ? part.probabilityScale : null],
    ];
    for (const [key, value] of decisions) {
      if (value === null) continue;
      const earlier = seen.get(key);
      if (earlier !== undefined && earlier !== value) return false;
      seen.set(key, value);
    }
    if (part.probabilityProven === true && !probabilityProvenBefore && ambiguousBefore) return false;
    if (part.ambiguousProbabilityRead === true) ambiguousBefore = true;
    if (part.probabilityProven === true) probabilityProvenBefore = true;
  }
  return true;
}

export interface DealReaderOptions {
  readonly file: string;
  readonly headers: readonly string[];
  readonly mapping: ColumnMapping;
  readonly formats: ColumnFormats;
  readonly config: Config;
  /** The run's decisions, shared with its other files; made from `formats` when not given. */
  readonly decisions?: FormatDecisions | undefined;
  /**
   * The as-of date of the run, when it has one: a deal its stage counts open whose CRM probability
   * is 100% or 0% and whose close date is before it is an `unclear-stage` warning.
   */
  readonly asOf?: DayNumber | undefined;
}

export type ReadDeal = (cells: readonly string[], row: number, onFinding: (finding: Finding) => void) => Deal | null;

const STATUS_WORDS: Readonly<Record<string, DealStatus>> = {
  won: 'won', closedwon: 'won', win: 'won', success: 'won',
  lost: 'lost', closedlost: 'lost', loss: 'lost', dead: 'lost',
  open: 'open', active: 'open', inprogress: 'open', pending: 'open',
};

/**
 * Builds the row reader for one file. Fails up front (DealmathError) when the file has
 * no way to know a deal's status: no status, IsWon/IsClosed or stage column.
 */
export function createDealReader(options: DealReaderOptions): ReadDeal {
  const { file, headers, mapping, config } = options;
  const asOf = options.asOf;
  const decisions = options.decisions ?? new FormatDecisions(options.formats, config);
  // What a flag or the config fixed never changes during a run: plain booleans for the per-row path.
  const dateOrderFixed = decisions.fixed.dateOrder;
  const decimalFixed = decisions.fixed.decimal;
  const fields = mapping.fields;
  const column = (field: DealField): string | null => {
    const index = fields[field];
    return index === undefined ? null : (headers[index] ?? null);
  };
  const hasStatusSource =
    fields.status !== undefined ||
    fields.isWon !== undefined ||
    fields.isClosed !== undefined ||
    fields.stage !== undefined ||
    (fields.wonTime !== undefined && fields.lostTime !== undefined);
  if (!hasStatusSource) {
    throw new DealmathError(
      'bad-mapping',
      'no way to know a deal\'s status: the file needs a stage column, a status column or IsWon/IsClosed (or map one with --map stage=HEADER)',
      { file },
    );
  }
  const won = new Set(wonLabels(config).map(normalizeHeader));
  const lost = new Set(lostLabels(config).map(normalizeHeader));
  // Inferred stages order the stage analyses; they are no list a row's stage must be on.
  const configuredStages = config.stages === undefined || config.stagesInferred === true ? null : new Set(config.stages.map(normalizeHeader));
  const stageOrder = openStages(config);
  const canonicalStage = new Map(stageOrder.map((stage) => [normalizeHeader(stage), stage] as const));
  const hasFlags = fields.isWon !== undefined || fields.isLost !== undefined || fields.isClosed !== undefined;
  const hasTimes = fields.wonTime !== undefined && fields.lostTime !== undefined;
  const hasCloseColumn = fields.close !== undefined || fields.wonTime !== undefined || fields.lostTime !== undefined;
  const rates = config.currency?.rates ?? {};
  const base = config.currency?.base ?? null;
  const width = headers.length;
  // Labels repeat across rows: resolve each distinct one once (what it means as a stage: known
  // to the config, won, lost, its canonical spelling) and look it up by its text after that.
  const labels = new RepeatedTexts<Label>((text) => {
    const key = normalizeHeader(text);
    const meaning = stageMeaning(text, won, lost);
    return {
      key,
      stageStatus: meaning === 'unclear' ? 'open' : meaning,
      unclear: meaning === 'unclear',
      knownStage: configuredStages === null || configuredStages.has(key) || meaning === 'won' || meaning === 'lost',
      canonical: canonicalStage.get(key) ?? text,
    };
  });
  const labelOf = (text: string): Label => labels.get(text);
  // Each currency code once: its rate to the base (undefined: none), and one string for the code
  // that later sets and maps find by its hash, computed once.
  const currencies = new RepeatedTexts<{ readonly code: string; readonly rate: number | undefined }>((code) => ({
    code,
    rate: code === base ? 1 : Object.hasOwn(rates, code) ? rates[code] : undefined,
  }));
  // One fast shape for every deal's dimensions, `__proto__` an ordinary name (textRecord.ts).
  const dimensionsOf = textRecordMaker(mapping.dimensions.map((index) => [index, headers[index] ?? ''] as const));

  // The row being read. Kept here rather than in per-row closures, which the hot path would allocate.
  let cells: readonly string[] = [];
  let row = 0;
  let rejected = false;
  let onFinding: (finding: Finding) => void = () => undefined;
  const reject = (rule: Rule, field: DealField | null, value: string | null, detail: string): void => {
    rejected = true;
    onFinding(finding(rule, { file, row, column: field === null ? null : column(field) }, value, detail));
  };
  // Each field's column as a plain number (-1: unmapped), looked up once here: on the per-row path
  // `fields[field]` was a keyed load by a varying name, which V8 cannot make fast.
  const at = (field: DealField): number => fields[field] ?? -1;
  const idAt = at('id');
  const nameAt = at('name');
  const accountAt = at('account');
  const ownerAt = at('owner');
  const stageAt = at('stage');
  const amountAt = at('amount');
  const currencyAt = at('currency');
  const statusAt = at('status');
  const cycleDaysAt = at('cycleDays');
  const probabilityAt = at('probability');
  const forecastCategoryAt = at('forecastCategory');
  const lostStageAt = at('lostStage');
  const typeAt = at('type');
  const typeLookup = dealTypeLookup(config.dealTypes);
  // Deal types repeat a few labels over every row: each distinct label read once.
  const types = new RepeatedTexts<string | null>((text) => dealTypeOf(text, typeLookup));
  const createdDate = dateColumn('created');
  const closeDate = dateColumn('close');
  const wonTimeDate = dateColumn('wonTime');
  const lostTimeDate = dateColumn('lostTime');
  const lastActivityDate = dateColumn('lastActivity');
  const stageEnteredDate = dateColumn('stageEntered');
  function dateColumn(field: DateField): DateColumn {
    return { field, index: at(field), order: decisions.dateOrders[field] ?? null, serials: decisions.dateSerials[field] ?? null };
  }
  const dateColumns = [createdDate, closeDate, wonTimeDate, lostTimeDate, lastActivityDate, stageEnteredDate];
  /** A format contradicted or undecidable: the whole run is refused at this row (exit 2). */
  const refuse = (field: DealField, detail: string): never => {
    throw new DealmathError('malformed-input', detail, { file, row, column: column(field) ?? field });
  };
  /** A cell that failed to parse under the column's order: refuse the run when the order is the reason. */
  const checkDateOrder = (date: DateColumn, raw: string): void => {
    if (dateOrderFixed) return;
    const said = dateOrderSaid(raw);
    if (date.order !== null && said !== null && said !== date.order) {
      refuse(date.field, `"${raw.trim()}" is ${said === 'dmy' ? 'day' : 'month'} first, but the column was read ${date.order === 'dmy' ? 'day' : 'month'} first from "${decisions.proofs[date.field] ?? ''}"; fix the export or ${DATE_ORDER_FLAG}`);
    }
    if (date.order === null && isAmbiguousSlashDate(raw)) {
      // As in the first rows: an ambiguous column takes the one order the other date columns show.
      const others = new Set(dateColumns.map((other) => other.order).filter((order): order is DateOrder => order !== null));
      const [only] = others;
      if (others.size !== 1 || only === undefined) refuse(date.field, `dates like ${raw.trim()} could be M/D/YYYY or D/M/YYYY and no value decides it; ${DATE_ORDER_FLAG}`);
      decideDateOrder(date, only as DateOrder, raw);
    }
  };
  const decideDateOrder = (date: DateColumn, order: DateOrder, raw: string): void => {
    date.order = order;
    decisions.dateOrders[date.field] = order;
    decisions.proofs[date.field] = raw.trim();
  };
  /**
   * A column of dates is Excel serial numbers throughout or written dates throughout: the first
   * cell decides, and a cell of the other kind refuses the run (a stray 45000 among written dates
   * would otherwise be read as a date in 2023).
   */
  const checkDateKind = (date: DateColumn, raw: string): void => {
    const serial = isExcelSerial(raw);
    if (date.serials === null) {
      date.serials = serial;
      decisions.dateSerials[date.field] = serial;
      return;
    }
    if (date.serials !== serial) {
      refuse(date.field, `the column mixes Excel serial numbers and written dates ("${raw.trim()}" here); fix the export so the column is one or the other`);
    }
  };
  /** The decimal separator one amount proves: decides it when undecided, refuses the run when it contradicts. */
  const checkDecimal = (raw: string): void => {
    const said = decimalSaid(raw);
    if (said === null || (said === decisions.decimal && decisions.decimalProven)) return;
    // Only an amount that reads under the separator it shows proves it (`12,5OO` is a bad amount).
    if (parseAmount(raw, said) === INVALID) return;
    if (said !== decisions.decimal && decisions.decimalProven) {
      refuse('amount', `"${raw.trim()}" has "${said}" as its decimal separator, but the column was read with "${decisions.decimal}" from "${decisions.proofs.amount ?? ''}"; fix the export or ${DECIMAL_FLAG}`);
    }
    decisions.decimal = said;
    decisions.decimalProven = true;
    decisions.proofs.amount = raw.trim();
  };
  const checkProbabilityScale = (raw: string): void => {
    const said = probabilityScaleSaid(raw);
    if (said === null) {
      if (!decisions.probabilityProven && isAmbiguousProbability(raw)) decisions.ambiguousProbabilityRead = true;
      return;
    }
    if (said === decisions.probabilityScale && decisions.probabilityProven) return;
    const scale = (value: ProbabilityScale): string => (value === 'percent' ? '0-100' : '0-1');
    if (said !== decisions.probabilityScale && decisions.probabilityProven) {
      refuse('probability', `"${raw.trim()}" is a ${scale(said)} probability, but the column was read as ${scale(decisions.probabilityScale)} from "${decisions.proofs.probability ?? ''}"; fix the export`);
    }
    if (said !== decisions.probabilityScale && decisions.ambiguousProbabilityRead) {
      refuse('probability', `"${raw.trim()}" is a 0-100 probability, but an earlier bare 1 was read as 100% (0-1) before any value showed the scale; fix the export`);
    }
    decisions.probabilityScale = said;
    decisions.probabilityProven = true;
    decisions.proofs.probability = raw.trim();
  };
  const cellAt = (index: number): string => (index === -1 ? '' : (cells[index] ?? ''));
  const cell = (field: DealField): string => cellAt(at(field));
  const textAt = (index: number): string | null => {
    const value = trimmed(cellAt(index));
    return value === '' ? null : value;
  };
  const typeOfCell = (text: string | null): string | null => (text === null ? null : types.get(text));
  const readDate = (date: DateColumn): DayNumber | null => {
    const raw = cellAt(date.index);
    if (raw === '') return null;
    let parsed = parseDate(raw, date.order);
    if (parsed === INVALID) {
      const orderBefore = date.order;
      checkDateOrder(date, raw);
      if (date.order !== orderBefore) parsed = parseDate(raw, date.order);
    } else if (date.order === null && !dateOrderFixed && raw.charCodeAt(4) !== 45) {
      // A date that parsed with no order may prove one (13/4/2026): it decides the column.
      const said = dateOrderSaid(raw);
      if (said !== null) decideDateOrder(date, said, raw);
    }
    if (parsed === INVALID) {
      reject('bad-date', date.field, raw, 'expected a date such as 2026-03-31, 3/31/2026 or 31-Mar-2026');
      return null;
    }
    // A written YYYY-MM-DD in a column known to hold written dates: nothing to check (most cells).
    if (date.serials !== false || raw.charCodeAt(4) !== 45) checkDateKind(date, raw);
    return parsed;
  };
  const rejectFlag = (field: DealField, raw: string): void => reject('bad-value', field, raw, 'expected true or false');

  return (rowCells, rowNumber, sink) => {
    cells = rowCells;
    row = rowNumber;
    rejected = false;
    onFinding = sink;
    if (cells.length !== width) {
      reject('ragged-row', null, null, `expected ${width} fields as in the header, found ${cells.length}`);
      return null;
    }

    const id = idAt === -1 ? `${file}:${row}` : trimmed(cellAt(idAt));
    if (id === '') reject('missing-id', 'id', '', 'expected a deal id');

    let amount: number | null = null;
    let currency: string | null = null;
    const amountRaw = cellAt(amountAt);
    if (!decimalFixed) checkDecimal(amountRaw);
    const decimal = decisions.decimal;
    const parsedAmount = parseAmount(amountRaw, decimal);
    if (parsedAmount === INVALID) {
      reject('bad-amount', 'amount', amountRaw, decimal === '.' ? 'expected an amount such as 20000, 20,000.50 or $20,000' : 'expected an amount such as 20000 or 20.000,50 (decimal ",")');
    } else if (parsedAmount !== null) {
      if (parsedAmount.value < 0) reject('negative-amount', 'amount', amountRaw, 'expected an amount of 0 or more');
      amount = parsedAmount.value;
      currency = parsedAmount.currency;
    }
    let currencyFromColumn = false;
    if (!mapping.amountInBaseCurrency) {
      const currencyRaw = cellAt(currencyAt);
      const currencyCell = isCurrencyCode(currencyRaw) ? currencyRaw : currencyRaw.trim().toUpperCase();
      if (currencyCell !== '') {
        const columnCurrency = currencies.get(currencyCell).code;
        if (currency !== null && currencyConflict(amountRaw, currency, columnCurrency)) {
          reject('currency-conflict', 'amount', amountRaw, `expected an amount in ${columnCurrency}, the row's currency column, found ${currency}`);
        }
        currency = columnCurrency;
        currencyFromColumn = true;
      }
    } else {
      currency = null;
    }
    if (base !== null && amount !== null) {
      const rate = currency === null ? 1 : currencies.get(currency).rate;
      if (rate === undefined) {
        if (currencyFromColumn) reject('unknown-currency', 'currency', cell('currency'), `expected a currency with a rate in currency.rates (base ${base})`);
        else reject('unknown-currency', 'amount', amountRaw, `expected a currency with a rate in currency.rates (base ${base})`);
      } else {
        amount = amount * rate;
        currency = base;
      }
    }

    const stageRaw = trimmed(cellAt(stageAt));
    const stage = stageRaw === '' ? null : labelOf(stageRaw);
    if (stage !== null && !stage.knownStage) {
      reject('unknown-stage', 'stage', stageRaw, `expected one of the configured stages: ${config.stages?.join(', ') ?? ''}`);
    }

    let status: DealStatus | null = null;
    const statusRaw = trimmed(cellAt(statusAt));
    if (statusRaw !== '') {
      const statusKey = labelOf(statusRaw).key;
      status = won.has(statusKey) ? 'won' : lost.has(statusKey) ? 'lost' : (STATUS_WORDS[statusKey] ?? null);
      if (status === null) {
        reject('bad-status', 'status', statusRaw, 'expected won, lost or open');
        return null;
      }
    }
    if (status === null && hasFlags) {
      const flags = statusFromFlags(cell('isWon'), cell('isLost'), cell('isClosed'), rejectFlag);
      if (typeof flags === 'object' && flags !== null) {
        // Flags that contradict each other leave no status to count: the row is rejected, never settled by a guess.
        const said = flags.fields.map((field) => `${column(field) ?? field} ${cell(field).trim()}`).join(', ');
        reject('status-flag-conflict', flags.fields[0] as DealField, said, `the status flags contradict each other (${flags.reason}): the deal cannot be counted won, lost or open; fix the export`);
        return null;
      }
      status = flags;
    }
    // A status column or IsWon/IsClosed decides, but a won or lost stage label that says otherwise
    // is shown: one of the two is wrong in the export (a Closed Won stage with IsWon false).
    if (status !== null && stage !== null && stage.stageStatus !== 'open' && stage.stageStatus !== status) {
      onFinding(finding('status-stage-conflict', { file, row, column: column('stage') }, stageRaw, `the stage says ${stage.stageStatus} but ${statusAt !== -1 ? 'the status column' : 'the IsWon/IsClosed flags'} say${statusAt !== -1 ? 's' : ''} ${status}: counted as ${status}; fix the export`));
    }
    if (status === null && (stage === null || stage.stageStatus === 'open')) {
      // Pipedrive: a won or lost time says the deal closed, at whatever stage it stood.
      if (wonTimeDate.index !== -1 && trimmed(cellAt(wonTimeDate.index)) !== '') status = 'won';
      else if (lostTimeDate.index !== -1 && trimmed(cellAt(lostTimeDate.index)) !== '') status = 'lost';
      else if (stage === null && hasTimes) status = 'open';
    }
    // Open by its stage alone (no status column, flag or won/lost time said so): a CRM probability
    // of 100% or 0% past the close date may be a won or lost label dealmath does not know.
    let openByStage = false;
    if (status === null && stage !== null) {
      status = stage.stageStatus;
      // A stage the config lists under `stages:` was said to be open: no guess of dealmath's.
      openByStage = status === 'open' && !stage.unclear && configuredStages === null;
      if (stage.unclear) {
        // A closed-looking stage the labels do not know: the CRM probability of 100 or 0 settles it.
        const probabilityRaw = probabilityAt === -1 ? '' : cellAt(probabilityAt);
        if (probabilityAt !== -1) checkProbabilityScale(probabilityRaw);
        const probability = probabilityAt === -1 ? null : parseProbability(probabilityRaw, decisions.probabilityScale);
        if (probability === 1) status = 'won';
        else if (probability === 0) status = 'lost';
        else onFinding(finding('unclear-stage', { file, row, column: column('stage') }, stageRaw, 'the stage looks closed but is not a won or lost label: counted as open; name it under won: or lost: in the config'));
      }
    }
    if (status === null) {
      reject('missing-status', fields.stage === undefined ? 'status' : 'stage', '', 'expected a stage or status that says won, lost or open');
      return null;
    }

    const created = readDate(createdDate);
    let close = readDate(closeDate);
    // Pipedrive: a closed deal's actual close is its won/lost time; the expected close date is for open deals.
    let closeField: DateField = 'close';
    const actualClose = status === 'won' ? wonTimeDate : status === 'lost' ? lostTimeDate : null;
    if (actualClose !== null && actualClose.index !== -1) {
      // Never the expected close in its place: an empty won or lost time is a missing close (below).
      close = readDate(actualClose);
      closeField = actualClose.field;
    }
    const lastActivity = readDate(lastActivityDate);
    const stageEntered = readDate(stageEnteredDate);
    if (status !== 'open' && hasCloseColumn && close === null && !rejected) {
      const missingField: DealField = actualClose !== null && actualClose.index !== -1 ? actualClose.field : 'close';
      reject('missing-close', missingField, '', missingField === 'close' ? `expected the close date of a ${status} deal` : `expected the ${status} time of a ${status} deal: the expected close date is not when it closed`);
    }
    // An open deal's close is an expectation: one before the created date is past due (a
    // validate warning), not a row to drop from the pipeline (docs/metrics.md "Readings").
    if (created !== null && close !== null && close < created && status !== 'open') {
      reject('close-before-created', closeField, cell(closeField), `expected a close date on or after the created date ${cell('created').trim()}`);
    }

    let cycleDays: number | null = null;
    if (cycleDaysAt !== -1) {
      const cycleRaw = cellAt(cycleDaysAt);
      const parsedCycle = parseDays(cycleRaw);
      if (parsedCycle === INVALID) reject('bad-value', 'cycleDays', cycleRaw, 'expected a number of days');
      else cycleDays = parsedCycle;
    }

    let probability: number | null = null;
    if (probabilityAt !== -1) {
      const probabilityRaw = cellAt(probabilityAt);
      checkProbabilityScale(probabilityRaw);
      const parsedProbability = parseProbability(probabilityRaw, decisions.probabilityScale);
      if (parsedProbability === INVALID) {
        onFinding(finding('bad-probability', { file, row, column: column('probability') }, probabilityRaw, 'expected 0-100, 0%-100% or 0-1; the value is ignored'));
      } else {
        probability = parsedProbability;
      }
    }

    if (rejected) return null;
    if (openByStage && (probability === 1 || probability === 0) && asOf !== undefined && close !== null && close < asOf) {
      onFinding(finding('unclear-stage', { file, row, column: column('stage') }, stageRaw, `the CRM probability is ${probability === 1 ? '100' : '0'}% and the close date is past, but the stage is not a ${probability === 1 ? 'won' : 'lost'} label: counted as open; if it is one, name it under ${probability === 1 ? 'won' : 'lost'}: in the config`));
    }

    const dimensions = dimensionsOf(cells);
    const lostStageRaw = textAt(lostStageAt);
    return {
      id,
      name: textAt(nameAt),
      account: textAt(accountAt),
      owner: textAt(ownerAt),
      stage: stage === null ? null : stage.canonical,
      status,
      amount,
      currency,
      created,
      close,
      cycleDays,
      probability,
      forecastCategory: textAt(forecastCategoryAt),
      lastActivity,
      stageEntered,
      lostStage: lostStageRaw === null ? null : labelOf(lostStageRaw).canonical,
      type: typeAt === -1 ? null : typeOfCell(textAt(typeAt)),
      dimensions,
      source: { file, row },
    };
  };
}

/** A date field's column and its day/month order, resolved once per file. */
interface DateColumn {
  readonly field: DateField;
  /** -1 when the field is not mapped. */
  readonly index: number;
  /** Decided by the first value that proves it when the first rows did not (FormatDecisions). */
  order: DateOrder | null;
  /** Excel serial numbers (true) or written dates (false); null until a cell shows it. */
  serials: boolean | null;
}

/** What a stage or status label means, resolved once per distinct label. */
interface Label {
  /** normalizeHeader of the label. */
  readonly key: string;
  /** The status a deal at this stage has. */
  readonly stageStatus: DealStatus;
  /** The label looks closed but is neither a won nor a lost label (counted open, with a warning). */
  readonly unclear: boolean;
  /** False when the config lists stages and this is none of them (nor a won or lost label). */
  readonly knownStage: boolean;
  /** The config's spelling of the stage, or the label as written. */
  readonly canonical: string;
}

/**
 * `text.trim()`, without the call for the usual cell that begins and ends with a visible ASCII
 * character (no whitespace, ASCII or Unicode, to remove): five cells a row, millions of rows.
 */
function trimmed(text: string): string {
  const length = text.length;
  if (length === 0) return text;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

/** Three capital letters, the usual currency cell: taken as is, without trimming and upper-casing a copy. */
function isCurrencyCode(text: string): boolean {
  if (text.length !== 3) return false;
  for (let index = 0; index < 3; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 65 || code > 90) return false;
  }
  return true;
}

/** Status flags that say two things at once: the flags involved and what they say. */
interface FlagConflict {
  readonly fields: readonly DealField[];
  readonly reason: string;
}

/**
 * Status from Salesforce/HubSpot flags: IsWon, IsClosed, "Is closed lost". Null when the flags are
 * absent; a FlagConflict when they contradict each other (won and lost, won or lost but not
 * closed, closed but neither won nor lost), which no reading of them settles.
 */
function statusFromFlags(
  isWonRaw: string,
  isLostRaw: string,
  isClosedRaw: string,
  onInvalid: (field: DealField, raw: string) => void,
): DealStatus | FlagConflict | null {
  const isWon = parseBoolean(isWonRaw);
  const isLost = parseBoolean(isLostRaw);
  const isClosed = parseBoolean(isClosedRaw);
  if (isWon === INVALID) onInvalid('isWon', isWonRaw);
  if (isLost === INVALID) onInvalid('isLost', isLostRaw);
  if (isClosed === INVALID) onInvalid('isClosed', isClosedRaw);
  if (isWon === true && isLost === true) return { fields: ['isWon', 'isLost'], reason: 'won and lost' };
  if (isWon === true && isClosed === false) return { fields: ['isWon', 'isClosed'], reason: 'won but not closed' };
  if (isLost === true && isClosed === false) return { fields: ['isLost', 'isClosed'], reason: 'lost but not closed' };
  if (isClosed === true && isWon === false && isLost === false) return { fields: ['isClosed', 'isWon', 'isLost'], reason: 'closed but neither won nor lost' };
  if (isWon === true) return 'won';
  if (isLost === true) return 'lost';
  if (isClosed === true) return 'lost';
  if (isClosed === false) return 'open';
  if (isWon === false && isLost === false) return 'open';
  return null;
}
