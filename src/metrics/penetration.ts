/**
 * Account penetration (METRICS.md "Retention and concentration"): the products (or the values of
 * any column) an account has won, and the white space: the products offered (config, or the
 * account's plan) it has not bought. Penetration = products bought among those offered / products
 * offered. Products are matched ignoring case and surrounding spaces; a product bought that is not
 * offered counts as bought, not in penetration.
 * Edge cases: no products offered gives penetration n/a (reason `no-products-offered`).
 *
 * @example penetration(['CRM', 'Analytics'], ['CRM', 'Analytics', 'Billing', 'Support'])
 *   // { bought: ['Analytics', 'CRM'], offeredBought: 2, penetration 0.5, whiteSpace: ['Billing', 'Support'] }
 */
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';

export interface PenetrationResult {
  /** Products won, as first written, sorted. */
  readonly bought: readonly string[];
  readonly offered: number;
  /** Products offered that were bought. */
  readonly offeredBought: number;
  readonly penetration: Figure;
  /** Products offered not bought, in offer order. */
  readonly whiteSpace: readonly string[];
}

export function penetration(bought: Iterable<string>, offered: readonly string[]): PenetrationResult {
  const boughtByKey = new Map<string, string>();
  for (const product of bought) {
    const trimmed = product.trim();
    if (trimmed !== '' && !boughtByKey.has(trimmed.toLowerCase())) boughtByKey.set(trimmed.toLowerCase(), trimmed);
  }
  const offeredKeys = new Map<string, string>();
  for (const product of offered) {
    const trimmed = product.trim();
    if (trimmed !== '' && !offeredKeys.has(trimmed.toLowerCase())) offeredKeys.set(trimmed.toLowerCase(), trimmed);
  }
  const whiteSpace = [...offeredKeys.entries()].filter(([key]) => !boughtByKey.has(key)).map(([, product]) => product);
  const offeredBought = offeredKeys.size - whiteSpace.length;
  return {
    bought: [...boughtByKey.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    offered: offeredKeys.size,
    offeredBought,
    penetration: offeredKeys.size === 0 ? na('no-products-offered') : known(offeredBought / offeredKeys.size),
    whiteSpace,
  };
}
