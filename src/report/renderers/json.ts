/**
 * JSON output: the command's result document as it is, with a guard that no NaN or
 * Infinity (a bug upstream) ever reaches a consumer, and -0 printed as 0.
 *
 * The text comes in pieces (`jsonChunks`) so that a document with tens of thousands of groups is
 * written as it is made, never held whole as one string (and once more as its bytes): the
 * pieces joined are exactly `JSON.stringify(document, replacer, 2)`.
 */
export const SCHEMA_VERSION = 2;

/** Arrays longer than this are written in pieces (each piece stringified whole). */
const SPLIT_ITEMS = 256;
/**
 * Items per piece of a split list: a piece of 64 groups (about 48 KB) is made and dropped in
 * the young generation; 256 (190 KB, past V8's largest regular object) went to the old one and
 * waited for a full collection (66,063 groups: peak 266 MB against 254 MB).
 */
const PIECE_ITEMS = 64;

function replacer(key: string, value: unknown): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`internal: non-finite number at "${key}" in JSON output`);
    return Object.is(value, -0) ? 0 : value;
  }
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}

/**
 * Whether the replacer would change anything in `value` (a Map, a Set, a toJSON); throws where it
 * would (a non-finite number). JSON.stringify calls a replacer for every member, which took most
 * of the time of a document with 66,000 groups; without one it writes -0 as 0 itself.
 */
function needsReplacer(value: unknown, key: string): boolean {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`internal: non-finite number at "${key}" in JSON output`);
    return false;
  }
  if (value === null || typeof value !== 'object') return false;
  if (value instanceof Map || value instanceof Set || typeof (value as { toJSON?: unknown }).toJSON === 'function') return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) if (needsReplacer(value[index], String(index))) return true;
    return false;
  }
  for (const member of Object.keys(value)) if (needsReplacer((value as Record<string, unknown>)[member], member)) return true;
  return false;
}

export function renderJson(document: unknown): string {
  let text = '';
  for (const chunk of jsonChunks(document)) text += chunk;
  return text;
}

/** The JSON text of the document in pieces, a newline at the end. */
export function* jsonChunks(document: unknown): Generator<string> {
  const root = prepared(document, '');
  if (root === undefined) throw new Error('internal: no JSON document');
  yield* valueChunks(root, '', 0);
  yield '\n';
}

/** A value as JSON.stringify sees it at `key`: toJSON, then the replacer. */
function prepared(value: unknown, key: string): unknown {
  const withJson = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON: (key: string) => unknown }).toJSON(key) : value;
  return replacer(key, withJson);
}

/**
 * The items of an array whose own indent is `indent`, as JSON.stringify writes them there
 * (separated by ",\n" and the items' indent), from one call: the array is wrapped in as many
 * one-item arrays as the indent has levels, so JSON.stringify indents the items itself, and the
 * wrapping is cut off. One call per piece instead of one per item, and no re-indenting: the
 * JSON of 66,063 groups took 271 ms of the profile instead of 390 ms.
 */
function itemsText(items: readonly unknown[], indent: string): string {
  let wrapped: unknown = items;
  for (let level = 0; level < indent.length / 2; level += 1) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each level (the wrappers and the array itself) opens with "[\n" and its children's indent,
  // and closes with "\n", its own indent and "]".
  let opening = 0;
  let closing = 0;
  for (let level = 0; level <= indent.length / 2; level += 1) {
    opening += 2 + 2 * (level + 1);
    closing += 2 + 2 * level;
  }
  return text.slice(opening, text.length - closing);
}

/** JSON.stringify leaves out object members whose value is one of these. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Whether a value is written in pieces: the document itself, a long array, and the objects on
 * the way to one (a report's section holding its groups); anything else is stringified whole.
 */
function splits(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length > SPLIT_ITEMS;
  if (depth === 0) return true;
  if (depth > 3) return false;
  for (const key in value) if (splits((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

function* valueChunks(value: unknown, indent: string, depth: number): Generator<string> {
  if (!splits(value, depth)) {
    // Stringified whole at this indent (a newline inside a JSON string is always escaped).
    const text = needsReplacer(value, '') ? JSON.stringify(value, replacer, 2) : JSON.stringify(value, null, 2);
    yield indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[';
    for (let start = 0; start < value.length; start += PIECE_ITEMS) {
      const batch = value.slice(start, start + PIECE_ITEMS);
      if (batch.some((item) => splits(item, depth + 1)) || needsReplacer(batch, '')) {
        for (let index = start; index < start + batch.length; index += 1) {
          yield `${index === 0 ? '' : ','}\n${inner}`;
          const item = prepared(value[index], String(index));
          yield* valueChunks(omitted(item) ? null : item, inner, depth + 1);
        }
      } else {
        yield `${start === 0 ? '' : ','}\n${inner}${itemsText(batch, indent)}`;
      }
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value as object)) {
    const member = prepared((value as Record<string, unknown>)[key], key);
    if (omitted(member)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* valueChunks(member, inner, depth + 1);
  }
  yield first ? '{}' : `\n${indent}}`;
}
