/**
 * Parquet files for the default engine: the rows of a file as text cells, one row group
 * decoded at a time, read with hyparquet (pure JavaScript, no dependencies or install scripts; chosen by
 * measurement: 400,000 deals read in 3.8 s against 70 s for parquetjs-lite, docs/warehouse.md).
 * Loaded only when a .parquet file is read, so start-up does not pay for it. The rows then go
 * through the same reader as a CSV file's (column mapping, validation, rejected rows named by
 * their row number: row 1 is the file's first record). DATE cells become YYYY-MM-DD, timestamps
 * their date when at midnight UTC (ISO 8601 otherwise), integers and decimals their exact text.
 */
import { stat } from 'node:fs/promises';
import { DealmathError } from '../model/errors.js';

export interface ParquetRows {
  readonly header: readonly string[];
  /** Rows of one row group at a time (at most `batchRows` each), cells as text. */
  readonly batches: AsyncGenerator<string[][]>;
}

/** A timestamp as the text a CSV export would carry: the date alone at midnight UTC. */
function timestampText(millis: number): string {
  const date = new Date(millis);
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

const PARSERS = {
  dateFromDays: (days: number): string => new Date(days * 86_400_000).toISOString().slice(0, 10),
  timestampFromMilliseconds: (millis: bigint): string => timestampText(Number(millis)),
  timestampFromMicroseconds: (micros: bigint): string => timestampText(Number(micros / 1000n)),
  timestampFromNanoseconds: (nanos: bigint): string => timestampText(Number(nanos / 1_000_000n)),
};

/** A cell as text: empty for none; numbers and big integers exact; nested values as JSON. */
export function parquetCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return timestampText(value.getTime());
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? String(inner) : inner));
}

/** Opens a Parquet file: its top-level column names and its rows in batches. */
export async function openParquet(path: string, file: string, batchRows: number): Promise<ParquetRows> {
  const hyparquet = await import('hyparquet');
  let buffer: Awaited<ReturnType<typeof hyparquet.asyncBufferFromFile>>;
  let metadata: Awaited<ReturnType<typeof hyparquet.parquetMetadataAsync>>;
  try {
    await stat(path);
    buffer = await hyparquet.asyncBufferFromFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DealmathError(code === 'ENOENT' ? 'file-not-found' : 'unreadable', code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'unknown error'})`, { file });
  }
  try {
    metadata = await hyparquet.parquetMetadataAsync(buffer, { parsers: PARSERS });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DealmathError('malformed-input', `not a readable Parquet file (${message}); export it again as Parquet or CSV`, { file });
  }
  const header = hyparquet.parquetSchema(metadata).children.map((child) => child.element.name);
  const groups = metadata.row_groups.map((group) => Number(group.num_rows));
  async function* batches(): AsyncGenerator<string[][]> {
    let start = 0;
    for (const rows of groups) {
      // A row group is decoded whole (a part of one costs as much), then handed on in batches.
      let data: unknown[][];
      try {
        data = await new Promise<unknown[][]>((resolve, reject) => {
          hyparquet.parquetRead({ file: buffer, metadata, rowStart: start, rowEnd: start + rows, rowFormat: 'array', parsers: PARSERS, onComplete: (rowsRead: unknown[][]) => resolve(rowsRead) }).catch(reject);
        });
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new DealmathError('malformed-input', `a row group of the Parquet file cannot be read (${message})`, { file, row: start + 1 });
      }
      for (let from = 0; from < data.length; from += batchRows) {
        yield data.slice(from, from + batchRows).map((row) => row.map(parquetCellText));
      }
      start += rows;
    }
  }
  return { header, batches: batches() };
}
