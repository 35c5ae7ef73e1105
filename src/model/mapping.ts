/**
 * Column mapping: which header of an export feeds which canonical deal field.
 * Headers match case-insensitively and ignoring punctuation, so `Close Date`,
 * `close_date`, `closeDate` and `CloseDate` are one name.
 */
import type { DealField } from './types.js';

export const PRESETS = ['salesforce', 'hubspot', 'pipedrive', 'generic'] as const;
export type Preset = (typeof PRESETS)[number];

/** `Close Date` -> `closedate`: the key headers are matched on. */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

type AliasTable = Readonly<Partial<Record<DealField, readonly string[]>>>;

// Within a field, earlier aliases win when an export has several (Salesforce reports carry
// both `Account Name` and `Account ID`; HubSpot both `Amount` and `Amount in company currency`).
const SALESFORCE: AliasTable = {
  id: ['Id', 'Opportunity ID', 'Opportunity.Id'],
  name: ['Name', 'Opportunity Name'],
  account: ['Account Name', 'Account.Name', 'AccountId', 'Account ID'],
  owner: ['Opportunity Owner', 'Owner.Name', 'Owner Name', 'OwnerId', 'Owner ID'],
  stage: ['StageName', 'Stage'],
  amount: ['Amount'],
  currency: ['CurrencyIsoCode', 'Amount Currency', 'Opportunity Currency'],
  created: ['CreatedDate', 'Created Date'],
  close: ['CloseDate', 'Close Date'],
  isWon: ['IsWon', 'Won'],
  isClosed: ['IsClosed', 'Closed'],
  probability: ['Probability', 'Probability (%)'],
  forecastCategory: ['ForecastCategoryName', 'Forecast Category', 'ForecastCategory'],
  lastActivity: ['LastActivityDate', 'Last Activity'],
  stageEntered: ['LastStageChangeDate', 'Last Stage Change Date'],
  // Not `Stage Duration`: that is days in the current stage, not the sales cycle.
  cycleDays: ['Age'],
  type: ['Type', 'Opportunity Type'],
};

const HUBSPOT: AliasTable = {
  id: ['Record ID', 'hs_object_id', 'Deal ID'],
  name: ['Deal Name', 'dealname'],
  account: ['Associated Company', 'Associated Company (Primary)', 'Company name'],
  owner: ['Deal owner', 'hubspot_owner_id'],
  stage: ['Deal Stage', 'dealstage'],
  amount: ['Amount in company currency', 'Amount', 'amount_in_home_currency'],
  currency: ['Currency', 'deal_currency_code'],
  created: ['Create Date', 'createdate'],
  close: ['Close Date', 'closedate'],
  isWon: ['Is Closed Won', 'hs_is_closed_won'],
  isLost: ['Is closed lost', 'hs_is_closed_lost'],
  isClosed: ['Is Deal Closed?', 'hs_is_closed'],
  probability: ['Deal probability', 'hs_deal_stage_probability'],
  forecastCategory: ['Forecast category', 'hs_manual_forecast_category'],
  lastActivity: ['Last Activity Date', 'notes_last_updated'],
  cycleDays: ['Days to close', 'days_to_close'],
  type: ['Deal Type', 'dealtype'],
};

const PIPEDRIVE: AliasTable = {
  id: ['Deal - ID'],
  name: ['Deal - Title'],
  account: ['Deal - Organization'],
  owner: ['Deal - Owner'],
  stage: ['Deal - Stage'],
  amount: ['Deal - Value'],
  currency: ['Deal - Currency of value', 'Deal - Currency'],
  created: ['Deal - Deal created', 'Deal - Creation date', 'Deal - Add time'],
  close: ['Deal - Expected close date'],
  status: ['Deal - Status'],
  wonTime: ['Deal - Won time'],
  lostTime: ['Deal - Lost time'],
  probability: ['Deal - Probability'],
  lastActivity: ['Deal - Last activity date'],
  stageEntered: ['Deal - Last stage change'],
  lostStage: ['Deal - Lost stage'],
  type: ['Deal - Type', 'Deal - Deal type', 'Deal - Deal Type'],
};

