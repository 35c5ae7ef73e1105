/**
 * Column inference: which column feeds which deal field when the header is not one of the
 * preset names. A column is a candidate for a field when its header carries one of the field's
 * words (English, German, French, Spanish labels of Salesforce, HubSpot and Pipedrive exports)
 * AND its sampled cells look like the field (dates, amounts, won/lost words...). Each guess keeps
 * its evidence and a confidence; `undecided` lists what a command must not use silently.
 *
 * Works on the sample rows the reader already takes, never on the whole file.
 */
import { formatCount } from './groupedDigits.js';
import { DealmathError } from './errors.js';
import { DEFAULT_LOST_LABELS, DEFAULT_WON_LABELS, columnKeys, mapColumnsByName, normalizeHeader, settleAmountCurrency, synonymColumns, type ColumnMapping, type Preset } from './mapping.js';
import type { DealField } from './types.js';
import { INVALID, decimalSaid, parseAmount, parseBoolean, parseDate, parseProbability, type DecimalSeparator } from './values.js';

export type Confidence = 'high' | 'low';

export interface ColumnGuess {
  readonly field: DealField;
  readonly column: number;
  readonly header: string;
  readonly confidence: Confidence;
  /** How it was decided: `--map`/config, a preset or generic name, header words and values, values alone. */
  readonly source: 'map' | 'name' | 'words' | 'values';
  readonly evidence: string;
}

/** A field two or more columns compete for, or whose only candidate is unsure. */
export interface Undecided {
  readonly field: DealField;
  readonly reason: 'conflict' | 'low-confidence';
  readonly candidates: readonly ColumnGuess[];
  /**
   * Whether a command must stop on it. An unsure id is not: without it rows get row-number ids,
   * as for a file with no id column (inspect says so), and no figure depends on a guess. Two
   * columns competing for any field, the id too, are.
   */
  readonly blocking: boolean;
}

export interface ColumnInference {
  /** The mapping a command uses: names, overrides and high-confidence guesses only. */
  readonly mapping: ColumnMapping;
  /** Every mapped column with how it was decided, plus the candidates left undecided. */
  readonly guesses: readonly ColumnGuess[];
  readonly undecided: readonly Undecided[];
  /** Up to three distinct values per column from the sample, to show the user. */
  readonly samples: readonly (readonly string[])[];
}

/** What a field's cells must look like. */
type ValueKind = 'text' | 'amount' | 'date' | 'status' | 'probability' | 'boolean' | 'currency' | 'id';

interface FieldWords {
  readonly field: DealField;
  readonly kind: ValueKind;
  /** Word sequences (lower case, no accents) any of which names the field inside a header. */
  readonly words: readonly string[];
  /** Words that rule a header out for this field (`Weighted value` is not the amount). */
  readonly not?: readonly string[];
}

