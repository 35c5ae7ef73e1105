/**
 * Deal type (METRICS.md "Retention and concentration"): new business, expansion (upsell,
 * cross-sell, existing business) or renewal, from a type column (Salesforce `Type`, HubSpot
 * `Deal Type`, a Pipedrive custom field). Labels are matched ignoring case and punctuation
 * (HubSpot's internal `newbusiness` is `New Business`); the config's `dealTypes` replaces a
 * class's labels. A label in no class is kept as written, so it stays visible in `--by type`.
 */
import { normalizeHeader } from './mapping.js';

export const DEAL_TYPES = ['new-business', 'expansion', 'renewal'] as const;
export type DealType = (typeof DEAL_TYPES)[number];

/** The config keys of the classes (camelCase, as every config key). */
export const DEAL_TYPE_KEYS = { newBusiness: 'new-business', expansion: 'expansion', renewal: 'renewal' } as const satisfies Record<string, DealType>;

export type DealTypeLabels = { readonly [key in keyof typeof DEAL_TYPE_KEYS]?: readonly string[] | undefined };

/**
 * Default labels. Salesforce's standard picklist: New Customer; Existing Customer - Upgrade
 * (expansion); Existing Customer - Replacement and - Downgrade (the contract renewed, at the same
 * or a lower value: renewal). HubSpot: New Business, Existing Business (expansion).
 */
export const DEFAULT_DEAL_TYPE_LABELS: Readonly<Record<keyof typeof DEAL_TYPE_KEYS, readonly string[]>> = {
  newBusiness: ['New Business', 'New', 'New Customer', 'New Logo', 'Net New', 'Acquisition', 'Neugeschäft', 'Nouvelle affaire', 'Nuevo negocio'],
  expansion: [
    'Expansion', 'Existing Business', 'Existing Customer', 'Existing Customer - Upgrade', 'Upsell', 'Up-sell', 'Cross-sell', 'Cross sell', 'Add-on',
    'Upgrade', 'Bestandsgeschäft',
  ],
  renewal: ['Renewal', 'Renewals', 'Contract Renewal', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'Verlängerung', 'Renouvellement', 'Renovación'],
};

/** The label -> class lookup of a config (normalised labels). */
export function dealTypeLookup(configured: DealTypeLabels | undefined): ReadonlyMap<string, DealType> {
  const lookup = new Map<string, DealType>();
  for (const [key, type] of Object.entries(DEAL_TYPE_KEYS) as [keyof typeof DEAL_TYPE_KEYS, DealType][]) {
    for (const label of configured?.[key] ?? DEFAULT_DEAL_TYPE_LABELS[key]) {
      const normalized = normalizeHeader(label);
      // A configured label wins over a default one of another class.
      if (configured?.[key] !== undefined || !lookup.has(normalized)) lookup.set(normalized, type);
    }
  }
  return lookup;
}

/**
 * A type cell's class, else the label as written (trimmed); null when empty.
 * @example dealTypeOf('Existing Customer - Upgrade', dealTypeLookup(undefined)) // 'expansion'
 */
export function dealTypeOf(raw: string | null, lookup: ReadonlyMap<string, DealType>): string | null {
  if (raw === null) return null;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  return lookup.get(normalizeHeader(trimmed)) ?? trimmed;
}

/** Whether a type is an existing customer's (expansion or renewal). */
export function isExistingCustomerType(type: string | null): boolean {
  return type === 'expansion' || type === 'renewal';
}