// Plain names, snake_case and camelCase fold to the same key (deal_id, dealId, DealID).
const GENERIC: AliasTable = {
  id: ['id', 'deal_id', 'opportunity_id', 'opp_id'],
  name: ['name', 'deal_name', 'title', 'opportunity_name'],
  account: ['account', 'account_name', 'customer', 'company', 'organization', 'account_id'],
  owner: ['owner', 'owner_name', 'rep', 'sales_rep', 'salesperson', 'deal_owner'],
  stage: ['stage', 'deal_stage', 'stage_name'],
  amount: ['amount', 'value', 'deal_value', 'deal_amount'],
  currency: ['currency', 'currency_code'],
  created: ['created', 'created_date', 'created_at', 'create_date', 'opened', 'open_date'],
  close: ['close', 'close_date', 'closed_at', 'closed_date', 'expected_close_date'],
  status: ['status', 'result', 'outcome', 'deal_status'],
  isWon: ['is_won'],
  isClosed: ['is_closed'],
  isLost: ['is_lost'],
  wonTime: ['won_time', 'won_date', 'won_at'],
  lostTime: ['lost_time', 'lost_date', 'lost_at'],
  cycleDays: ['cycle_days', 'sales_cycle_days', 'days_to_close', 'age', 'age_days'],
  probability: ['probability', 'win_probability'],
  forecastCategory: ['forecast_category'],
  lastActivity: ['last_activity', 'last_activity_date', 'last_activity_at'],
  stageEntered: ['stage_entered', 'stage_entered_date', 'stage_entered_at', 'last_stage_change'],
  lostStage: ['lost_stage', 'stage_lost'],
  type: ['type', 'deal_type', 'opportunity_type'],
};

const PRESET_TABLES: Readonly<Record<Preset, AliasTable>> = {
  salesforce: SALESFORCE,
  hubspot: HUBSPOT,
  pipedrive: PIPEDRIVE,
  generic: GENERIC,
};

/** Headers that say which CRM wrote a file, for auto-detection. */
const PRESET_MARKERS: Readonly<Record<Exclude<Preset, 'generic'>, readonly string[]>> = {
  salesforce: [
    'StageName', 'IsWon', 'IsClosed', 'CloseDate', 'OwnerId', 'ForecastCategoryName', 'CurrencyIsoCode',
    'Opportunity ID', 'Opportunity Owner', 'Opportunity Name', 'Amount Currency',
  ],
  hubspot: [
    'Record ID', 'Deal Stage', 'Deal owner', 'Is Closed Won', 'Is closed lost', 'Create Date',
    'Associated Company', 'Amount in company currency', 'Deal probability',
  ],
  pipedrive: ['Deal - ID', 'Deal - Title', 'Deal - Stage', 'Deal - Status', 'Deal - Value', 'Deal - Owner', 'Deal - Organization'],
};

/** Folded keys of the generic names, which any export may carry (`close_date`, `closeDate`, `isWon`). */
const GENERIC_KEYS: ReadonlySet<string> = new Set(Object.values(GENERIC).flat().map(normalizeHeader));

export interface ColumnMapping {
  readonly preset: Preset;
  /** Field -> index of the header feeding it. */
  readonly fields: Readonly<Partial<Record<DealField, number>>>;
  /** Indexes of the columns kept as dimensions. */
  readonly dimensions: readonly number[];
  /**
   * Set when the amount is already in the base currency (HubSpot's company-currency amount, a
   * Salesforce `(converted)` amount with no currency column of its own), so the currency column is a dimension.
   */
  readonly amountInBaseCurrency: boolean;
}

/** The preset whose marker headers the file carries most of; `generic` when none. */
export function detectPreset(headers: readonly string[]): Preset {
  // Exact labels (case aside): `Deal - ID` says Pipedrive, a plain `deal_id` says nothing.
  // A marker that folds to a generic name must match case too: `CloseDate` says Salesforce,
  // a camelCase `closeDate` says nothing.
  const written = new Set(headers.map((header) => header.trim()));
  const present = new Set(headers.map((header) => header.trim().toLowerCase()));
  const carries = (marker: string): boolean =>
    GENERIC_KEYS.has(normalizeHeader(marker)) ? written.has(marker) : present.has(marker.toLowerCase());
  let best: Preset = 'generic';
  let bestHits = 0;
  for (const [preset, markers] of Object.entries(PRESET_MARKERS) as [Preset, readonly string[]][]) {
    const hits = markers.filter(carries).length;
    if (hits > bestHits) {
      best = preset;
      bestHits = hits;
    }
  }
  return best;
}

export class MappingError extends Error {
  constructor(
    message: string,
    readonly column: string | null,
  ) {
    super(message);
    this.name = 'MappingError';
  }
}

/**
 * How a field's column was named: `map` (an override), `preset` (an alias of the detected CRM,
 * whose earlier aliases win: its own knowledge of which of its columns is the field), `canonical`
 * (the field's own generic name: `amount`, `close`, `id`), `synonym` (another generic name:
 * `value`, `deal_amount`, `close_date`). A synonym is no better than another synonym, nor than
 * header words that name the field as well (columnInference.ts): either pair is a conflict.
 */
