import { describe, expect, it } from 'vitest';
import { inferColumns } from '../../src/model/columnInference.js';
import { mapColumns } from '../../src/model/mapping.js';
import { dealTypeLookup, dealTypeOf } from '../../src/model/dealType.js';

describe('deal type', () => {
  const defaults = dealTypeLookup(undefined);

  it('classes the Salesforce, HubSpot and common labels, ignoring case and punctuation', () => {
    expect(dealTypeOf('New Customer', defaults)).toBe('new-business');
    expect(dealTypeOf('newbusiness', defaults)).toBe('new-business');
    expect(dealTypeOf('Existing Business', defaults)).toBe('expansion');
    expect(dealTypeOf('Existing Customer - Upgrade', defaults)).toBe('expansion');
    expect(dealTypeOf('cross-sell', defaults)).toBe('expansion');
    expect(dealTypeOf('UPSELL', defaults)).toBe('expansion');
    expect(dealTypeOf('Existing Customer - Replacement', defaults)).toBe('renewal');
    expect(dealTypeOf(' Renewal ', defaults)).toBe('renewal');
  });

  it('keeps an unknown label as written; an empty cell is null', () => {
    expect(dealTypeOf(' Partner Referral ', defaults)).toBe('Partner Referral');
    expect(dealTypeOf('  ', defaults)).toBeNull();
    expect(dealTypeOf(null, defaults)).toBeNull();
  });

  it('a configured class replaces its labels and wins over a default of another class', () => {
    const lookup = dealTypeLookup({ renewal: ['Renewal', 'Existing Business'] });
    expect(dealTypeOf('Existing Business', lookup)).toBe('renewal');
    expect(dealTypeOf('Contract Renewal', lookup)).toBe('Contract Renewal');
    expect(dealTypeOf('Upsell', lookup)).toBe('expansion');
  });

  it('is mapped from Salesforce Type, HubSpot Deal Type, Pipedrive Deal - Type and a plain type column', () => {
    const typeHeader = (headers: string[]): string | undefined => {
      const index = mapColumns(headers).fields.type;
      return index === undefined ? undefined : headers[index];
    };
    expect(typeHeader(['Opportunity ID', 'StageName', 'Type', 'Amount'])).toBe('Type');
    expect(typeHeader(['Record ID', 'Deal Stage', 'Deal Type'])).toBe('Deal Type');
    expect(typeHeader(['Deal - ID', 'Deal - Stage', 'Deal - Type'])).toBe('Deal - Type');
    expect(typeHeader(['deal_id', 'stage', 'deal_type'])).toBe('deal_type');
  });

  it('column inference recognises a type header in other words, not a competitor type', () => {
    const rows = [
      ['1', 'Closed Won', 'Nuevo negocio', 'Vendor A'],
      ['2', 'Closed Lost', 'Renovación', 'Vendor B'],
    ];
    const inference = inferColumns(['Deal ID', 'Stage', 'Tipo de oportunidad', 'Competitor Type'], rows);
    expect(inference.guesses.filter((guess) => guess.field === 'type').map((guess) => guess.header)).toEqual(['Tipo de oportunidad']);
  });
});
