/**
 * CSV records from a stream of text chunks: the common case split by csvFastRecords.ts, any
 * other chunk (and the end of the file) through papaparse's parser.
 *
 * Why papaparse and not csv-parse (the design card's first choice): on 1,000,000 generated
 * deals (190 MB) csv-parse took 5.5 s of an 11 s run, papaparse 1.65 s for the same records
 * (README "Performance"). Both handle quoted fields with delimiters, doubled quotes and line
 * breaks; papaparse reports an unclosed quote as an error we locate by row.
 *
 * The chunks are fed to papaparse's core `Parser` one at a time, the unfinished last record
 * carried to the next chunk, as papaparse's own stream reader does, but without a Node stream
 * in between: the next chunk is read only when this one's records are consumed, so memory stays
 * flat however fast the file is read.
 */
import Papa from 'papaparse';
import { DealmathError } from '../model/errors.js';
import { canSplitFast, fastRecords, type FastRecords } from './csvFastRecords.js';

/**
 * Yields records in batches (one per text chunk; a blank line is `['']`). `firstRow` is the
 * spreadsheet row of the first record (1 for the header) so errors can name the row they are on.
 */
export async function* csvRecords(
  text: AsyncIterable<string>,
  options: { file: string; delimiter: string; newline: '\n' | '\r\n' | '\r'; firstRow?: number },
): AsyncGenerator<string[][]> {
  // A CRLF file is parsed by its line feeds, so a line saved with a lone LF (mixed endings) is a
  // row of its own rather than merged into the next; the CR left at the end of an unquoted last
  // cell is dropped (papaparse takes it for white space after a closing quote).
  const crlf = options.newline === '\r\n';
  const parser = new Papa.Parser({ delimiter: options.delimiter, newline: crlf ? '\n' : options.newline, quoteChar: '"' });
  let carried = '';
  let recordsSoFar = 0;
  // The common case is split without papaparse (csvFastRecords.ts); the end of the file, where
  // an unfinished record is an error to word, always goes through papaparse.
  const fast = canSplitFast(options.delimiter, crlf ? '\n' : options.newline);
  let width = 0;
  /** papaparse's records of `input` and where the unfinished one begins; a broken quote is an error at its row. */
  const papaparse = (input: string, last: boolean): FastRecords => {
    const results = parser.parse(input, 0, !last) as Papa.ParseResult<string[]>;
    const broken = results.errors.find((error) => error.code === 'MissingQuotes' || error.code === 'InvalidQuotes');
    if (broken !== undefined) {
      const row = (options.firstRow ?? 1) + recordsSoFar + (broken.row ?? 0);
      throw broken.code === 'MissingQuotes'
        ? new DealmathError('malformed-input', 'a quoted field is never closed (unbalanced " quote); expected a closing quote before the end of the file', { file: options.file, row })
        : new DealmathError('malformed-input', 'a quote inside a quoted field is not doubled (write "" for a literal quote)', { file: options.file, row });
    }
    return { records: results.data, cursor: results.meta.cursor };
  };
  const parse = (input: string, last: boolean): string[][] => {
    const { records, cursor } = (fast && !last ? fastRecords(input, options.delimiter, width) : null) ?? papaparse(input, last);
    if (crlf) dropCarriageReturns(records);
    recordsSoFar += records.length;
    if (records.length > 0) width = (records[records.length - 1] as string[]).length;
    // Not the last chunk: the record at the end may go on in the next chunk.
    carried = last ? '' : input.substring(cursor);
    return records;
  };
  for await (const chunk of text) {
    const records = parse(carried === '' ? chunk : carried + chunk, false);
    if (records.length > 0) yield records;
  }
  if (carried !== '') {
    const records = parse(carried, true);
    if (records.length > 0) yield records;
  }
}

/** The CR of a CRLF line break, left at the end of each record's last cell when parsing by LF. */
function dropCarriageReturns(records: string[][]): void {
  for (const record of records) {
    const last = record.length - 1;
    const cell = record[last];
    if (cell !== undefined && cell.charCodeAt(cell.length - 1) === 13) record[last] = cell.slice(0, -1);
  }
}
