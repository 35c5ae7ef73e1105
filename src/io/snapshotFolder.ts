/**
 * Snapshot files named by their dates (pipeline-2026-10-05.csv), and the ones a folder holds: a
 * module of its own, light enough for the --out guard (writeOutput.ts) to list a folder the run
 * reads without loading the readers.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseIsoDay } from '../model/calendar.js';
import type { DayNumber } from '../model/types.js';

/** `2026-10-05` or `2026_10_05` in a file name (the last one when several). */
export function dateInFileName(file: string): DayNumber | null {
  const matches = [...basename(file).matchAll(/(?<!\d)(\d{4})[-_](\d{2})[-_](\d{2})(?!\d)/g)];
  const last = matches.at(-1);
  return last === undefined ? null : parseIsoDay(`${last[1]}-${last[2]}-${last[3]}`);
}

const DATA_FILE = /\.(csv|tsv|txt|json|ya?ml|xlsx|xlsm|parquet)$/i;

/** The snapshots a folder holds: its data files with a date in their names, in order of name. */
export function snapshotFilesIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => DATA_FILE.test(name) && dateInFileName(name) !== null)
    .sort()
    .map((name) => join(folder, name));
}
