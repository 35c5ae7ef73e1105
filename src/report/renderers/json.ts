/**
 * JSON output: the command's result document as it is, with a guard that no NaN or
 * Infinity (a bug upstream) ever reaches a consumer, and -0 printed as 0.
 */
export const SCHEMA_VERSION = 2;

export function renderJson(document: unknown): string {
  return `${JSON.stringify(
    document,
    (key, value: unknown) => {
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new Error(`internal: non-finite number at "${key}" in JSON output`);
        return Object.is(value, -0) ? 0 : value;
      }
      if (value instanceof Map) return Object.fromEntries(value);
      if (value instanceof Set) return [...value];
      return value;
    },
    2,
  )}\n`;
}