export type NamedBy = 'map' | 'preset' | 'canonical' | 'synonym';

/**
 * Maps headers to fields: explicit overrides (`--map field=Header`, config `columns:`)
 * first, then the preset's aliases, then the generic names. Every other column is a dimension.
 * Throws MappingError when an override names a header the file does not have.
 */
export function mapColumns(
  headers: readonly string[],
  options: { preset?: Preset | undefined; overrides?: Readonly<Partial<Record<DealField, string>>> | undefined } = {},
): ColumnMapping {
  return mapColumnsByName(headers, options).mapping;
}

/** `mapColumns`, saying how each field's column was named. */
export function mapColumnsByName(
  headers: readonly string[],
  options: { preset?: Preset | undefined; overrides?: Readonly<Partial<Record<DealField, string>>> | undefined } = {},
): { mapping: ColumnMapping; namedBy: Partial<Record<DealField, NamedBy>> } {
  const preset = options.preset ?? detectPreset(headers);
  const indexByKey = new Map<string, number>();
  headers.forEach((header, index) => {
    const key = normalizeHeader(header);
    if (key !== '' && !indexByKey.has(key)) indexByKey.set(key, index);
  });
  const fields: Partial<Record<DealField, number>> = {};
  const namedBy: Partial<Record<DealField, NamedBy>> = {};
  const taken = new Set<number>();
  for (const [field, header] of Object.entries(options.overrides ?? {}) as [DealField, string | undefined][]) {
    // `{ ...config.columns, ...map }` built outside strict types can carry undefined entries.
    if (header === undefined) continue;
    const index = indexByKey.get(normalizeHeader(header));
    if (index === undefined) {
      throw new MappingError(`column "${header}" mapped to ${field} is not in the file`, header);
    }
    fields[field] = index;
    namedBy[field] = 'map';
    taken.add(index);
  }
  const tables = preset === 'generic' ? [GENERIC] : [PRESET_TABLES[preset], GENERIC];
  for (const table of tables) {
    for (const [field, aliases] of Object.entries(table) as [DealField, readonly string[]][]) {
      if (fields[field] !== undefined) continue;
      for (const [position, alias] of aliases.entries()) {
        const index = indexByKey.get(normalizeHeader(alias));
        if (index !== undefined && !taken.has(index)) {
          fields[field] = index;
          namedBy[field] = table !== GENERIC ? 'preset' : position === 0 ? 'canonical' : 'synonym';
          taken.add(index);
          break;
        }
      }
    }
  }
  const currencyNamed = fields.currency;
  const amountInBaseCurrency = settleAmountCurrency(headers, fields, taken, options.overrides?.currency !== undefined);
  // The amount's own currency column, or none: no alias named it.
  if (fields.currency !== currencyNamed) delete namedBy.currency;
  const dimensions = headers.map((_, index) => index).filter((index) => !taken.has(index) && (headers[index] ?? '') !== '');
  return { mapping: { preset, fields, dimensions, amountInBaseCurrency }, namedBy };
}

/**
 * The columns holding a generic name of the field other than its own (`value`, `deal_amount`
 * for the amount): each names it as well as any other.
 */
export function synonymColumns(headers: readonly string[], field: DealField): number[] {
  const synonyms = new Set((GENERIC[field] ?? []).slice(1).map(normalizeHeader));
  return headers.flatMap((header, index) => (synonyms.has(normalizeHeader(header)) ? [index] : []));
}

/**
 * The name a column is matched on, with the suffix the reader gives a repeated header
 * (`Amount (2)` after `Amount`, table.ts) taken off: two columns with one key are the same name.
 */
export function columnKeys(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((header) => {
    const repeat = /^(.*) \((\d+)\)$/.exec(header);
    const base = repeat !== null && seen.has((repeat[1] ?? '').toLowerCase()) ? (repeat[1] ?? '') : header;
    seen.add(header.toLowerCase());
    return normalizeHeader(base);
  });
}

/**
 * Which currency the amount column is in, settled on `fields` (and `taken`):
 * - HubSpot's `Amount in company currency`: the company's (the base); its `Currency` column,
 *   which is the deal's own currency, is a dimension.
 * - A column `<amount header> Currency` beside it (Salesforce report exports give every money
 *   column its own: `Amount Currency` for `Amount`, `Amount (converted) Currency` for
 *   `Amount (converted)`): that column.
 * - Salesforce's `... (converted)` with no currency column of its own: the org's (the base), and
 *   the other currency column, which belongs to the unconverted amount, is a dimension.
 * A currency chosen with --map or the config is kept. Returns whether the amount is in the base.
 */