// In priority order: a header that names two fields equally well goes to the earlier one
// (`Customer Name` is the account, not the deal name).
const FIELD_WORDS: readonly FieldWords[] = [
  { field: 'wonTime', kind: 'date', words: ['won time', 'won date', 'date won', 'won on', 'closed won date', 'gewonnen am', 'date de gain', 'fecha de ganado'] },
  { field: 'lostTime', kind: 'date', words: ['lost time', 'lost date', 'date lost', 'lost on', 'closed lost date', 'verloren am', 'date de perte', 'fecha de perdido'] },
  { field: 'lostStage', kind: 'text', words: ['lost stage', 'stage lost', 'lost in stage'] },
  {
    field: 'status',
    kind: 'status',
    words: ['status', 'result', 'outcome', 'opportunity result', 'won lost', 'win loss', 'ergebnis', 'statut', 'resultat', 'resultado', 'estado'],
  },
  {
    field: 'stage',
    kind: 'text',
    words: ['stage', 'deal stage', 'sales stage', 'pipeline stage', 'phase', 'verkaufsphase', 'etape', 'etapa', 'fase'],
    not: ['lost', 'change', 'duration', 'days', 'count', 'entered', 'date'],
  },
  {
    field: 'amount',
    kind: 'amount',
    words: [
      'amount', 'value', 'close value', 'deal value', 'deal amount', 'opportunity amount', 'betrag', 'wert', 'auftragswert', 'montant', 'valeur',
      'importe', 'valor', 'monto',
    ],
    // Weighted by a probability, never the amount: `Weighted value`, and HubSpot's `Forecast amount`
    // and `Projected amount` (amount x forecast or stage probability).
    not: ['weighted', 'gewichtet', 'pondere', 'ponderado', 'expected', 'forecast', 'projected', 'revenue', 'count', 'ratio', 'size', 'probability'],
  },
  {
    field: 'created',
    kind: 'date',
    words: [
      'created', 'create', 'create date', 'created date', 'creation', 'opened', 'open date', 'engage', 'engage date', 'engaged', 'add time', 'added',
      'erstellt', 'erstellt am', 'angelegt', 'erstelldatum', 'date de creation', 'creation date', 'fecha de creacion', 'creacion', 'creado',
    ],
  },
  {
    field: 'close',
    kind: 'date',
    words: [
      'close', 'closing', 'close date', 'closed', 'expected close', 'expected close date', 'schluss', 'schlusstermin', 'abschluss', 'abschlussdatum',
      'cloture', 'date de cloture', 'fermeture', 'cierre', 'fecha de cierre',
    ],
  },
  {
    field: 'owner',
    kind: 'text',
    words: [
      'owner', 'deal owner', 'opportunity owner', 'rep', 'sales rep', 'agent', 'sales agent', 'salesperson', 'seller', 'account executive',
      'assigned to', 'verkaufer', 'besitzer', 'inhaber', 'vertriebsmitarbeiter', 'proprietaire', 'responsable', 'vendeur', 'propietario',
      'vendedor',
    ],
    not: ['id'],
  },
  {
    field: 'account',
    kind: 'text',
    words: [
      'account', 'account name', 'company', 'company name', 'customer', 'customer name', 'client', 'organization', 'organisation', 'firma',
      'unternehmen', 'kunde', 'entreprise', 'societe', 'cliente', 'empresa', 'cuenta', 'organizacion',
    ],
    not: ['size', 'type', 'count', 'revenue', 'id', 'number'],
  },
  { field: 'probability', kind: 'probability', words: ['probability', 'win probability', 'wahrscheinlichkeit', 'probabilite', 'probabilidad'] },
  { field: 'currency', kind: 'currency', words: ['currency', 'currency code', 'wahrung', 'devise', 'moneda', 'divisa'] },
  { field: 'forecastCategory', kind: 'text', words: ['forecast category', 'prognosekategorie', 'categorie de prevision', 'categoria de prevision'] },
  {
    field: 'type',
    kind: 'text',
    words: [
      'type', 'deal type', 'opportunity type', 'business type', 'sales type', 'typ', 'verkaufschancentyp', 'geschaftsart', 'type d opportunite',
      'type d affaire', 'tipo', 'tipo de oportunidad', 'tipo de negocio',
    ],
    // Other things have types too: a competitor, a contact, a product, a payment.
    not: ['competitor', 'account', 'company', 'customer', 'client', 'contact', 'lead', 'record', 'product', 'payment', 'contract', 'size', 'industry', 'source', 'file', 'activity', 'stage', 'id'],
  },
  { field: 'lastActivity', kind: 'date', words: ['last activity', 'last activity date', 'letzte aktivitat', 'derniere activite', 'ultima actividad'] },
  {
    field: 'id',
    kind: 'id',
    words: [
      'id', 'number', 'nummer', 'nr', 'no', 'numero', 'key', 'record id', 'deal id', 'opportunity id', 'opportunity number', 'deal number', 'opp number',
    ],
    not: ['owner', 'account', 'company', 'customer', 'client', 'phone', 'user', 'contact', 'of', 'count'],
  },
  {
    field: 'name',
    kind: 'text',
    words: ['name', 'title', 'titel', 'nom', 'nombre', 'titre', 'bezeichnung', 'deal name', 'opportunity name', 'deal title'],
    // A person's or a file's name is not the deal's.
    not: ['contact', 'first', 'last', 'user', 'file', 'job'],
  },
];

/** `Date de création` -> `date de creation`: lower case words, accents dropped, camelCase split. */
export function headerWords(header: string): string {
  return header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .join(' ');
}

/** How well a header names a field: the longest matching word sequence, +1 when it is the whole header; 0 for none. */
function wordScore(words: string, entry: FieldWords): number {
  const padded = ` ${words} `;
  if (entry.not?.some((word) => padded.includes(` ${word} `))) return 0;
  let best = 0;
  for (const phrase of entry.words) {
    if (!padded.includes(` ${phrase} `)) continue;
    const score = phrase.split(' ').length + (phrase === words ? 1 : 0);
    if (score > best) best = score;
  }
  return best;
}

