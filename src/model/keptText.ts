/**
 * A copy of a text that a fold keeps (a group key, a rep's or an account's name, an open deal's
 * id). A cell read from a CSV file is a slice of the text chunk it came from, and V8 keeps the
 * whole chunk (96 KB) alive for as long as the slice lives: with thousands of groups, the kept
 * keys held on to most of the file.
 *
 * V8 copies a substring shorter than 13 characters instead of slicing it (SlicedString's
 * minimum length), so such a text is kept as it is. Copying it anyway cost more than the copy:
 * JSON.parse adds a short string to V8's string table, and 280,000 distinct 9-character ids
 * (the report's open deals on 1M deals) took 570 ns each instead of 0.
 */
const SLICED_MIN_LENGTH = 13;

export function keptText(text: string): string {
  return text.length < SLICED_MIN_LENGTH ? text : (JSON.parse(JSON.stringify(text)) as string);
}
