/**
 * Hands a command's result to the renderer picked by --format and writes it (stdout or --out).
 */
import { Chalk } from 'chalk';
import { writeOutput } from '../io/writeOutput.js';
import { renderCsvDocument } from '../report/renderers/csv.js';
import { jsonChunks, renderJson } from '../report/renderers/json.js';
import { renderMarkdownDocument } from '../report/renderers/markdown.js';
import { renderTableDocument, type Painter } from '../report/renderers/table.js';
import type { DocumentView } from '../report/view.js';
import { presentDocument } from '../report/document.js';
import { outputFormat, useColour, type CommonFlags, type Format, type Terminal } from './context.js';

export interface Rendered {
  /** The command's JSON document (schemaVersion, command, ...). */
  readonly json: unknown;
  /** What people see: tables, Markdown, CSV, HTML. */
  readonly view: () => DocumentView;
}

/** Optional renderers registered by format (HTML lives apart to keep start-up light). */
export type ExtraRenderer = (document: DocumentView, json: unknown) => string;

export async function emit(result: Rendered, flags: CommonFlags, terminal: Terminal, options: { formats?: readonly Format[]; html?: ExtraRenderer } = {}): Promise<void> {
  const format = outputFormat(flags, options.formats);
  // JSON goes out in pieces as it is made: a document of many groups is never one string.
  const text = format === 'json' ? jsonChunks(result.json) : render(result, format, flags, terminal, options.html);
  await writeOutput(text, flags.out, terminal.stdout);
}

export function render(result: Rendered, format: Format, flags: CommonFlags, terminal: Terminal, html?: ExtraRenderer): string {
  // Currency in money headers and the provenance footer, from the JSON header: every format says the same.
  const view = (): DocumentView => presentDocument(result.view(), result.json);
  switch (format) {
    case 'json':
      return renderJson(result.json);
    case 'csv':
      return renderCsvDocument(view());
    case 'md':
      return renderMarkdownDocument(view());
    case 'html':
      // outputFormat lets html through only for the command that passes its renderer.
      if (html === undefined) throw new Error('internal: no HTML renderer for this command');
      return html(view(), result.json);
    default: {
      const colour = useColour(flags, terminal, format);
      const charts = flags.chart === true || (terminal.stdoutIsTTY && (flags.out === undefined || flags.out === '-'));
      return renderTableDocument(view(), { painter: colour ? chalkPainter() : undefined, charts, width: outputWidth(terminal) });
    }
  }
}

/** Columns a table must fit: COLUMNS when set, else the terminal's width, else 80 (a pipe or a file). */
export function outputWidth(terminal: Terminal): number {
  const fromEnv = Number(terminal.env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv >= 40) return fromEnv;
  const columns = (terminal.stdout as { columns?: unknown }).columns;
  if (terminal.stdoutIsTTY && typeof columns === 'number' && columns >= 40) return columns;
  return 80;
}

function chalkPainter(): Painter {
  const chalk = new Chalk({ level: 1 });
  return { bold: (text) => chalk.bold(text), dim: (text) => chalk.dim(text), warn: (text) => chalk.yellow(text) };
}
