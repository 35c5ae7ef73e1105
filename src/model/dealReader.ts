/**
 * Turns one row of cells into a normalized Deal, or rejects it with findings.
 * Built once per file (mapping, formats and labels resolved up front) so the per-row
 * path only looks up column indexes and parses the cells it needs.
 */
import { currencyConflict } from './currencyConflict.js';
import { lostLabels, openStages, wonLabels, type Config } from './config.js';
import { DealmathError } from './errors.js';
import { finding, type Finding, type Rule } from './findings.js';
import { normalizeHeader, stageMeaning, type ColumnMapping } from './mapping.js';
import { RepeatedTexts } from './repeatedTexts.js';
import type { Deal, DealField, DealStatus, DayNumber } from './types.js';
import {
  INVALID,
  dateOrderEvidence,
  isAmbiguousSlashDate,
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
type DateField = (typeof DATE_FIELDS)[number];

/** Formats decided per column from the data (or the config) before rows are read. */
export interface ColumnFormats {
  /** Day/month order of slash dates per date field; null where the column has no ambiguous dates. */
  readonly dateOrders: Readonly<Partial<Record<DateField, DateOrder | null>>>;
  readonly probabilityScale: ProbabilityScale;
}

/**
 * Decides date order and probability scale from sample rows. A date column whose slash dates
 * all fit both orders takes the order the file's other date columns show; with no evidence at
 * all it is an error that says how to choose. A column mixing both orders is an error too.
 */
export function sniffFormats(
  file: string,
  headers: readonly string[],
  mapping: ColumnMapping,
  sample: readonly (readonly string[])[],
  config: Pick<Config, 'dateFormat'>,
): ColumnFormats {
  const evidence: Partial<Record<DateField, DateOrderEvidence>> = {};
  const ambiguousExample: Partial<Record<DateField, string>> = {};
  for (const field of DATE_FIELDS) {
    const index = mapping.fields[field];
    if (index === undefined) continue;
    let seen: DateOrderEvidence = 'none';
    for (const cells of sample) {
      const cell = cells[index] ?? '';
      seen = dateOrderEvidence(cell, seen);
      if (ambiguousExample[field] === undefined && isAmbiguousSlashDate(cell)) ambiguousExample[field] = cell.trim();
    }
    evidence[field] = seen;
  }
  const dateOrders: Partial<Record<DateField, DateOrder | null>> = {};
  const decided = new Set(Object.values(evidence).filter((value): value is DateOrder => value === 'mdy' || value === 'dmy'));
  for (const field of DATE_FIELDS) {
    const seen = evidence[field];
    if (seen === undefined) continue;
    const header = headers[mapping.fields[field] as number] ?? field;
    if (config.dateFormat !== undefined) {
      dateOrders[field] = config.dateFormat;
    } else if (seen === 'both') {
      throw new DealmathError('malformed-input', 'the column mixes D/M/YYYY and M/D/YYYY dates; fix the export or set dateFormat: mdy or dmy in the config', { file, column: header });
    } else if (seen !== 'none') {
      dateOrders[field] = seen;
    } else if (ambiguousExample[field] !== undefined) {
      const [only] = decided;
      if (decided.size !== 1 || only === undefined) {
        throw new DealmathError(
          'malformed-input',
          `dates like ${ambiguousExample[field]} could be M/D/YYYY or D/M/YYYY and no value decides it; set dateFormat: mdy or dmy in the config`,
          { file, column: header },
        );
      }
      dateOrders[field] = only;
    } else {
      dateOrders[field] = null;
    }
  }
  let probabilityScale: ProbabilityScale = 'fraction';
  const probabilityIndex = mapping.fields.probability;
  if (probabilityIndex !== undefined) {
    for (const cells of sample) {
      const cell = (cells[probabilityIndex] ?? '').trim();
      if (cell.endsWith('%') || Number(cell.replace(',', '.')) > 1) {
        probabilityScale = 'percent';
        break;
      }
    }
  }
  return { dateOrders, probabilityScale };
}

export interface DealReaderOptions {
  readonly file: string;
  readonly headers: readonly string[];
  readonly mapping: ColumnMapping;
  readonly formats: ColumnFormats;
  readonly config: Config;
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
  const { file, headers, mapping, formats, config } = options;
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
  const configuredStages = config.stages === undefined ? null : new Set(config.stages.map(normalizeHeader));
  const stageOrder = openStages(config);
  const canonicalStage = new Map(stageOrder.map((stage) => [normalizeHeader(stage), stage] as const));
  const hasFlags = fields.isWon !== undefined || fields.isLost !== undefined || fields.isClosed !== undefined;
  const hasTimes = fields.wonTime !== undefined && fields.lostTime !== undefined;
  const hasCloseColumn = fields.close !== undefined || fields.wonTime !== undefined || fields.lostTime !== undefined;
  const rates = config.currency?.rates ?? {};
  const base = config.currency?.base ?? null;
  const dimensionHeaders = mapping.dimensions.map((index) => [index, headers[index] ?? ''] as const);
  const width = headers.length;
  const decimal = config.decimal;
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
  // Dimensions are built as instances of one constructor: V8 then gives them one fast shape, where
  // Object.create(null) would make each a dictionary. Its null prototype keeps `__proto__` or
  // `constructor` ordinary keys, as in a null-prototype object.
  const Dimensions = function Dimensions(this: Record<string, string>) {} as unknown as new () => Record<string, string>;
  Dimensions.prototype = Object.create(null) as Record<string, string>;

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
  const createdDate = dateColumn('created');
  const closeDate = dateColumn('close');
  const wonTimeDate = dateColumn('wonTime');
  const lostTimeDate = dateColumn('lostTime');
  const lastActivityDate = dateColumn('lastActivity');
  const stageEnteredDate = dateColumn('stageEntered');
  function dateColumn(field: DateField): DateColumn {
    return { field, index: at(field), order: formats.dateOrders[field] ?? null };
  }
  const cellAt = (index: number): string => (index === -1 ? '' : (cells[index] ?? ''));
  const cell = (field: DealField): string => cellAt(at(field));
  const textAt = (index: number): string | null => {
    const value = trimmed(cellAt(index));
    return value === '' ? null : value;
  };
  const readDate = (date: DateColumn): DayNumber | null => {
    const raw = cellAt(date.index);
    if (raw === '') return null;
    const parsed = parseDate(raw, date.order);
    if (parsed === INVALID) {
      reject('bad-date', date.field, raw, 'expected a date such as 2026-03-31, 3/31/2026 or 31-Mar-2026');
      return null;
    }
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
    if (status === null && hasFlags) status = statusFromFlags(cell('isWon'), cell('isLost'), cell('isClosed'), rejectFlag);
    if (status === null && (stage === null || stage.stageStatus === 'open')) {
      // Pipedrive: a won or lost time says the deal closed, at whatever stage it stood.
      if (wonTimeDate.index !== -1 && trimmed(cellAt(wonTimeDate.index)) !== '') status = 'won';
      else if (lostTimeDate.index !== -1 && trimmed(cellAt(lostTimeDate.index)) !== '') status = 'lost';
      else if (stage === null && hasTimes) status = 'open';
    }
    if (status === null && stage !== null) {
      status = stage.stageStatus;
      if (stage.unclear) {
        // A closed-looking stage the labels do not know: the CRM probability of 100 or 0 settles it.
        const probability = probabilityAt === -1 ? null : parseProbability(cellAt(probabilityAt), formats.probabilityScale);
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
      const actual = readDate(actualClose);
      if (actual !== null) {
        close = actual;
        closeField = actualClose.field;
      }
    }
    const lastActivity = readDate(lastActivityDate);
    const stageEntered = readDate(stageEnteredDate);
    if (status !== 'open' && hasCloseColumn && close === null && !rejected) {
      const missingField: DealField = actualClose !== null && actualClose.index !== -1 ? actualClose.field : 'close';
      reject('missing-close', missingField, '', `expected the close date of a ${status} deal`);
    }
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
      const parsedProbability = parseProbability(probabilityRaw, formats.probabilityScale);
      if (parsedProbability === INVALID) {
        onFinding(finding('bad-probability', { file, row, column: column('probability') }, probabilityRaw, 'expected 0-100, 0%-100% or 0-1; the value is ignored'));
      } else {
        probability = parsedProbability;
      }
    }

    if (rejected) return null;

    const dimensions = new Dimensions();
    for (const [index, header] of dimensionHeaders) dimensions[header] = cells[index] ?? '';
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
  readonly order: DateOrder | null;
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

/** Status from Salesforce/HubSpot flags: IsWon, IsClosed, "Is closed lost". Null when the flags are absent. */
function statusFromFlags(
  isWonRaw: string,
  isLostRaw: string,
  isClosedRaw: string,
  onInvalid: (field: DealField, raw: string) => void,
): DealStatus | null {
  const isWon = parseBoolean(isWonRaw);
  const isLost = parseBoolean(isLostRaw);
  const isClosed = parseBoolean(isClosedRaw);
  if (isWon === INVALID) onInvalid('isWon', isWonRaw);
  if (isLost === INVALID) onInvalid('isLost', isLostRaw);
  if (isClosed === INVALID) onInvalid('isClosed', isClosedRaw);
  if (isWon === true) return 'won';
  if (isLost === true) return 'lost';
  if (isClosed === true) return 'lost';
  if (isClosed === false) return 'open';
  if (isWon === false && isLost === false) return 'open';
  return null;
}
