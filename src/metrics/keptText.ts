/**
 * A copy of a text that a fold keeps (a group key, a rep's or an account's name). A cell read
 * from a CSV file is a slice of the text chunk it came from, and V8 keeps the whole chunk (96 KB)
 * alive for as long as the slice lives: with thousands of groups, the kept keys held on to most
 * of the file. Called once per new key, never per row.
 */
export function keptText(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
