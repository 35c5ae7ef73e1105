/**
 * Column inference, stage meanings and stage order (issue 13, part A). Expected mappings are
 * the columns a person maps by hand on the same headers; values are read off the rows below.
 */
import { describe, expect, it } from 'vitest';
import { describeUndecided, headerWords, inferColumns, requireDecided } from '../../src/model/columnInference.js';
import { DealmathError } from '../../src/model/errors.js';
import { DEFAULT_LOST_LABELS, DEFAULT_WON_LABELS, normalizeHeader, stageMeaning } from '../../src/model/mapping.js';
import { inferStageOrder } from '../../src/model/stageOrder.js';

const CRM_SAMPLE_HEADERS = ['opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage', 'engage_date', 'close_date', 'close_value'];
const CRM_SAMPLE_ROWS = [
  ['7QX2KD1A', 'Hana Okafor', 'GTX Basic', 'Brightline', 'Won', '2017-01-04', '2017-02-20', '550'],
  ['2MV8TQ5C', 'Hana Okafor', 'MG Special', 'Dunmore', 'Lost', '2017-01-12', '2017-02-02', '0'],
  ['9SK5JK5M', 'Ravi Menon', 'GTX Pro', 'Glenholt', 'Engaging', '2017-03-05', '', ''],
  ['6VN4VB2Q', 'Mira Castell', 'GTX Basic', 'Harrow & Co', 'Prospecting', '', '', ''],
];

const WIN_LOSS_HEADERS = [
  'Opportunity Number', 'Supplies Subgroup', 'Supplies Group', 'Region', 'Route To Market', 'Elapsed Days In Sales Stage', 'Opportunity Result',
  'Sales Stage Change Count', 'Total Days Identified Through Closing', 'Total Days Identified Through Qualified', 'Opportunity Amount USD',
  'Client Size By Revenue', 'Client Size By Employee Count', 'Revenue From Client Past Two Years', 'Competitor Type',
  'Ratio Days Identified To Total Days', 'Ratio Days Validated To Total Days', 'Ratio Days Qualified To Total Days', 'Deal Size Category',
];
const WIN_LOSS_ROWS = [
  ['5100201', 'Exterior Accessories', 'Car Accessories', 'Northwest', 'Fields Sales', '76', 'Won', '13', '104', '101', '0', '5', '5', '0', 'Unknown', '0.69636', '0.113985', '0.154215', '1'],
  ['5100202', 'Exterior Accessories', 'Car Accessories', 'Pacific', 'Reseller', '63', 'Loss', '2', '163', '163', '0', '3', '5', '0', 'Unknown', '0', '1', '0', '1'],
  ['5100203', 'Motorcycle Parts', 'Performance & Non-auto', 'Pacific', 'Reseller', '24', 'Won', '7', '82', '82', '7750', '1', '1', '0', 'Unknown', '1', '0', '0', '1'],
];

/** The header a field was mapped to, if any. */
const header = (inference: ReturnType<typeof inferColumns>, field: string): string | undefined => inference.guesses.find((guess) => guess.field === field)?.header;

describe('headerWords', () => {
  it('splits camelCase and punctuation, lower-cases and drops accents', () => {
    expect(headerWords('Date de création')).toBe('date de creation');
    expect(headerWords('closeValue')).toBe('close value');
    expect(headerWords('Verkäufer')).toBe('verkaufer');
  });
});

