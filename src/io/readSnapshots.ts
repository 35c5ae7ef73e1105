/**
 * Snapshots of one pipeline (METRICS.md "Pipeline movement (snapshots)"): deals exports taken on
 * known dates, read in date order through the same reading, mapping and validation as any deals
 * file (readDeals), and joined by deal id.
 *
 * Where the dates come from: `--snapshot DATE=FILE`, a date in the file name
 * (`pipeline-2026-10-05.csv`), or one file with a snapshot-date column whose rows come grouped
 * by date in date order.
 *
 * Memory: the join keeps the previous snapshot's deals (and the first one's, for the first-to-last
 * pair) as small per-deal records, never deals x snapshots.
 */
import { statSync } from 'node:fs';
import { formatDay, parseIsoDay } from '../model/calendar.js';
import type { Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import { formatCount } from '../model/groupedDigits.js';
import { normalizeHeader, type ColumnMapping } from '../model/mapping.js';
import type { DayNumber, Deal } from '../model/types.js';
import { INVALID, parseDate } from '../model/values.js';
import { openTable } from './table.js';
import { dateInFileName, snapshotFilesIn } from './snapshotFolder.js';

export { dateInFileName } from './snapshotFolder.js';
import { readDeals, type DealInputOptions, type DealSink, type ReadSummary } from './readDeals.js';

/** A snapshot named on the command line: its date (null: to be read from a snapshot-date column) and file. */
export interface SnapshotSpec {
  readonly date: DayNumber | null;
  readonly file: string;
}

/** Headers (normalized) taken for a snapshot-date column when no `--map snapshotDate=HEADER` names one. */
const SNAPSHOT_HEADERS = ['snapshotdate', 'snapshot', 'snapshotday', 'asof', 'asofdate', 'asat', 'reportdate', 'exportdate', 'extractdate'];

/**
 * The snapshots of a run from `--snapshot DATE=FILE` flags and plain file arguments (dated by
 * their names). A single undated file is read as one file with a snapshot-date column.
 */
export function snapshotSpecs(files: readonly string[], flags: readonly string[]): SnapshotSpec[] {
  const specs: SnapshotSpec[] = flags.map((flag) => {
    const equals = flag.indexOf('=');
    const date = equals === -1 ? null : parseIsoDay(flag.slice(0, equals).trim());
    const file = equals === -1 ? '' : flag.slice(equals + 1).trim();
    if (date === null || file === '') throw new DealmathError('usage', `--snapshot "${flag}": expected DATE=FILE with the date as YYYY-MM-DD, e.g. --snapshot 2026-10-05=pipeline.csv`);
    return { date, file };
  });
  for (const file of files.flatMap(filesOf)) specs.push({ date: dateInFileName(file), file });
  if (specs.length === 0) throw new DealmathError('usage', 'no snapshot given; pass two or more files with a date in their names (pipeline-2026-10-05.csv), --snapshot DATE=FILE, or one file with a snapshot-date column');
  const undated = specs.filter((spec) => spec.date === null);
  if (undated.length > 0 && specs.length > 1) {
    throw new DealmathError('usage', `snapshot without a date: no YYYY-MM-DD in its name; rename it (pipeline-2026-10-05.csv) or pass --snapshot DATE=FILE`, { file: (undated[0] as SnapshotSpec).file });
  }
  const seen = new Map<DayNumber, string>();
  for (const spec of specs) {
    if (spec.date === null) continue;
    const earlier = seen.get(spec.date);
    if (earlier !== undefined) throw new DealmathError('usage', `two snapshots dated ${formatDay(spec.date)} (${earlier} and ${spec.file}); give each snapshot its own date`, { file: spec.file });
    seen.set(spec.date, spec.file);
  }
  return [...specs].sort((a, b) => (a.date ?? 0) - (b.date ?? 0));
}

/**
 * The snapshots named by `--snapshot` values, each either DATE=FILE or a path (a folder of files
 * with dates in their names, such a file, or one file with a snapshot-date column), plus `files`.
 */
export function snapshotSpecsOf(values: readonly string[], files: readonly string[] = []): SnapshotSpec[] {
  const isDated = (value: string): boolean => /^\s*\d{4}-\d{2}-\d{2}\s*=/.test(value);
  return snapshotSpecs([...files, ...values.filter((value) => !isDated(value))], values.filter(isDated));
}

/** A folder stands for the data files in it that carry a date in their names; anything else for itself. */
function filesOf(path: string): string[] {
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    return [path];
  }
  if (!isFolder) return [path];
  const files = snapshotFilesIn(path);
  if (files.length === 0) throw new DealmathError('usage', 'the folder holds no data file with a date in its name (pipeline-2026-10-05.csv)', { file: path });
  return files;
}