const STATUS_WORDS: ReadonlySet<string> = new Set(
  [...DEFAULT_WON_LABELS, ...DEFAULT_LOST_LABELS, 'won', 'lost', 'open', 'win', 'loss', 'success', 'active', 'in progress', 'pending'].map(normalizeHeader),
);
const CLOSED_STATUS_WORDS: ReadonlySet<string> = new Set([...DEFAULT_WON_LABELS, ...DEFAULT_LOST_LABELS].map(normalizeHeader));
const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

/**
 * The separator an amount cell is read with while guessing columns: the flag's or config's, else
 * the one the cell proves, as the reader decides it (FormatDecisions): `12.500,50` reads with ",",
 * and a cell that proves none (`20000`) reads the same under both.
 */
function amountDecimal(cell: string, decimal: DecimalSeparator | null): DecimalSeparator {
  return decimal ?? decimalSaid(cell) ?? '.';
}

/** Whether one non-empty cell looks like a value of the kind (`decimal`: null when the values decide it). */
function cellFits(cell: string, kind: ValueKind, decimal: DecimalSeparator | null): boolean {
  switch (kind) {
    case 'amount':
      return parseAmount(cell, amountDecimal(cell, decimal)) !== INVALID;
    case 'date':
      // A bare number is an amount or a count here, not an Excel serial day.
      return !PLAIN_NUMBER.test(cell) && (parseDate(cell, 'mdy') !== INVALID || parseDate(cell, 'dmy') !== INVALID);
    case 'status':
      return STATUS_WORDS.has(normalizeHeader(cell));
    case 'probability':
      return parseProbability(cell, 'percent') !== INVALID;
    case 'boolean':
      return parseBoolean(cell) !== INVALID;
    case 'currency':
      return /^[A-Za-z]{3}$/.test(cell);
    case 'text':
      // Labels, names: not numbers and not dates.
      return !PLAIN_NUMBER.test(cell) && parseDate(cell, 'mdy') === INVALID && parseDate(cell, 'dmy') === INVALID;
    case 'id':
      return true;
  }
}

interface ColumnValues {
  readonly nonEmpty: number;
  readonly fits: number;
  readonly example: string | null;
  /** For amounts read without a set separator: the first cell that proves one and reads under it, and that separator. */
  readonly decimalProof: { readonly decimal: DecimalSeparator; readonly cell: string } | null;
  /** For ids: distinct values among the non-empty ones. */
  readonly distinct: number;
  readonly rows: number;
}

function measure(sample: readonly (readonly string[])[], column: number, kind: ValueKind, decimal: DecimalSeparator | null): ColumnValues {
  let nonEmpty = 0;
  let fits = 0;
  let example: string | null = null;
  let decimalProof: ColumnValues['decimalProof'] = null;
  const seen = kind === 'id' ? new Set<string>() : null;
  for (const cells of sample) {
    const cell = (cells[column] ?? '').trim();
    if (cell === '') continue;
    nonEmpty += 1;
    example ??= cell;
    if (cellFits(cell, kind, decimal)) fits += 1;
    if (kind === 'amount' && decimal === null && decimalProof === null) {
      const said = decimalSaid(cell);
      if (said !== null && parseAmount(cell, said) !== INVALID) decimalProof = { decimal: said, cell };
    }
    seen?.add(cell);
  }
  return { nonEmpty, fits, example, decimalProof, distinct: seen?.size ?? 0, rows: sample.length };
}

const KIND_WORDS: Readonly<Record<ValueKind, string>> = {
  text: 'labels',
  amount: 'amounts',
  date: 'dates',
  status: 'won/lost/open words',
  probability: 'probabilities',
  boolean: 'true/false',
  currency: 'currency codes',
  id: 'ids',
};

