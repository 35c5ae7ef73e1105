/**
 * Excel workbooks (.xlsx): the rows of one sheet as text cells, read with read-excel-file (chosen
 * by measurement, README "Inputs"). Loaded only when a workbook is read, so start-up does not pay
 * for it. Numbers keep their source text (a 19-digit id stays exact); date cells become
 * YYYY-MM-DD, the date as the sheet shows it.
 */
import { readFile, stat } from 'node:fs/promises';
import { DealmathError } from '../model/errors.js';

export interface WorkbookSheet {
  readonly name: string;
  readonly rows: readonly (readonly string[])[];
}

/**
 * Reads the sheet named `sheet` (default: the first) of a workbook as rows of text. A file above
 * `maxBytes` is refused (the whole sheet is held in memory, about 25 bytes per byte of workbook).
 */
export async function readWorkbookSheet(path: string, file: string, sheet: string | undefined, maxBytes: number): Promise<WorkbookSheet> {
  let bytes: Buffer;
  try {
    if ((await stat(path)).size > maxBytes) {
      throw new DealmathError('limit-exceeded', `larger than ${Math.round(maxBytes / 1_048_576)} MiB, the limit for .xlsx input; save the sheet as CSV for large data`, { file });
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof DealmathError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DealmathError(code === 'ENOENT' ? 'file-not-found' : 'unreadable', code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'unknown error'})`, { file });
  }
  // A workbook is a zip file: anything else named .xlsx is not one.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) {
    throw new DealmathError('malformed-input', 'not an Excel workbook (.xlsx files are zip archives); save it again as .xlsx or CSV', { file });
  }
  const excel = await import('read-excel-file/node');
  let data: readonly (readonly unknown[])[];
  try {
    // parseNumber keeps a number cell's text as stored: no rounding through a double.
    data = (await excel.readSheet<string>(bytes, sheet ?? 1, { parseNumber: (text: string) => text, trim: false })) as unknown as readonly (readonly unknown[])[];
  } catch (error) {
    if (error instanceof excel.SheetNotFoundError) {
      const names = await sheetNames(excel, bytes);
      throw new DealmathError('usage', `the workbook has no sheet "${sheet ?? ''}"; it has: ${names.join(', ')} (choose with --sheet NAME)`, { file });
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DealmathError('malformed-input', `not a readable Excel workbook (${message}); save it again as .xlsx or CSV`, { file });
  }
  return { name: sheet ?? '(first sheet)', rows: data.map((row) => row.map(cellText)) };
}

async function sheetNames(excel: typeof import('read-excel-file/node'), bytes: Buffer): Promise<string[]> {
  try {
    return (await excel.default(bytes)).map((entry) => entry.sheet);
  } catch {
    return [];
  }
}

/** A cell as text: empty for none, dates as YYYY-MM-DD (read back in UTC, as the library builds them). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value);
}