describe('inferColumns: public dataset headers', () => {
  it('maps the CRM opportunities sample as by hand: sales_agent, engage_date, close_value (before: dimensions)', () => {
    const inference = inferColumns(CRM_SAMPLE_HEADERS, CRM_SAMPLE_ROWS);
    expect(header(inference, 'owner')).toBe('sales_agent');
    expect(header(inference, 'created')).toBe('engage_date');
    expect(header(inference, 'amount')).toBe('close_value');
    expect(header(inference, 'close')).toBe('close_date');
    expect(header(inference, 'id')).toBe('opportunity_id');
    expect(inference.undecided).toEqual([]);
    const amount = inference.guesses.find((guess) => guess.field === 'amount');
    expect(amount).toMatchObject({ confidence: 'high', source: 'words' });
    // 2 of the 4 rows have a value: the evidence counts them.
    expect(amount?.evidence).toContain('2 of 2 sampled values are amounts');
    expect(inference.mapping.dimensions).toEqual([2]);
  });

  it('maps the win/loss sample: Opportunity Number (id), Opportunity Result (status), Opportunity Amount USD (amount), and no count or ratio column', () => {
    const inference = inferColumns(WIN_LOSS_HEADERS, WIN_LOSS_ROWS);
    expect(header(inference, 'id')).toBe('Opportunity Number');
    expect(header(inference, 'status')).toBe('Opportunity Result');
    expect(header(inference, 'amount')).toBe('Opportunity Amount USD');
    // Numeric columns whose headers mention stage, closing or client are not the stage, close or account.
    for (const field of ['stage', 'close', 'account', 'created', 'owner']) expect(header(inference, field), field).toBeUndefined();
    expect(inference.undecided).toEqual([]);
  });

  it('reads German, French and Spanish labels', () => {
    const rows = [['Anna Schmidt', '20000', '27.02.2026', '15.01.2026', 'Gewonnen']];
    expect(header(inferColumns(['Verkäufer', 'Betrag', 'Schlusstermin', 'Erstellt am', 'Phase'], rows), 'owner')).toBe('Verkäufer');
    const french = inferColumns(['Propriétaire', 'Montant', 'Date de clôture', 'Date de création', 'Étape'], rows);
    expect([header(french, 'owner'), header(french, 'amount'), header(french, 'close'), header(french, 'created'), header(french, 'stage')]).toEqual([
      'Propriétaire', 'Montant', 'Date de clôture', 'Date de création', 'Étape',
    ]);
    const spanish = inferColumns(['Propietario', 'Importe', 'Fecha de cierre', 'Fecha de creación', 'Etapa'], rows);
    expect([header(spanish, 'owner'), header(spanish, 'amount'), header(spanish, 'close'), header(spanish, 'created'), header(spanish, 'stage')]).toEqual([
      'Propietario', 'Importe', 'Fecha de cierre', 'Fecha de creación', 'Etapa',
    ]);
  });

  it('recognises Pipedrive labels without the "Deal - " prefix: Deal created, Won time, Lost time', () => {
    const rows = [['48000', '2025-11-14 09:12:44', '2026-02-27 16:40:02', '', '85']];
    const inference = inferColumns(['Value', 'Deal created', 'Won time', 'Lost time', 'Weighted value'], rows);
    expect(header(inference, 'created')).toBe('Deal created');
    expect(header(inference, 'wonTime')).toBe('Won time');
    expect(header(inference, 'lostTime')).toBe('Lost time');
    expect(header(inference, 'amount')).toBe('Value');
  });
});