/** Confidence from the values: all or nearly all fit is high, a majority low, fewer none. */
function valueConfidence(values: ColumnValues, kind: ValueKind, headerScore: number): { confidence: Confidence | null; evidence: string } {
  // An empty Lost time or Amount column is harmless; an empty id or status column would reject every row.
  if (values.nonEmpty === 0) return { confidence: kind === 'id' || kind === 'status' ? null : 'high', evidence: 'no values in the sample' };
  if (kind === 'id') {
    const unique = values.distinct / values.nonEmpty;
    const dense = values.nonEmpty / Math.max(1, values.rows);
    const evidence = `${formatCount(values.distinct)} distinct of ${formatCount(values.nonEmpty)} values, ${formatCount(values.nonEmpty)} of ${formatCount(values.rows)} rows filled`;
    // A header that says whose id it is (`Opportunity Number`) may hold some duplicates: the
    // reader rejects them as duplicate-id. A bare `Number` must be nearly unique to be the id.
    if (dense >= 0.95 && unique >= (headerScore >= 3 ? 0.8 : 0.95)) return { confidence: 'high', evidence };
    return { confidence: unique >= 0.5 && dense >= 0.5 ? 'low' : null, evidence };
  }
  const share = values.fits / values.nonEmpty;
  const proof = values.decimalProof;
  const evidence = `${formatCount(values.fits)} of ${formatCount(values.nonEmpty)} sampled values are ${KIND_WORDS[kind]}${values.example === null ? '' : ` (e.g. ${JSON.stringify(values.example)})`}${proof === null ? '' : `, decimal ${JSON.stringify(proof.decimal)} as ${JSON.stringify(proof.cell)} shows`}`;
  if (share >= 0.95) return { confidence: 'high', evidence };
  return { confidence: share >= 0.5 ? 'low' : null, evidence };
}

export interface InferOptions {
  readonly preset?: Preset | undefined;
  readonly overrides?: Readonly<Partial<Record<DealField, string>>> | undefined;
  readonly decimal?: DecimalSeparator | undefined;
}

/**
 * Maps a file's columns: `--map`/config overrides, then preset and generic names (as
 * `mapColumns`), then header words confirmed by the sampled values for the fields still unmapped.
 * Throws MappingError (from mapColumns) when an override names a header the file does not have.
 *
 * Two columns competing for a field are a blocking conflict unless one ranks above the other:
 * an override above everything; a preset name above the generic names and header words (the
 * preset's earlier alias above its later ones); the field's own generic name (`amount`) above its
 * synonyms (`value`, `deal_amount`) and header words; header words by score (wordScore). A
 * synonym ranks with the other synonyms, and with header words whose values fit at the score of
 * its own words: `Deal Amount` beside `Opportunity Amount` (both 3), or `value` beside
 * `deal_value`, is a conflict; `deal_name` (3) beside `account_name` (1 for the name) is not. Two columns with the same name (`amount` twice,
 * `Close Date` and `CloseDate`) are always a conflict, whatever named them.
 */