/** One snapshot as read: its date, file and row accounting. */
export interface SnapshotRead {
  readonly date: DayNumber;
  readonly file: string;
  readonly rowsRead: number;
  readonly rowsRejected: number;
  /** Read but left out by `keep` (--where). */
  readonly rowsFiltered: number;
  readonly rowsUsed: number;
}

/**
 * Whether a deal's row was rejected in the earlier and in the later snapshot of a pair: the deal
 * was in that export, but unreadable (its side of the pair is then null, as for an absent deal).
 */
export interface RejectedSides {
  readonly before: boolean;
  readonly after: boolean;
}

// One object per combination: a pair is made per deal and snapshot, so none is allocated.
const REJECTED_SIDES: readonly RejectedSides[] = [
  { before: false, after: false },
  { before: true, after: false },
  { before: false, after: true },
  { before: true, after: true },
].map((sides) => Object.freeze(sides));

function rejectedSides(before: boolean, after: boolean): RejectedSides {
  return REJECTED_SIDES[(before ? 1 : 0) + (after ? 2 : 0)] as RejectedSides;
}

export interface SnapshotHandlers<Kept> {
  /** The small record kept of a deal between snapshots; null leaves it out (counted as filtered). */
  keep(deal: Deal): Kept | null;
  /**
   * A deal in two consecutive snapshots (either side null when absent from it, or when its row
   * there was rejected: `rejected` says which); `step` is the index of the later snapshot, `slot`
   * a dense number for the deal, the same in every step. A deal with no usable row in either
   * snapshot makes no pair.
   */
  step(step: number, id: string, before: Kept | null, after: Kept | null, slot: number, rejected: RejectedSides): void;
  /** A deal in the first or last snapshot (called once the last snapshot is read; with two snapshots, the same pairs as the one step). */
  span?(id: string, first: Kept | null, last: Kept | null, rejected: RejectedSides): void;
  finding?: DealSink['finding'];
  /** A snapshot begins: its date and index (0 = the oldest), before its first deal. */
  begin?(date: DayNumber, index: number): void;
  /** Called when a snapshot begins (its file's header is read). */
  onFile?: DealInputOptions['onFile'];
  /** A snapshot left out as dated after `through` (SnapshotsOptions), in date order. */
  leftOut?(date: DayNumber, file: string): void;
  /**
   * A snapshot file's deals read elsewhere (a worker thread), already kept, in file order; called
   * after `begin`. Null: the file is read here as usual (which also words any error it has).
   */
  readElsewhere?(spec: SnapshotSpec, index: number): Promise<KeptFile<Kept> | null>;
}