describe('inferColumns: values decide, and unsure guesses are not used', () => {
  it('a header that names a field but whose values do not fit is left a dimension', () => {
    const inference = inferColumns(['id', 'stage', 'Close Plan'], [['1', 'Won', 'call the CFO'], ['2', 'Lost', 'send quote']]);
    expect(inference.mapping.fields.close).toBeUndefined();
  });

  it('two columns that name the amount equally well are a conflict with both --map lines', () => {
    const inference = inferColumns(['id', 'stage', 'Amount (net)', 'Amount (gross)'], [['1', 'Won', '100', '119']]);
    expect(inference.mapping.fields.amount).toBeUndefined();
    expect(inference.undecided).toMatchObject([{ field: 'amount', reason: 'conflict' }]);
    const line = describeUndecided(inference.undecided[0] as never);
    expect(line).toContain('--map amount="Amount (net)" or --map amount="Amount (gross)"');
    expect(() => requireDecided(inference, 'deals.csv')).toThrow(DealmathError);
  });

  it('amounts with a decimal comma under an amount header are the amount, read under the separator they prove (before: a dimension)', () => {
    // Cells of the QA report's eu.csv: under "." only 1.000 reads, under "," all do.
    const rows = [['E1', 'Gewonnen', '12.500,50'], ['E2', 'Verloren', '2.000,00'], ['E4', 'Gewonnen', '999,99'], ['E5', 'Angebot', '1.000']];
    const inference = inferColumns(['ID', 'Phase', 'Betrag'], rows);
    expect(header(inference, 'amount')).toBe('Betrag');
    expect(inference.guesses.find((guess) => guess.field === 'amount')?.evidence).toBe(
      'header words name amount; 4 of 4 sampled values are amounts (e.g. "12.500,50"), decimal "," as "12.500,50" shows',
    );
    const french = inferColumns(['id', 'stage', 'montant'], [['F1', 'Won', '1 200,50 €'], ['F2', 'Lost', '300 €']]);
    expect(header(french, 'amount')).toBe('montant');
    expect(french.undecided).toEqual([]);
  });

  it('amounts that read only under the other separator than the one set are a blocking guess naming --decimal, not a dimension', () => {
    const rows = [['E1', 'Gewonnen', '12.500,50'], ['E2', 'Verloren', '2.000,00'], ['E4', 'Gewonnen', '999,99']];
    const inference = inferColumns(['ID', 'Phase', 'Betrag'], rows, { decimal: '.' });
    expect(inference.mapping.fields.amount).toBeUndefined();
    expect(inference.undecided).toMatchObject([{ field: 'amount', reason: 'low-confidence', blocking: true }]);
    expect(() => requireDecided(inference, 'eu.csv')).toThrow(/but the decimal is set to "\.": pass --decimal , \(config decimal\)/);
    // Under the separator they show, the same cells are the amount.
    expect(header(inferColumns(['ID', 'Phase', 'Betrag'], rows, { decimal: ',' }), 'amount')).toBe('Betrag');
  });

  it('a column whose values mostly but not all fit is low confidence: the command stops with the --map line', () => {
    const rows = [['1', 'Won', '100'], ['2', 'Lost', '200'], ['3', 'Won', 'tbd'], ['4', 'Won', '50']];
    const inference = inferColumns(['id', 'stage', 'Betrag'], rows);
    expect(inference.undecided).toMatchObject([{ field: 'amount', reason: 'low-confidence' }]);
    expect(() => requireDecided(inference, 'deals.csv')).toThrow(/--map amount="Betrag"/);
  });

  it('won/lost values under a header that does not say status are only a suggestion', () => {
    const inference = inferColumns(['id', 'Flag'], [['1', 'Won'], ['2', 'Lost']]);
    expect(inference.mapping.fields.status).toBeUndefined();
    expect(inference.undecided).toMatchObject([{ field: 'status', reason: 'low-confidence', candidates: [{ header: 'Flag', source: 'values' }] }]);
  });

  it('an unsure id is shown but does not stop the command: rows get row-number ids as before', () => {
    const rows = [['1', 'Won', 'x'], ['2', 'Lost', 'x'], ['3', 'Won', 'y'], ['4', 'Won', 'z']];
    const inference = inferColumns(['Ref', 'stage', 'Deal No'], rows);
    expect(inference.undecided).toMatchObject([{ field: 'id', reason: 'low-confidence', blocking: false }]);
    expect(() => requireDecided(inference, 'deals.csv')).not.toThrow();
    expect(inference.mapping.fields.id).toBeUndefined();
    // "Number of ..." is a count, not an id.
    expect(inferColumns(['stage', 'Number of products'], [['Won', '1'], ['Lost', '2']]).undecided).toEqual([]);
  });

  it('an explicit --map wins and is said so', () => {
    const inference = inferColumns(['id', 'stage', 'Amount (net)', 'Amount (gross)'], [['1', 'Won', '100', '119']], { overrides: { amount: 'Amount (gross)' } });
    expect(inference.mapping.fields.amount).toBe(3);
    expect(inference.undecided).toEqual([]);
    expect(inference.guesses.find((guess) => guess.field === 'amount')?.source).toBe('map');
  });

  it('an empty column is mapped only where empties are harmless: Lost time yes, an id or a status no', () => {
    const inference = inferColumns(['Opportunity Number', 'stage', 'Opportunity Result', 'Lost time'], [['', 'Won', '', ''], ['', 'Lost', '', '']]);
    expect(inference.mapping.fields).toEqual({ stage: 1, lostTime: 3 });
  });

  it('keeps up to three sample values per column', () => {
    const inference = inferColumns(['id', 'stage'], [['1', 'Won'], ['2', 'Won'], ['3', 'Lost'], ['4', 'Open'], ['5', 'Open']]);
    expect(inference.samples).toEqual([['1', '2', '3'], ['Won', 'Lost', 'Open']]);
  });
});