export function inferColumns(headers: readonly string[], sample: readonly (readonly string[])[], options: InferOptions = {}): ColumnInference {
  const { mapping: named, namedBy } = mapColumnsByName(headers, { preset: options.preset, overrides: options.overrides });
  // Fields named only by a generic synonym: other synonyms and header words still compete for them.
  const soft = new Set((Object.entries(namedBy) as [DealField, string][]).filter(([, how]) => how === 'synonym').map(([field]) => field));
  // Null: the values decide the separator, as the reader does (FormatDecisions).
  const decimal = options.decimal ?? null;
  const fields: Partial<Record<DealField, number>> = { ...named.fields };
  const guesses: ColumnGuess[] = [];
  for (const [field, column] of Object.entries(named.fields) as [DealField, number][]) {
    const fromMap = options.overrides?.[field] !== undefined;
    // A currency column no alias named is the amount's own (settleAmountCurrency).
    const evidence = fromMap ? 'chosen with --map or the config' : namedBy[field] === undefined ? `the currency column of "${headers[named.fields.amount ?? -1] ?? ''}"` : `a ${named.preset} column name`;
    guesses.push({ field, column, header: headers[column] ?? '', confidence: 'high', source: fromMap ? 'map' : 'name', evidence });
  }
  const taken = new Set(Object.values(named.fields));

  // Each free column is a candidate for the field its header names best, if its values agree.
  const candidates = new Map<DealField, (ColumnGuess & { score: number })[]>();
  headers.forEach((header, column) => {
    if (taken.has(column) || header.trim() === '') return;
    const words = headerWords(header);
    let best: { entry: FieldWords; score: number; confidence: Confidence; evidence: string } | null = null;
    for (const entry of FIELD_WORDS) {
      if (fields[entry.field] !== undefined && !soft.has(entry.field)) continue;
      // HubSpot's amount in company currency: its Currency column is a dimension on purpose.
      if (entry.field === 'currency' && named.amountInBaseCurrency) continue;
      const score = wordScore(words, entry);
      if (score === 0 || (best !== null && score <= best.score)) continue;
      let { confidence, evidence } = valueConfidence(measure(sample, column, entry.kind, decimal), entry.kind, score);
      if (entry.kind === 'amount' && decimal !== null && confidence !== 'high') {
        // Amounts that read only under the other separator than the one set (`12.500,50` under
        // --decimal .) are not left a silent dimension: the command stops and names the separator.
        const own = measure(sample, column, 'amount', null);
        const other = own.decimalProof?.decimal;
        if (other !== undefined && other !== decimal && valueConfidence(own, 'amount', score).confidence === 'high') {
          confidence = 'low';
          evidence = `${evidence}; they read as amounts with decimal ${JSON.stringify(other)} (e.g. ${JSON.stringify(own.decimalProof?.cell)}), but the decimal is set to ${JSON.stringify(decimal)}: pass --decimal ${other} (config decimal)`;
        }
      }
      if (confidence !== null) best = { entry, score, confidence, evidence };
    }
    if (best === null) return;
    const list = candidates.get(best.entry.field) ?? [];
    list.push({ field: best.entry.field, column, header, confidence: best.confidence, source: 'words', evidence: `header words name ${best.entry.field}; ${best.evidence}`, score: best.score });
    candidates.set(best.entry.field, list);
  });

  const undecided: Undecided[] = [];
  for (const [field, list] of candidates) {
    if (soft.has(field)) continue;
    list.sort((a, b) => b.score - a.score || a.column - b.column);
    const [first, second] = list;
    if (first === undefined) continue;
    const tied = list.filter((candidate) => candidate.score === first.score);
    if (second !== undefined && second.score === first.score) {
      undecided.push({ field, reason: 'conflict', candidates: tied.map(withoutScore), blocking: true });
      continue;
    }
    if (first.confidence === 'low') {
      // An unsure status column beside a stage or IsWon column is left as a dimension: the status is known anyway.
      if (field === 'status' && (fields.stage !== undefined || fields.isWon !== undefined || fields.isClosed !== undefined)) continue;
      undecided.push({ field, reason: 'low-confidence', candidates: [withoutScore(first)], blocking: field !== 'id' });
      continue;
    }
    fields[field] = first.column;
    taken.add(first.column);
    guesses.push(withoutScore(first));
  }

  // A field named by a generic synonym against another synonym, or against header words whose
  // values fit and that name the field at least as well as the synonym's own words do.
  for (const field of soft) {
    const column = fields[field];
    if (column === undefined) continue;
    const entry = FIELD_WORDS.find((words) => words.field === field);
    const ownScore = entry === undefined ? 0 : wordScore(headerWords(headers[column] ?? ''), entry);
    const rivals = new Map<number, ColumnGuess>();
    // `account_name` beside `account_id`: the name is the account, the id its key (as Salesforce's
    // Account Name ranks above Account ID), not a tie.
    const ownKey = normalizeHeader(headers[column] ?? '');
    const keyOfName = ownKey.endsWith('name') ? `${ownKey.slice(0, -'name'.length)}id` : null;
    for (const other of synonymColumns(headers, field)) {
      if (other === column || taken.has(other) || normalizeHeader(headers[other] ?? '') === keyOfName) continue;
      rivals.set(other, { field, column: other, header: headers[other] ?? '', confidence: 'high', source: 'name', evidence: 'a generic column name' });
    }
    for (const candidate of candidates.get(field) ?? []) {
      if (candidate.confidence === 'high' && candidate.score >= ownScore && !rivals.has(candidate.column)) rivals.set(candidate.column, withoutScore(candidate));
    }
    if (rivals.size > 0) unmapConflict(field, [...rivals.values()]);
  }

  // The same name twice (`amount`, `amount (2)`): the file does not say which is meant.
  const keys = columnKeys(headers);
  for (const [field, column] of Object.entries(fields) as [DealField, number][]) {
    if (namedBy[field] === 'map') continue;
    const twins = headers.flatMap((header, other) => (other !== column && keys[other] === keys[column] && header.trim() !== '' ? [other] : []));
    if (twins.length > 0) {
      unmapConflict(field, twins.map((other) => ({ field, column: other, header: headers[other] ?? '', confidence: 'high', source: 'name', evidence: `the same column name as "${headers[column] ?? ''}"` })));
    }
  }

  /** Leaves the field unmapped, its column and the rivals listed as a blocking conflict. */
  function unmapConflict(field: DealField, rivals: readonly ColumnGuess[]): void {
    const column = fields[field] as number;
    const index = guesses.findIndex((guess) => guess.field === field);
    const own = guesses[index] as ColumnGuess;
    guesses.splice(index, 1);
    delete fields[field];
    taken.delete(column);
    undecided.push({ field, reason: 'conflict', candidates: [own, ...rivals].sort((a, b) => a.column - b.column), blocking: true });
  }

  // No status source yet: a column whose values are won/lost words, whatever its header says.
  if (fields.status === undefined && fields.stage === undefined && fields.isWon === undefined && fields.isClosed === undefined && !undecided.some((entry) => entry.field === 'status' || entry.field === 'stage')) {
    const byValues: ColumnGuess[] = [];
    headers.forEach((header, column) => {
      if (taken.has(column) || header.trim() === '') return;
      const values = measure(sample, column, 'status', decimal);
      if (values.nonEmpty === 0 || values.fits / values.nonEmpty < 0.95 || !someClosedWord(sample, column)) return;
      byValues.push({ field: 'status', column, header, confidence: 'low', source: 'values', evidence: `${formatCount(values.fits)} of ${formatCount(values.nonEmpty)} sampled values are won/lost/open words, but the header does not say status` });
    });
    if (byValues.length > 0) undecided.push({ field: 'status', reason: byValues.length > 1 ? 'conflict' : 'low-confidence', candidates: byValues, blocking: true });
  }

  // The amount settled by header words can be a `(converted)` one or carry its own currency column.
  const currencyBefore = fields.currency;
  const amountInBaseCurrency = settleAmountCurrency(headers, fields, taken, options.overrides?.currency !== undefined);
  if (fields.currency !== currencyBefore) {
    const index = guesses.findIndex((guess) => guess.field === 'currency');
    if (index !== -1) guesses.splice(index, 1);
    const currency = fields.currency;
    if (currency !== undefined) {
      guesses.push({ field: 'currency', column: currency, header: headers[currency] ?? '', confidence: 'high', source: 'name', evidence: `the currency column of "${headers[fields.amount ?? -1] ?? ''}"` });
    }
  }

  const dimensions = headers.map((_, index) => index).filter((index) => !taken.has(index) && (headers[index] ?? '') !== '');
  return { mapping: { ...named, fields, dimensions, amountInBaseCurrency }, guesses: guesses.sort((a, b) => a.column - b.column), undecided, samples: headers.map((_, column) => sampleValues(sample, column)) };
}