export function settleAmountCurrency(headers: readonly string[], fields: Partial<Record<DealField, number>>, taken: Set<number>, currencyChosen: boolean): boolean {
  if (fields.amount === undefined) return false;
  const header = headers[fields.amount] ?? '';
  const key = normalizeHeader(header);
  const inCompanyCurrency = key === 'amountincompanycurrency' || key === 'amountinhomecurrency';
  const sibling = inCompanyCurrency ? -1 : headers.findIndex((other) => normalizeHeader(other) === `${key}currency`);
  // A sibling another field was mapped to (by --map) is not the amount's currency column.
  const own = sibling !== -1 && !(Object.entries(fields) as [DealField, number][]).some(([field, index]) => index === sibling && field !== 'currency') ? sibling : -1;
  const converted = /\(converted\)$/i.test(header.trim());
  if (currencyChosen) return inCompanyCurrency || (converted && own === -1);
  if (own !== -1) {
    if (fields.currency !== undefined) taken.delete(fields.currency);
    fields.currency = own;
    taken.add(own);
    return false;
  }
  if ((inCompanyCurrency || converted) && fields.currency !== undefined) {
    taken.delete(fields.currency);
    delete fields.currency;
  }
  return inCompanyCurrency || (converted && own === -1);
}

/** Default stage labels that mean won / lost when the config names none (compared normalized). */
// With the won/lost labels of German, French, Spanish, Portuguese (Brazil), Italian and Japanese
// Salesforce and Pipedrive exports (Dutch Gewonnen/Verloren are the German words); docs/inputs.md.
export const DEFAULT_WON_LABELS = [
  'Closed Won', 'closedwon', 'Won', 'Closed - Won', 'Win', 'Gewonnen', 'Geschlossen und gewonnen', 'Gagné', 'Fermée gagnée', 'Ganado', 'Ganada', 'Cerrada ganada',
  'Ganho', 'Ganha', 'Fechado/Ganho', 'Fechada ganha', 'Vinta', 'Vinto', 'Chiusa vinta', 'Chiuso vinto', '成立',
] as const;
export const DEFAULT_LOST_LABELS = [
  'Closed Lost', 'closedlost', 'Lost', 'Loss', 'Closed - Lost', 'Dead', 'Verloren', 'Geschlossen und verloren', 'Perdu', 'Perdue', 'Fermée perdue', 'Perdido',
  'Perdida', 'Cerrada perdida', 'Fechado/Perdido', 'Fechada perdida', 'Persa', 'Perso', 'Chiusa persa', 'Chiuso perso', '不成立',
] as const;

// Words that say a stage is closed. A label carrying one that is not a won or lost label
// (`Closed (Renewals)`, `Won't proceed`, `Fechado/Cancelado`) is a warning, never silently open.
const CLOSED_WORDS: ReadonlySet<string> = new Set([
  'closed', 'won', 'lost', 'win', 'loss', 'dead', 'churned', 'cancelled', 'canceled', 'disqualified', 'gewonnen', 'verloren', 'geschlossen',
  'abgeschlossen', 'gagne', 'gagnee', 'perdu', 'perdue', 'ferme', 'fermee', 'ganado', 'ganada', 'perdido', 'perdida', 'cerrado', 'cerrada',
  'fechado', 'fechada', 'ganho', 'ganha', 'chiuso', 'chiusa', 'vinto', 'vinta', 'perso', 'persa', 'gesloten', '成立', '不成立',
]);

export type StageMeaning = 'won' | 'lost' | 'open' | 'unclear';

/**
 * What a stage label says about a deal's status, given the won and lost labels (normalized):
 * the label itself, else one of its parts around a pipeline suffix or prefix
 * (`Closed Won (Renewals)`, `Won - Renewal`, `Renewals: Closed Lost`); `unclear` when it carries
 * a closed word but matches neither list; else open.
 */
export function stageMeaning(label: string, won: ReadonlySet<string>, lost: ReadonlySet<string>): StageMeaning {
  const key = normalizeHeader(label);
  if (won.has(key)) return 'won';
  if (lost.has(key)) return 'lost';
  const parts = label
    .replace(/\([^)]*\)|\[[^\]]*\]/g, '|')
    .split(/\s[-–—]\s|[:|/]/)
    .map(normalizeHeader)
    .filter((part) => part !== '');
  const meanings = new Set(parts.map((part) => (won.has(part) ? 'won' : lost.has(part) ? 'lost' : null)).filter((meaning) => meaning !== null));
  if (meanings.size === 1) return [...meanings][0] as 'won' | 'lost';
  const words = label.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}]+/u);
  return meanings.size > 1 || words.some((word) => CLOSED_WORDS.has(word)) ? 'unclear' : 'open';
}