describe('inferColumns: two columns that could be one field stop the command, unless one ranks above', () => {
  const candidatesOf = (inference: ReturnType<typeof inferColumns>, field: string) =>
    inference.undecided.filter((entry) => entry.field === field).map((entry) => ({ reason: entry.reason, blocking: entry.blocking, headers: entry.candidates.map((candidate) => candidate.header) }));

  it('the same header twice is a conflict for the amount (before: the first silently, 100 of 100 and 999)', () => {
    // The reader names the second `amount (2)` (table.ts).
    const inference = inferColumns(['id', 'stage', 'amount', 'created', 'close', 'amount (2)'], [['1', 'Closed Won', '100', '2026-01-01', '2026-02-01', '999']]);
    expect(inference.mapping.fields.amount).toBeUndefined();
    expect(candidatesOf(inference, 'amount')).toEqual([{ reason: 'conflict', blocking: true, headers: ['amount', 'amount (2)'] }]);
    expect(() => requireDecided(inference, 'dh.csv')).toThrow('2 columns could be the amount: "amount" (a generic column name), "amount (2)" (the same column name as "amount"); choose with --map amount="amount" or --map amount="amount (2)"');
    // Either --map settles it.
    expect(inferColumns(['id', 'stage', 'amount', 'amount (2)'], [['1', 'Won', '100', '999']], { overrides: { amount: 'amount (2)' } }).mapping.fields.amount).toBe(3);
    expect(inferColumns(['id', 'stage', 'amount', 'amount (2)'], [['1', 'Won', '100', '999']], { overrides: { amount: 'amount' } }).undecided).toEqual([]);
  });

  it('two close dates, two ids, and headers that fold to one name are conflicts too, blocking even for the id', () => {
    const rows = [['1', 'Won', '100', '2026-02-01', '2026-03-01']];
    expect(candidatesOf(inferColumns(['id', 'stage', 'amount', 'Close Date', 'Close Date (2)'], rows), 'close')).toEqual([{ reason: 'conflict', blocking: true, headers: ['Close Date', 'Close Date (2)'] }]);
    expect(candidatesOf(inferColumns(['id', 'stage', 'amount', 'Close Date', 'CloseDate'], rows), 'close')).toEqual([{ reason: 'conflict', blocking: true, headers: ['Close Date', 'CloseDate'] }]);
    expect(candidatesOf(inferColumns(['id', 'stage', 'amount', 'close', 'id (2)'], [['1', 'Won', '100', '2026-02-01', '7']]), 'id')).toEqual([{ reason: 'conflict', blocking: true, headers: ['id', 'id (2)'] }]);
    // A header that merely ends in a number in brackets, with no header before it of that name, is its own name.
    expect(inferColumns(['id', 'stage', 'Amount (2)'], [['1', 'Won', '100']]).undecided).toEqual([]);
  });

  it('account_name beside account_id is no tie: the name is the account, the id a dimension (was refused as 2 columns for the account)', () => {
    const headers = ['deal_id', 'account_id', 'deal_name', 'account_name', 'owner', 'stage', 'amount', 'created_at', 'closed_at'];
    const inference = inferColumns(headers, [['1', 'A-1', 'Big deal', 'Acme', 'Ann', 'Closed Won', '100', '2026-01-01', '2026-02-01']]);
    expect(inference.undecided).toEqual([]);
    expect(inference.mapping.fields.account).toBe(3);
    expect(inference.mapping.dimensions).toContain(1);
    // Two names still tie: account_name beside customer.
    expect(candidatesOf(inferColumns(['id', 'stage', 'amount', 'account_name', 'customer'], [['1', 'Won', '1', 'Acme', 'Acme Corp']]), 'account')).toEqual([{ reason: 'conflict', blocking: true, headers: ['account_name', 'customer'] }]);
  });

  it('a generic synonym against header words that name the field as well is a conflict (before: Deal Amount silently)', () => {
    const inference = inferColumns(['id', 'stage', 'Deal Amount', 'Opportunity Amount', 'created', 'close'], [['1', 'Closed Won', '100', '999', '2026-01-01', '2026-02-01']]);
    expect(candidatesOf(inference, 'amount')).toEqual([{ reason: 'conflict', blocking: true, headers: ['Deal Amount', 'Opportunity Amount'] }]);
    expect(() => requireDecided(inference, 'twoamt.csv')).toThrow('choose with --map amount="Deal Amount" or --map amount="Opportunity Amount"');
    // Two synonyms of the same field.
    expect(candidatesOf(inferColumns(['id', 'stage', 'value', 'deal_value'], [['1', 'Won', '100', '999']]), 'amount')).toEqual([{ reason: 'conflict', blocking: true, headers: ['value', 'deal_value'] }]);
    expect(candidatesOf(inferColumns(['id', 'stage', 'amount', 'close_date', 'expected_close_date'], [['1', 'Won', '1', '2026-02-01', '2026-03-01']]), 'close')).toEqual([{ reason: 'conflict', blocking: true, headers: ['close_date', 'expected_close_date'] }]);
  });

  it('a column that ranks above wins as before: the field\'s own name, a preset name, a synonym over weaker header words', () => {
    const own = inferColumns(['id', 'stage', 'amount', 'Opportunity Amount'], [['1', 'Won', '100', '999']]);
    expect([own.mapping.fields.amount, own.undecided]).toEqual([2, []]);
    const hubspot = inferColumns(['Record ID', 'Deal Stage', 'Amount', 'Amount in company currency'], [['1', 'closedwon', '100', '110']]);
    expect([hubspot.mapping.fields.amount, hubspot.undecided]).toEqual([3, []]);
    // `account_name` names the deal name by one word; `deal_name` by the whole header.
    const names = inferColumns(['deal_id', 'deal_name', 'stage', 'account_name'], [['1', 'Renewal', 'Won', 'Acme']], { overrides: { account: 'stage' } });
    expect([names.mapping.fields.name, names.undecided]).toEqual([1, []]);
  });
});

