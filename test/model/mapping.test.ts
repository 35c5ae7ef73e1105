/**
 * Column mapping (src/model/mapping.ts): preset detection, every alias, overrides, dimensions.
 * The alias lists below are the contract written out again on purpose: a rename in the
 * source must show up here as a failing test.
 */
import { describe, expect, it } from 'vitest';
import { MappingError, detectPreset, mapColumns, normalizeHeader, type Preset } from '../../src/model/mapping.js';
import type { DealField } from '../../src/model/types.js';

type Aliases = Partial<Record<DealField, readonly string[]>>;

const SALESFORCE_ALIASES: Aliases = {
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
  cycleDays: ['Age'],
  type: ['Type', 'Opportunity Type'],
};

const HUBSPOT_ALIASES: Aliases = {
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

const PIPEDRIVE_ALIASES: Aliases = {
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

const GENERIC_ALIASES: Aliases = {
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

const aliasCases = (aliases: Aliases): [DealField, string][] =>
  (Object.entries(aliases) as [DealField, readonly string[]][]).flatMap(([field, names]) => names.map((name) => [field, name] as [DealField, string]));

/** `close_date` -> `closeDate`. */
const camelCase = (snake: string): string => snake.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
/** `close_date` -> `Close Date`. */
const titleCase = (snake: string): string => snake.split('_').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');

/** The header feeding a field, or undefined. */
const headerOf = (headers: readonly string[], fields: Partial<Record<DealField, number>>, field: DealField): string | undefined => {
  const index = fields[field];
  return index === undefined ? undefined : headers[index];
};

const SALESFORCE_REPORT = ['Opportunity Owner', 'Account Name', 'Opportunity Name', 'Stage', 'Amount', 'Amount Currency', 'Close Date', 'Created Date', 'Probability (%)', 'Forecast Category'];
const SALESFORCE_API = ['Id', 'Name', 'AccountId', 'StageName', 'Amount', 'CloseDate', 'CreatedDate', 'IsWon', 'IsClosed', 'OwnerId', 'Probability', 'ForecastCategoryName', 'LastActivityDate', 'LastStageChangeDate', 'CurrencyIsoCode'];
const HUBSPOT = ['Record ID', 'Deal Name', 'Deal Stage', 'Pipeline', 'Amount', 'Amount in company currency', 'Currency', 'Deal probability', 'Close Date', 'Create Date', 'Deal owner', 'Associated Company', 'Last Activity Date', 'Is Closed Won', 'Is closed lost'];
const PIPEDRIVE = ['Deal - ID', 'Deal - Title', 'Deal - Value', 'Deal - Currency of value', 'Deal - Stage', 'Deal - Status', 'Deal - Owner', 'Deal - Organization', 'Deal - Expected close date', 'Deal - Deal created', 'Deal - Won time', 'Deal - Lost time', 'Deal - Probability'];

describe('normalizeHeader', () => {
  it('folds case and punctuation so spellings of one name meet', () => {
    for (const header of ['Close Date', 'close_date', 'closeDate', 'CloseDate', ' CLOSE-DATE ', 'close.date']) {
      expect(normalizeHeader(header)).toBe('closedate');
    }
    expect(normalizeHeader('Probability (%)')).toBe('probability');
    expect(normalizeHeader('Straße Größe')).toBe('straßegröße');
  });
});

describe('detectPreset', () => {
  it.each<[string, readonly string[], Preset]>([
    ['a Salesforce report (labels)', SALESFORCE_REPORT, 'salesforce'],
    ['a Salesforce API export', SALESFORCE_API, 'salesforce'],
    ['a HubSpot export', HUBSPOT, 'hubspot'],
    ['a Pipedrive export', PIPEDRIVE, 'pipedrive'],
    ['a plain export', ['id', 'name', 'stage', 'amount', 'created', 'close'], 'generic'],
  ])('detects %s', (_label, headers, preset) => {
    expect(detectPreset(headers)).toBe(preset);
  });

  it('is not fooled by generic snake_case names that fold to CRM labels', () => {
    // deal_id ~ "Deal - ID", deal_stage ~ "Deal Stage" / "Deal - Stage", close_date ~ "CloseDate".
    expect(detectPreset(['deal_id', 'deal_name', 'deal_stage', 'deal_owner', 'amount', 'create_date', 'close_date'])).toBe('generic');
    expect(detectPreset(['Deal ID', 'Deal Name', 'Account', 'Stage', 'Amount', 'Created Date', 'Close Date'])).toBe('generic');
  });

  it('is not fooled by generic camelCase names that differ from Salesforce API names only in case', () => {
    expect(detectPreset(['dealId', 'stageName', 'amount', 'closeDate', 'isWon', 'isClosed'])).toBe('generic');
  });

  it('still recognises a minimal Salesforce API export by its exact API names', () => {
    expect(detectPreset(['Id', 'StageName', 'Amount', 'CloseDate'])).toBe('salesforce');
  });

  it('matches distinctive labels whatever their case', () => {
    expect(detectPreset(['RECORD ID', 'is closed won', 'Amount'])).toBe('hubspot');
    expect(detectPreset(['deal - title', 'deal - organization'])).toBe('pipedrive');
  });

  it('is generic for an empty header', () => {
    expect(detectPreset([])).toBe('generic');
  });
});

describe('mapColumns: every alias maps to its field', () => {
  it.each(aliasCases(SALESFORCE_ALIASES))('Salesforce: %s <- "%s"', (field, header) => {
    const headers = [header, 'Notes'];
    expect(mapColumns(headers, { preset: 'salesforce' }).fields).toEqual({ [field]: 0 });
  });

  it.each(aliasCases(HUBSPOT_ALIASES))('HubSpot: %s <- "%s"', (field, header) => {
    const headers = [header, 'Notes'];
    expect(mapColumns(headers, { preset: 'hubspot' }).fields).toEqual({ [field]: 0 });
  });

  it.each(aliasCases(PIPEDRIVE_ALIASES))('Pipedrive: %s <- "%s"', (field, header) => {
    const headers = [header, 'Notes'];
    expect(mapColumns(headers, { preset: 'pipedrive' }).fields).toEqual({ [field]: 0 });
  });

  it.each(aliasCases(GENERIC_ALIASES))('generic: %s <- "%s", in snake_case, camelCase and Title Case', (field, header) => {
    for (const spelling of [header, camelCase(header), titleCase(header), header.toUpperCase()]) {
      expect(mapColumns([spelling, 'Notes'], { preset: 'generic' }).fields, spelling).toEqual({ [field]: 0 });
    }
  });

  it('falls back to the generic names under a CRM preset', () => {
    const headers = ['Id', 'StageName', 'region', 'win_probability', 'lost_stage'];
    const { fields } = mapColumns(headers, { preset: 'salesforce' });
    expect(headerOf(headers, fields, 'probability')).toBe('win_probability');
    expect(headerOf(headers, fields, 'lostStage')).toBe('lost_stage');
  });

  it('leaves Salesforce "Stage Duration" (days in the current stage) as a dimension, not the sales cycle', () => {
    const headers = ['Opportunity ID', 'Stage', 'Stage Duration', 'Age'];
    const mapping = mapColumns(headers, { preset: 'salesforce' });
    expect(headerOf(headers, mapping.fields, 'cycleDays')).toBe('Age');
    expect(mapping.dimensions).toEqual([2]);
  });
});

describe('mapColumns: real headers end to end', () => {
  it('maps a Salesforce report', () => {
    const mapping = mapColumns(SALESFORCE_REPORT);
    expect(mapping.preset).toBe('salesforce');
    expect(mapping.fields).toEqual({
      owner: 0, account: 1, name: 2, stage: 3, amount: 4, currency: 5, close: 6, created: 7, probability: 8, forecastCategory: 9,
    });
    expect(mapping.dimensions).toEqual([]);
    expect(mapping.amountInBaseCurrency).toBe(false);
  });

  it('maps a Salesforce API export', () => {
    const mapping = mapColumns(SALESFORCE_API);
    expect(mapping.fields).toEqual({
      id: 0, name: 1, account: 2, stage: 3, amount: 4, close: 5, created: 6, isWon: 7, isClosed: 8, owner: 9,
      probability: 10, forecastCategory: 11, lastActivity: 12, stageEntered: 13, currency: 14,
    });
  });

  it('prefers "Account Name" to "Account ID" in a report that has both, and keeps the ID as a dimension', () => {
    const headers = ['Opportunity ID', 'Account ID', 'Account Name', 'Stage'];
    const mapping = mapColumns(headers);
    expect(headerOf(headers, mapping.fields, 'account')).toBe('Account Name');
    expect(mapping.dimensions).toEqual([1]);
  });

  it('maps a HubSpot export, preferring "Amount in company currency" and leaving Currency as a dimension', () => {
    const mapping = mapColumns(HUBSPOT);
    expect(mapping.preset).toBe('hubspot');
    expect(mapping.fields).toEqual({
      id: 0, name: 1, stage: 2, amount: 5, probability: 7, close: 8, created: 9, owner: 10, account: 11, lastActivity: 12, isWon: 13, isLost: 14,
    });
    expect(mapping.amountInBaseCurrency).toBe(true);
    expect(mapping.fields.currency).toBeUndefined();
    // Pipeline, Amount (in deal currency) and Currency stay as dimensions to group by.
    expect(mapping.dimensions.map((index) => HUBSPOT[index])).toEqual(['Pipeline', 'Amount', 'Currency']);
  });

  it('uses HubSpot "Amount" and "Currency" when there is no company-currency column', () => {
    const headers = ['Record ID', 'Deal Stage', 'Amount', 'Currency'];
    const mapping = mapColumns(headers);
    expect(mapping.fields).toEqual({ id: 0, stage: 1, amount: 2, currency: 3 });
    expect(mapping.amountInBaseCurrency).toBe(false);
  });

  it('keeps the HubSpot currency column mapped when an override names it', () => {
    const mapping = mapColumns(HUBSPOT, { overrides: { currency: 'Currency' } });
    expect(mapping.fields.currency).toBe(6);
    expect(mapping.amountInBaseCurrency).toBe(true);
  });

  it('maps a Pipedrive export', () => {
    const mapping = mapColumns(PIPEDRIVE);
    expect(mapping.preset).toBe('pipedrive');
    expect(mapping.fields).toEqual({
      id: 0, name: 1, amount: 2, currency: 3, stage: 4, status: 5, owner: 6, account: 7, close: 8, created: 9, wonTime: 10, lostTime: 11, probability: 12,
    });
  });

  it('does not let a misdetected preset map a generic "account_id" over "account"', () => {
    // Before detection ignored generic spellings, close_date / closeDate made this "salesforce",
    // whose account aliases put AccountId ahead of the plain account name.
    for (const headers of [
      ['deal_id', 'account', 'account_id', 'stage', 'amount', 'created_date', 'close_date'],
      ['dealId', 'account', 'accountId', 'stageName', 'amount', 'createdDate', 'closeDate'],
    ]) {
      const mapping = mapColumns(headers);
      expect(mapping.preset).toBe('generic');
      expect(mapping.fields.account).toBe(1);
      expect(mapping.dimensions).toEqual([2]);
    }
  });
});

describe('mapColumns: overrides and dimensions', () => {
  it('lets an override win over the preset', () => {
    const headers = ['Opportunity ID', 'Opportunity Name', 'Account Name', 'Stage', 'Amount', 'Expected Revenue'];
    const mapping = mapColumns(headers, { overrides: { amount: 'Expected Revenue' } });
    expect(mapping.fields.amount).toBe(5);
    // The preset's Amount column is then free, and kept as a dimension.
    expect(mapping.dimensions).toEqual([4]);
  });

  it('gives an amount chosen with --map its own currency column (Salesforce "Amount (converted) Currency"), or none for a converted amount without one', () => {
    const headers = ['Opportunity ID', 'Stage', 'Amount Currency', 'Amount', 'Amount (converted) Currency', 'Amount (converted)'];
    expect(mapColumns(headers, { overrides: { amount: 'Amount (converted)' } })).toMatchObject({ fields: { amount: 5, currency: 4 }, dimensions: [2, 3], amountInBaseCurrency: false });
    expect(mapColumns(headers, { overrides: { amount: 'Amount' } })).toMatchObject({ fields: { amount: 3, currency: 2 }, dimensions: [4, 5], amountInBaseCurrency: false });
    const bare = ['Opportunity ID', 'Stage', 'Amount Currency', 'Amount (converted)'];
    expect(mapColumns(bare, { overrides: { amount: 'Amount (converted)' } })).toMatchObject({ fields: { amount: 3 }, dimensions: [2], amountInBaseCurrency: true });
  });

  it('matches an override header case- and punctuation-insensitively', () => {
    const headers = ['id', 'Stage', 'Booked On'];
    expect(mapColumns(headers, { overrides: { close: 'booked_on' } }).fields.close).toBe(2);
  });

  it('never feeds two fields from the column an override took', () => {
    const headers = ['Opportunity ID', 'Account Name', 'Stage'];
    const mapping = mapColumns(headers, { overrides: { name: 'Account Name' } });
    expect(mapping.fields.name).toBe(1);
    expect(mapping.fields.account).toBeUndefined();
  });

  it('throws a MappingError naming an override header the file does not have', () => {
    const headers = ['id', 'stage', 'amount'];
    expect(() => mapColumns(headers, { overrides: { amount: 'Deal Value' } })).toThrow(MappingError);
    try {
      mapColumns(headers, { overrides: { amount: 'Deal Value' } });
    } catch (error) {
      expect((error as MappingError).column).toBe('Deal Value');
    }
  });

  it('ignores an override entry whose header is undefined', () => {
    const overrides = { amount: undefined } as unknown as Partial<Record<DealField, string>>;
    expect(mapColumns(['id', 'stage', 'amount'], { overrides }).fields.amount).toBe(2);
  });

  it('keeps every unmapped column as a dimension, in header order', () => {
    const headers = ['id', 'Region', 'stage', 'Segment', 'amount', 'Product Line'];
    const mapping = mapColumns(headers);
    expect(mapping.fields).toEqual({ id: 0, stage: 2, amount: 4 });
    expect(mapping.dimensions).toEqual([1, 3, 5]);
  });

  it('uses the first of two headers that fold to the same name, and keeps the other as a dimension', () => {
    const headers = ['Close Date', 'close_date', 'stage'];
    const mapping = mapColumns(headers);
    expect(mapping.fields.close).toBe(0);
    expect(mapping.dimensions).toEqual([1]);
  });

  it('keeps no dimension for an empty header', () => {
    expect(mapColumns(['id', '', 'stage']).dimensions).toEqual([]);
  });
});