/** A snapshot file's deals as read elsewhere: each kept deal's id and record, in file order, and the file's row accounting. */
export interface KeptFile<Kept> {
  readonly count: number;
  idAt(row: number): string;
  keptAt(row: number): Kept;
  /** The ids of the file's rejected rows that name one (DealSink.rejected). */
  readonly rejectedIds: readonly string[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly rowsFiltered: number;
}

/** Snapshots are joined by id: a file without an id column is refused (row-number ids cannot be joined). */
export function requireIdColumn(file: { readonly file: string; readonly mapping: ColumnMapping }): void {
  if (file.mapping.fields.id === undefined) {
    throw new DealmathError('usage', `snapshots are joined by deal id, and this file has no id column (row-number ids cannot be joined); map one with --map id=HEADER`, { file: file.file });
  }
}

export interface SnapshotsOptions extends DealInputOptions {
  /** The header of the snapshot-date column of a single file (`--map snapshotDate=HEADER`); default: found by name. */
  readonly snapshotColumn?: string | undefined;
  /**
   * The as-of date: snapshots dated after it are left out, as they were not taken yet on that day
   * (METRICS.md "Point in time"); in one file with a snapshot-date column, their rows are skipped
   * and counted nowhere, as a later file is not read. Absent: every snapshot is read.
   */
  readonly through?: DayNumber | undefined;
}

/** The snapshots dated on or before `through` (kept) and those after it (later), each in date order. */
export function snapshotsThrough(specs: readonly SnapshotSpec[], through: DayNumber): { kept: SnapshotSpec[]; later: SnapshotSpec[] } {
  return { kept: specs.filter((spec) => spec.date === null || spec.date <= through), later: specs.filter((spec) => spec.date !== null && spec.date > through) };
}

/**
 * The refusal of a run left with fewer than two snapshots: `given` says which were read (and names
 * the as-of date when some were left out), `later` how many were left out as dated after it.
 */
function tooFewSnapshots(given: string, later = 0, file?: string): DealmathError {
  const leftOut = later === 0 ? '' : `, ${formatCount(later)} dated after it left out (not taken yet on that day)`;
  return new DealmathError('usage', `${given}${leftOut}; two or more dated snapshots of the pipeline are needed, each compared with the one before`, file === undefined ? {} : { file });
}

/** `one snapshot given (2026-10-05=a.csv)`, or `... dated on or before the as-of date` when some were left out. */
function snapshotsGiven(specs: readonly SnapshotSpec[], through: DayNumber | null): string {
  const which = through === null ? 'given' : `dated on or before the as-of date ${formatDay(through)}`;
  const first = specs[0];
  if (first === undefined) return `no snapshot ${which}`;
  return `one snapshot ${which} (${first.date === null ? '' : `${formatDay(first.date)}=`}${first.file})`;
}

/**
 * Reads the snapshots in date order, joining each to the previous one by deal id. Refuses a
 * file with no id column (row-number ids cannot be joined), two snapshots of one date and a
 * snapshot without a date.
 */
export async function readSnapshots<Kept>(specs: readonly SnapshotSpec[], options: SnapshotsOptions, handlers: SnapshotHandlers<Kept>): Promise<SnapshotRead[]> {
  const single = specs.length === 1 && specs[0]?.date === null;
  const joiner = new SnapshotJoiner<Kept>(handlers);
  const reads: SnapshotRead[] = [];
  const idsRequired: DealInputOptions['onFile'] = (file) => {
    requireIdColumn(file);
    handlers.onFile?.(file);
  };
  if (single) {
    await readSingleFile((specs[0] as SnapshotSpec).file, options, handlers, joiner, reads, idsRequired);
  } else {
    const through = options.through ?? null;
    const { kept, later } = through === null ? { kept: specs, later: [] } : snapshotsThrough(specs, through);
    for (const spec of later) handlers.leftOut?.(spec.date as DayNumber, spec.file);
    // Said without a command's name: movement, forecast, validate and the library all read snapshots here.
    if (kept.length < 2) throw tooFewSnapshots(snapshotsGiven(kept, later.length === 0 ? null : through), later.length);
    for (const [index, spec] of kept.entries()) {
      if (spec.date === null) throw new DealmathError('usage', 'snapshot without a date', { file: spec.file });
      joiner.begin(spec.date);
      const elsewhere = (await handlers.readElsewhere?.(spec, index)) ?? null;
      if (elsewhere !== null) {
        for (let row = 0; row < elsewhere.count; row += 1) joiner.addKept(elsewhere.idAt(row), elsewhere.keptAt(row));
        for (const id of elsewhere.rejectedIds) joiner.reject(id);
        joiner.end(index === kept.length - 1);
        reads.push(snapshotRead(spec.date, spec.file, elsewhere.rowsRead, elsewhere.rowsRejected, elsewhere.rowsFiltered));
        continue;
      }
      let filtered = 0;
      const summary = await readDeals([spec.file], { ...options, onFile: idsRequired }, {
        deal: (deal) => {
          if (!joiner.add(deal)) filtered += 1;
        },
        finding: (found) => handlers.finding?.(found),
        rejected: (id) => joiner.reject(id),
      });
      joiner.end(reads.length === kept.length - 1);
      reads.push(snapshotRead(spec.date, spec.file, summary.rowsRead, summary.rowsRejected, filtered));
    }
  }
  return reads;
}

function snapshotRead(date: DayNumber, file: string, rowsRead: number, rowsRejected: number, rowsFiltered: number): SnapshotRead {
  return { date, file, rowsRead, rowsRejected, rowsFiltered, rowsUsed: rowsRead - rowsRejected - rowsFiltered };
}

/** One file holding every snapshot, its rows grouped by a snapshot-date column in date order. */
async function readSingleFile<Kept>(
  file: string,
  options: SnapshotsOptions,
  handlers: SnapshotHandlers<Kept>,
  joiner: SnapshotJoiner<Kept>,
  reads: SnapshotRead[],
  idsRequired: NonNullable<DealInputOptions['onFile']>,
): Promise<void> {
  let column: string | null = null;
  let current: { date: DayNumber; text: string; rowsRead: number; rowsRejected: number; rowsFiltered: number } | null = null;
  const dates: DayNumber[] = [];
  const config: Config = options.config;
  const close = (last: boolean): void => {
    if (current === null) return;
    joiner.end(last);
    reads.push(snapshotRead(current.date, file, current.rowsRead, current.rowsRejected, current.rowsFiltered));
  };
  // Rows are counted to their snapshot as they come: a rejected row belongs to the snapshot being read.
  const rowDate = (deal: Deal): { date: DayNumber; text: string } => {
    const text = (deal.dimensions[column as string] ?? '').trim();
    const parsed = parseDate(text, config.dateOrder ?? null);
    if (parsed === null || parsed === INVALID) {
      throw new DealmathError('malformed-input', `snapshot date "${text}" is not a date; expected a date such as 2026-10-05 in every row`, { file, row: deal.source.row, column: column as string });
    }
    return { date: parsed, text };
  };
  // Rejected rows go to the snapshot their own date names when it reads (pendingByDate: of those
  // read since the last usable row, how many name each date), else to the snapshot of the next
  // usable row (the last snapshot after the last one).
  let pendingRejected = 0;
  let pendingRead = 0;
  let pendingByDate = new Map<DayNumber, number>();
  let lastRejectedRow = -1;
  // Snapshots dated after `through`: their rows (and the rejected rows counted to them) are skipped.
  const through = options.through ?? null;
  const later: DayNumber[] = [];
  let laterRows = 0;
  // The ids of rejected rows go to the snapshot their own date names (when it reads as a date),
  // held until that snapshot begins when they come before its first usable row.
  let columnIndex = -1;
  let rejectedAhead: { date: DayNumber; id: string }[] = [];
  const rejectedRow = (id: string, cells: readonly string[]): void => {
    const parsed = parseDate((cells[columnIndex] ?? '').trim(), config.dateOrder ?? null);
    if (parsed === null || parsed === INVALID) return;
    pendingByDate.set(parsed, (pendingByDate.get(parsed) ?? 0) + 1);
    if (through !== null && parsed > through) return;
    if (current !== null && parsed === current.date) joiner.reject(id);
    else if (current === null || parsed > current.date) rejectedAhead.push({ date: parsed, id });
  };
  /**
   * At a usable row of another snapshot: the rejected rows since the last usable row whose own
   * date is the snapshot just read, or one left out, are counted there, not with the next row.
   */
  const settleDatedRejected = (): void => {
    for (const [date, count] of pendingByDate) {
      const toCurrent = current !== null && date === current.date;
      if (!toCurrent && !(through !== null && date > through)) continue;
      if (toCurrent) {
        (current as { rowsRead: number }).rowsRead += count;
        (current as { rowsRejected: number }).rowsRejected += count;
      } else laterRows += count;
      pendingRead -= count;
      pendingRejected -= count;
    }
    pendingByDate = new Map();
  };
  const summary: ReadSummary = await readDeals(
    [file],
    {
      ...options,
      onFile: (opened) => {
        column = snapshotColumnOf(opened.header, opened.mapping, options.snapshotColumn, file);
        columnIndex = opened.header.indexOf(column);
        idsRequired(opened);
      },
      get idScope() {
        return column ?? undefined;
      },
    } as DealInputOptions,
    {
      deal: (deal) => {
        const { date, text } = rowDate(deal);
        const latest = later.at(-1) ?? current?.date ?? null;
        if (latest !== null && date < latest) {
          throw new DealmathError('malformed-input', `rows of snapshot ${formatDay(date)} come after those of ${formatDay(latest)}; sort the file by its snapshot-date column`, { file, row: deal.source.row, column: column as string });
        }
        if (through !== null && date > through) {
          if (later.at(-1) !== date) later.push(date);
          settleDatedRejected();
          laterRows += 1 + pendingRead;
          pendingRead = 0;
          pendingRejected = 0;
          return;
        }
        if (current === null || date !== current.date) {
          settleDatedRejected();
          close(false);
          dates.push(date);
          joiner.begin(date);
          current = { date, text, rowsRead: 0, rowsRejected: 0, rowsFiltered: 0 };
          for (const ahead of rejectedAhead) if (ahead.date === date) joiner.reject(ahead.id);
          rejectedAhead = rejectedAhead.filter((ahead) => ahead.date > date);
        }
        current.rowsRead += 1 + pendingRead;
        current.rowsRejected += pendingRejected;
        pendingRead = 0;
        pendingRejected = 0;
        pendingByDate.clear();
        if (!joiner.add(deal)) current.rowsFiltered += 1;
      },
      finding: (found) => {
        // A row with an error finding is rejected (a row may have several).
        if (found.severity === 'error' && found.row !== lastRejectedRow) {
          lastRejectedRow = found.row ?? -1;
          pendingRejected += 1;
          pendingRead += 1;
        }
        handlers.finding?.(found);
      },
      rejected: rejectedRow,
    },
  );
  for (const date of later) handlers.leftOut?.(date, file);
  if (current === null) {
    if (later.length > 0) throw tooFewSnapshots(`no snapshot in the file dated on or before the as-of date ${formatDay(through as DayNumber)}`, later.length, file);
    throw new DealmathError('data-refused', 'no usable row in the snapshot file', { file });
  }
  const last = current as { date: DayNumber; rowsRead: number; rowsRejected: number };
  // Rejected rows after the last usable one belong to the last snapshot (a left-out one when the file ends with it).
  if (later.length > 0) laterRows += pendingRead;
  else {
    last.rowsRead += pendingRead;
    last.rowsRejected += pendingRejected;
  }
  close(true);
  if (reads.length < 2) {
    if (later.length > 0) throw tooFewSnapshots(`the file holds one snapshot dated on or before the as-of date ${formatDay(through as DayNumber)} (${formatDay(dates[0] as DayNumber)})`, later.length, file);
    throw new DealmathError('usage', `the file holds one snapshot only (${formatDay(dates[0] as DayNumber)}); two or more are needed, each compared with the one before`, { file });
  }
  const counted = reads.reduce((sum, read) => sum + read.rowsRead, 0);
  if (counted + laterRows !== summary.rowsRead) throw new Error(`internal: ${counted} rows counted to snapshots and ${laterRows} to snapshots left out, of ${summary.rowsRead} read`);
}

function snapshotColumnOf(header: readonly string[], mapping: { readonly fields: Readonly<Record<string, number | undefined>> }, named: string | undefined, file: string): string {
  const wanted = named === undefined ? null : normalizeHeader(named);
  const index = header.findIndex((candidate) => (wanted === null ? SNAPSHOT_HEADERS.includes(normalizeHeader(candidate)) : normalizeHeader(candidate) === wanted));
  if (index === -1) {
    throw new DealmathError(
      'usage',
      named === undefined
        ? 'snapshot without a date: no date in the file name and no snapshot-date column (Snapshot Date, As Of...); rename the file (pipeline-2026-10-05.csv), pass --snapshot DATE=FILE, or name the column with --map snapshotDate=HEADER'
        : `no column "${named}" for the snapshot date; the header has: ${header.slice(0, 30).join(', ')}`,
      { file },
    );
  }
  const header_ = header[index] as string;
  const mappedTo = Object.entries(mapping.fields).find(([, column]) => column === index)?.[0];
  if (mappedTo !== undefined) throw new DealmathError('usage', `the snapshot-date column "${header_}" is read as the ${mappedTo} field; map ${mappedTo} to another column with --map ${mappedTo}=HEADER`, { file, column: header_ });
  return header_;
}

/**
 * The join: every id seen gets a slot once (one hash lookup per row); the previous, current and
 * first snapshots' kept records sit in arrays by slot, with the slots present in each, so a row
 * costs no map entry and the records of a snapshot go in one array.
 */
class SnapshotJoiner<Kept> {
  private readonly slots = new Map<string, number>();
  private readonly ids: string[] = [];
  /** Slot -> index of the last snapshot the id was in (-1: none yet). */
  private seenIn = new Int32Array(1024).fill(-1);
  private first: (Kept | undefined)[] | null = null;
  private firstSlots: number[] = [];
  private previous: (Kept | undefined)[] | null = null;
  private previousSlots: number[] = [];
  private current: (Kept | undefined)[] = [];
  private currentSlots: number[] = [];
  /** The slots whose row was rejected, and none usable, in the first, previous and current snapshots (few: sets). */
  private firstRejected = new Set<number>();
  private previousRejected = new Set<number>();
  private currentRejected = new Set<number>();
  /** Slot -> its row's position in the previous (current) snapshot, valid where seenIn says it was there. */
  private previousPosition = new Int32Array(1024);
  private currentPosition = new Int32Array(1024);
  /** Position in the previous snapshot of the last row matched there. */
  private matched = -1;
  private index = -1;

