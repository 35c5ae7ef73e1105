/**
 * The one error type dealmath raises for bad input or usage. Built where input is read;
 * only the CLI entry catches it and prints `message` as one line.
 */

/** Exit codes (README "Exit codes"): 0 ok, 1 a requested check failed, 2 could not run. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_CANNOT_RUN = 2;

export type ErrorCode =
  | 'usage'
  | 'file-not-found'
  | 'unreadable'
  | 'malformed-input'
  | 'bad-config'
  | 'bad-mapping'
  | 'empty-input'
  /**
   * Well formed, and no record in it: an empty JSON or YAML list. A side input (reps, accounts)
   * cannot run (exit 2); a deals file is refused as data with no usable row (exit 1), as a CSV
   * header with no rows is.
   */
  | 'no-records'
  | 'limit-exceeded'
  | 'missing-input'
  | 'mixed-currency'
  /** The input was read but the data is refused: no usable row, or more rejected than --max-rejected (exit 1). */
  | 'data-refused'
  | 'internal';

/** The exit code of an error: 1 when the data was read and refused, 2 when dealmath could not run. */
export function exitCodeOf(error: DealmathError): number {
  return error.code === 'data-refused' ? EXIT_CHECK_FAILED : EXIT_CANNOT_RUN;
}

export interface ErrorLocation {
  readonly file?: string | undefined;
  readonly row?: number | undefined;
  readonly column?: string | undefined;
}

export class DealmathError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;

  constructor(code: ErrorCode, detail: string, location: ErrorLocation = {}) {
    super(formatLocated(detail, location));
    this.name = 'DealmathError';
    this.code = code;
    this.file = location.file;
    this.row = location.row;
    this.column = location.column;
  }
}

/** `file.csv, row 12, column "Amount": detail`: the one-line form of every located message. */
export function formatLocated(detail: string, location: ErrorLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(location.file);
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.column !== undefined) parts.push(`column "${location.column}"`);
  return parts.length === 0 ? detail : `${parts.join(', ')}: ${detail}`;
}