describe('inferColumns: weighted amounts are never the amount', () => {
  it('HubSpot\'s Forecast amount and Projected amount stay dimensions (before: "header words name amount"), and --map still takes them', () => {
    for (const weighted of ['Forecast amount', 'Projected amount', 'Projected amount in company currency', 'Weighted value']) {
      const inference = inferColumns(['Record ID', 'Deal Stage', weighted, 'Close Date'], [['1', 'closedwon', '250', '2026-02-01']]);
      expect([weighted, inference.mapping.fields.amount, inference.mapping.dimensions, inference.undecided]).toEqual([weighted, undefined, [2], []]);
      expect(inferColumns(['Record ID', 'Deal Stage', weighted], [['1', 'closedwon', '250']], { overrides: { amount: weighted } }).mapping.fields.amount).toBe(2);
    }
  });
});

describe('inferColumns: the currency of Salesforce\'s converted amount', () => {
  const HEADERS = ['Opportunity ID', 'Stage', 'Amount Currency', 'Amount', 'Amount (converted) Currency', 'Amount (converted)', 'Close Date'];
  const ROWS = [['0061', 'Closed Won', 'EUR', '1000', 'USD', '1100', '2026-02-01']];

  it('--map amount="Amount (converted)" reads its own currency column, not Amount Currency (before: converted twice)', () => {
    const inference = inferColumns(HEADERS, ROWS, { overrides: { amount: 'Amount (converted)' } });
    expect(inference.mapping.fields).toMatchObject({ amount: 5, currency: 4 });
    expect(inference.mapping.amountInBaseCurrency).toBe(false);
    expect(inference.mapping.dimensions).toEqual([2, 3]);
    expect(inference.guesses.find((guess) => guess.field === 'currency')?.evidence).toBe('the currency column of "Amount (converted)"');
    // The plain Amount keeps Amount Currency, as before.
    expect(inferColumns(HEADERS, ROWS).mapping.fields).toMatchObject({ amount: 3, currency: 2 });
  });

  it('a converted amount with no currency column of its own is in the base currency, the other currency column a dimension', () => {
    const headers = ['Opportunity ID', 'Stage', 'Amount Currency', 'Amount (converted)', 'Close Date'];
    const rows = [['0061', 'Closed Won', 'EUR', '1100', '2026-02-01']];
    for (const inference of [inferColumns(headers, rows, { overrides: { amount: 'Amount (converted)' } }), inferColumns(headers, rows)]) {
      expect(inference.mapping.fields.amount).toBe(3);
      expect(inference.mapping.fields.currency).toBeUndefined();
      expect(inference.mapping.amountInBaseCurrency).toBe(true);
      expect(inference.mapping.dimensions).toEqual([2]);
    }
    // A currency chosen with --map is kept (and, as for HubSpot's company currency, not applied to an amount already in the base).
    expect(inferColumns(headers, rows, { overrides: { currency: 'Amount Currency' } }).mapping).toMatchObject({ fields: { currency: 2 }, amountInBaseCurrency: true });
  });
});