function sampleValues(sample: readonly (readonly string[])[], column: number): string[] {
  const values = new Set<string>();
  for (const cells of sample) {
    const cell = (cells[column] ?? '').trim();
    if (cell !== '') values.add(cell);
    if (values.size === 3) break;
  }
  return [...values];
}

function someClosedWord(sample: readonly (readonly string[])[], column: number): boolean {
  return sample.some((cells) => CLOSED_STATUS_WORDS.has(normalizeHeader(cells[column] ?? '')));
}

function withoutScore(guess: ColumnGuess & { score: number }): ColumnGuess {
  const { score: _score, ...rest } = guess;
  return rest;
}

/** `--map amount="Deal Value"`: the flag that settles a field on a column. */
export function mapFlag(field: DealField, header: string): string {
  return `--map ${field}=${JSON.stringify(header)}`;
}

/** One line for an undecided field: the candidates with their evidence and the flags to choose. */
export function describeUndecided(entry: Undecided): string {
  const listed = entry.candidates.map((candidate) => `"${candidate.header}" (${candidate.evidence})`).join(', ');
  const choose = entry.candidates.map((candidate) => mapFlag(entry.field, candidate.header)).join(' or ');
  return entry.reason === 'conflict'
    ? `${entry.candidates.length} columns could be the ${entry.field}: ${listed}; choose with ${choose}`
    : `the ${entry.field} might be ${listed}, not sure enough to use it; confirm with ${choose}`;
}

/** Stops a command on a guess it must not use silently (exit 2, with the `--map` line to choose). */
export function requireDecided(inference: ColumnInference, file: string): ColumnMapping {
  const first = inference.undecided.find((entry) => entry.blocking);
  if (first !== undefined) throw new DealmathError('bad-mapping', describeUndecided(first), { file });
  return inference.mapping;
}