  constructor(private readonly handlers: SnapshotHandlers<Kept>) {}

  begin(date: DayNumber): void {
    this.index += 1;
    // Sized to the slots so far: records set by slot stay in fast (not dictionary) elements.
    this.current = new Array<Kept | undefined>(this.ids.length);
    this.currentSlots = [];
    this.currentRejected = new Set<number>();
    this.matched = -1;
    this.handlers.begin?.(date, this.index);
  }

  /** False when `keep` left the deal out. */
  add(deal: Deal): boolean {
    const kept = this.handlers.keep(deal);
    if (kept === null) return false;
    this.addKept(deal.id, kept);
    return true;
  }

  /** A deal already kept (read here or elsewhere), joined to the previous snapshot by its id. */
  addKept(id: string, kept: Kept): void {
    const slot = this.slotOf(id);
    this.seenIn[slot] = this.index;
    this.current[slot] = kept;
    this.currentPosition[slot] = this.currentSlots.length;
    this.currentSlots.push(slot);
    // The interned id: its hash is computed once, so the handlers' own maps find it fast.
    if (this.previous !== null) this.handlers.step(this.index, this.ids[slot] as string, this.previous[slot] ?? null, kept, slot, rejectedSides(this.previousRejected.has(slot), false));
  }

  /** A rejected row naming the deal `id`: unless a usable row of the same snapshot names it too, the deal was there but unreadable. */
  reject(id: string): void {
    this.currentRejected.add(this.slotOf(id));
  }