describe('stageMeaning', () => {
  const won = new Set(DEFAULT_WON_LABELS.map(normalizeHeader));
  const lost = new Set(DEFAULT_LOST_LABELS.map(normalizeHeader));
  it.each([
    ['Closed Won (Renewals)', 'won'],
    ['Closed Lost (Renewals)', 'lost'],
    ['closedwon', 'won'],
    ['Won - Renewal', 'won'],
    ['Renewals: Closed Lost', 'lost'],
    ['Geschlossen und gewonnen', 'won'],
    ['Closed (Renewals)', 'unclear'],
    ['Closed Won / Closed Lost', 'unclear'],
    ['Contract Sent (Renewals)', 'open'],
    ['Proposal/Price Quote', 'open'],
  ] as const)('%s is %s', (label, meaning) => {
    expect(stageMeaning(label, won, lost)).toBe(meaning);
  });
});

describe('inferStageOrder', () => {
  it('orders HubSpot stages, pipeline suffixes and all, by the standard pipeline', () => {
    const order = inferStageOrder([
      { label: 'Contract Sent (Renewals)', probabilities: [] },
      { label: 'Appointment Scheduled', probabilities: [] },
      { label: 'qualifiedtobuy', probabilities: [] },
    ]);
    expect(order).toMatchObject({ source: 'hubspot', open: ['Appointment Scheduled', 'qualifiedtobuy', 'Contract Sent (Renewals)'] });
  });

  it('orders Salesforce stages by the standard pipeline', () => {
    const order = inferStageOrder([{ label: 'Negotiation/Review', probabilities: [] }, { label: 'Prospecting', probabilities: [] }]);
    expect(order).toMatchObject({ source: 'salesforce', open: ['Prospecting', 'Negotiation/Review'] });
  });

  it('orders other stages by their median CRM probability, and refuses ties or missing probabilities', () => {
    const order = inferStageOrder([
      { label: 'Angebot', probabilities: [0.6, 0.75, 0.75] },
      { label: 'Erstkontakt', probabilities: [0.1] },
      { label: 'Verhandlung', probabilities: [0.9] },
    ]);
    expect(order).toMatchObject({ source: 'probability', open: ['Erstkontakt', 'Angebot', 'Verhandlung'] });
    expect(order?.reason).toContain('Erstkontakt 10%, Angebot 75%, Verhandlung 90%');
    expect(inferStageOrder([{ label: 'A', probabilities: [0.5] }, { label: 'B', probabilities: [0.5] }])).toBeNull();
    expect(inferStageOrder([{ label: 'A', probabilities: [0.5] }, { label: 'B', probabilities: [] }])).toBeNull();
  });
});
