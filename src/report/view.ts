/**
 * What a command shows people, as data: titled sections of tables and notes. Every
 * renderer but JSON (which prints the command's own result document) draws from this.
 */
import type { CellKind, CellValue } from './format.js';

export interface ColumnView {
  readonly key: string;
  readonly label: string;
  readonly kind: CellKind;
}

export type RowView = Readonly<Record<string, CellValue>>;

export interface TableView {
  readonly title?: string;
  readonly columns: readonly ColumnView[];
  readonly rows: readonly RowView[];
  /** The total row, drawn apart from the others. */
  readonly total?: RowView;
  /** How many leading columns name a row, repeated when a narrow terminal splits the table (default: the leading text columns, at most two). */
  readonly labelColumns?: number;
  /** Short lines under the table: n/a reasons, small-sample flags, assumptions. */
  readonly notes?: readonly string[];
}

export interface SectionView {
  readonly title: string;
  readonly text?: readonly string[];
  readonly tables: readonly TableView[];
  /** A terminal chart (Unicode text), shown only on a terminal or with --chart. */
  readonly chart?: string;
  /**
   * An inline SVG chart for HTML output (built by report/svg.ts, already escaped), made only when
   * HTML asks for it: a table or Markdown of 66,063 groups made one of 66,063 bars for nothing.
   */
  readonly svg?: () => string;
  /** A one-line note for a section left out because its inputs are missing. */
  readonly skipped?: string;
}

export interface DocumentView {
  readonly title: string;
  /** Lines under the title: window, as-of date, inputs. */
  readonly subtitle?: readonly string[];
  readonly sections: readonly SectionView[];
  /** Lines after the last section: when, by which version and from which files (report/document.ts presentDocument). */
  readonly footer?: readonly string[];
  /** The currency of every money figure, when one is known (money column headers already say it). */
  readonly currency?: string;
}

export function column(key: string, label: string, kind: CellKind = 'text'): ColumnView {
  return { key, label, kind };
}