  /**
   * The slot of an id. Exports list deals in much the same order week after week, so the row
   * after the previous match in the previous snapshot is tried first (a string compare); the id
   * map is looked up only when that guess misses.
   */
  private slotOf(id: string): number {
    const guess = this.previousSlots[this.matched + 1];
    if (guess !== undefined && this.ids[guess] === id) {
      this.matched += 1;
      return guess;
    }
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      // A copy: a cell can be a slice that keeps its whole text chunk alive.
      const kept = JSON.parse(JSON.stringify(id)) as string;
      this.ids.push(kept);
      this.slots.set(kept, slot);
      if (slot >= this.seenIn.length) this.grow();
    } else if (this.seenIn[slot] === this.index - 1) {
      this.matched = this.previousPosition[slot] as number;
    }
    return slot;
  }

  private grow(): void {
    const size = this.seenIn.length * 2;
    const seenIn = new Int32Array(size).fill(-1);
    seenIn.set(this.seenIn);
    this.seenIn = seenIn;
    for (const name of ['previousPosition', 'currentPosition'] as const) {
      const grown = new Int32Array(size);
      grown.set(this[name]);
      this[name] = grown;
    }
  }

  end(last: boolean): void {
    const { previous, current, seenIn, ids, index } = this;
    // A deal with a usable row is in the snapshot, whatever other rows of it were rejected (a duplicate id).
    const rejected = this.currentRejected;
    for (const slot of rejected) if (seenIn[slot] === index) rejected.delete(slot);
    if (previous !== null) {
      for (const slot of this.previousSlots) if (seenIn[slot] !== index) this.handlers.step(index, ids[slot] as string, previous[slot] as Kept, null, slot, rejectedSides(false, rejected.has(slot)));
    }
    if (last && index >= 1 && this.first !== null && this.handlers.span !== undefined) {
      const first = this.first;
      for (const slot of this.currentSlots) this.handlers.span(ids[slot] as string, first[slot] ?? null, current[slot] as Kept, rejectedSides(this.firstRejected.has(slot), false));
      for (const slot of this.firstSlots) if (seenIn[slot] !== index) this.handlers.span(ids[slot] as string, first[slot] as Kept, null, rejectedSides(false, rejected.has(slot)));
    }
    if (index === 0) {
      this.first = current;
      this.firstSlots = this.currentSlots;
      this.firstRejected = rejected;
    }
    this.previous = current;
    this.previousSlots = this.currentSlots;
    this.previousRejected = rejected;
    [this.previousPosition, this.currentPosition] = [this.currentPosition, this.previousPosition];
  }
}

/**
 * The snapshot dates of a file with a snapshot-date column, read from that column alone (no deal
 * parsing): the default window needs the last date before the rows are folded.
 */
export async function snapshotDatesOf(file: string, options: SnapshotsOptions): Promise<DayNumber[]> {
  const table = await openTable(file, { delimiter: options.delimiter ?? options.config.delimiter, encoding: options.config.encoding, sheet: options.sheet });
  const wanted = options.snapshotColumn === undefined ? null : normalizeHeader(options.snapshotColumn);
  const index = table.header.findIndex((candidate) => (wanted === null ? SNAPSHOT_HEADERS.includes(normalizeHeader(candidate)) : normalizeHeader(candidate) === wanted));
  const dates = new Set<DayNumber>();
  for await (const rows of table.batches) {
    if (index === -1) continue;
    for (const { cells } of rows) {
      const parsed = parseDate((cells[index] ?? '').trim(), options.config.dateOrder ?? null);
      if (parsed !== null && parsed !== INVALID) dates.add(parsed);
    }
  }
  return [...dates].sort((a, b) => a - b);
}
