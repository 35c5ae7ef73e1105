/**
 * A long-form stage history held as columns (METRICS.md "Records": stage history). The join
 * needs the whole history in memory before the deals stream past it, and held as one object per
 * row (with its own id and source) it took about 200 bytes a row: 3.1 million rows, 600 MB.
 * Packed, a row is four numbers (14 bytes) and each deal's id and each stage label is kept once.
 * The packed form is plain data, so a worker thread is sent it as it is; each thread builds its
 * own id lookup (packedHistoryLookup). Ids and labels are kept as copies (keptText), not as slices
 * of the file's text. Pure: no files, no clock.
 */
import { DealmathError } from './errors.js';
import { keptText } from './keptText.js';
import { TextOrdinals } from './textOrdinals.js';
import type { DayNumber, Deal, StageEntry } from './types.js';

/**
 * Most history rows held in memory at once. The join needs the whole history before the deals
 * stream past it; this bounds it: 14 bytes a row packed and about 32 while packing, so 20 million
 * rows peak at about 650 MB (as objects, the old bound of 5 million took about 1 GB).
 */
export const MAX_HISTORY_ENTRIES = 20_000_000;

/** A stage history by deal: deal `i`'s entries are rows `starts[i]` to `starts[i + 1] - 1`, in file order. */
export interface PackedHistory {
  /** Each deal's id once, in the order first seen. */
  readonly dealIds: readonly string[];
  /** dealIds.length + 1 offsets into the row columns. */
  readonly starts: Int32Array;
  /** Each row's stage, as an index into `stages`. */
  readonly stageIndexes: Uint16Array;
  readonly stages: readonly string[];
  /** Each row's day entered (DayNumber). */
  readonly entered: Int32Array;
  /** Each row's file, as an index into `files`, and its row number in it (header = row 1). */
  readonly fileIndexes: Uint16Array;
  readonly files: readonly string[];
  readonly rows: Uint32Array;
}

/** Fills a packed history from streamed entries. */
export interface HistoryIndex {
  /** Rows added so far. */
  readonly size: number;
  add(entry: StageEntry): void;
  /** The rows added, grouped by deal (file order kept within a deal). The builder is spent. */
  pack(): PackedHistory;
}

/** The distinct values a Uint16 index can name (stage labels, files). */
const UINT16_VALUES = 65_536;

/**
 * The builder of a PackedHistory. Memory grows with the history, not with the deals; passing
 * `limit` rows is a DealmathError (`limit-exceeded`) naming the row that crossed it, as is a
 * 65,537th distinct stage label or file.
 */
export function createHistoryIndex(limit: number = MAX_HISTORY_ENTRIES): HistoryIndex {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`createHistoryIndex: limit must be a whole number >= 1, got ${limit}`);
  const dealOrdinals = new TextOrdinals();
  const stageIndexOf = new Map<string, number>();
  const stages: string[] = [];
  const fileIndexOf = new Map<string, number>();
  const files: string[] = [];
  let capacity = 1024;
  let ordinals = new Int32Array(capacity);
  let stageIndexes = new Uint16Array(capacity);
  let entered = new Int32Array(capacity);
  let fileIndexes = new Uint16Array(capacity);
  let rows = new Uint32Array(capacity);
  let size = 0;
  let spent = false;
  let lastDealId: string | null = null;
  let lastOrdinal = 0;

  const grow = (): void => {
    capacity = Math.min(capacity * 2, limit);
    ordinals = grown(ordinals, new Int32Array(capacity));
    stageIndexes = grown(stageIndexes, new Uint16Array(capacity));
    entered = grown(entered, new Int32Array(capacity));
    fileIndexes = grown(fileIndexes, new Uint16Array(capacity));
    rows = grown(rows, new Uint32Array(capacity));
  };
  const indexIn = (byValue: Map<string, number>, values: string[], value: string, what: string, entry: StageEntry): number => {
    let index = byValue.get(value);
    if (index === undefined) {
      if (values.length === UINT16_VALUES) {
        throw new DealmathError('limit-exceeded', `the stage history has more than ${UINT16_VALUES} distinct ${what}, the most the join holds`, { file: entry.source.file, row: entry.source.row });
      }
      index = values.length;
      values.push(keptText(value));
      byValue.set(value, index);
    }
    return index;
  };

  return {
    get size() {
      return size;
    },
    add(entry) {
      if (spent) throw new Error('createHistoryIndex: add after pack');
      if (size >= limit) {
        throw new DealmathError('limit-exceeded', `the stage history has more than ${limit} rows, the most held in memory for the join`, { file: entry.source.file, row: entry.source.row });
      }
      if (!Number.isInteger(entry.entered) || Math.abs(entry.entered) > 2 ** 31 - 1) throw new RangeError(`createHistoryIndex: entered must be a whole day number, got ${entry.entered}`);
      if (!Number.isInteger(entry.source.row) || entry.source.row < 0 || entry.source.row >= 2 ** 32) throw new RangeError(`createHistoryIndex: row must be a whole number, got ${entry.source.row}`);
      if (size === capacity) grow();
      // Exports list a deal's rows together, so the last deal's id answers most rows without hashing.
      if (entry.dealId !== lastDealId) {
        lastOrdinal = dealOrdinals.ordinalOrAdd(entry.dealId, keptText);
        lastDealId = entry.dealId;
      }
      ordinals[size] = lastOrdinal;
      stageIndexes[size] = indexIn(stageIndexOf, stages, entry.stage, 'stage labels', entry);
      entered[size] = entry.entered;
      fileIndexes[size] = indexIn(fileIndexOf, files, entry.source.file, 'files', entry);
      rows[size] = entry.source.row;
      size += 1;
    },
    pack() {
      if (spent) throw new Error('createHistoryIndex: packed twice');
      spent = true;
      const dealIds = dealOrdinals.texts;
      // A counting sort by deal: stable, so each deal's rows stay in file order.
      const starts = new Int32Array(dealIds.length + 1);
      for (let row = 0; row < size; row += 1) {
        const after = (ordinals[row] as number) + 1;
        starts[after] = (starts[after] as number) + 1;
      }
      for (let deal = 0; deal < dealIds.length; deal += 1) starts[deal + 1] = (starts[deal + 1] as number) + (starts[deal] as number);
      const next = starts.slice(0, dealIds.length);
      const packed: PackedHistory = {
        dealIds,
        starts,
        stageIndexes: new Uint16Array(size),
        stages,
        entered: new Int32Array(size),
        fileIndexes: new Uint16Array(size),
        files,
        rows: new Uint32Array(size),
      };
      for (let row = 0; row < size; row += 1) {
        const ordinal = ordinals[row] as number;
        const at = next[ordinal] as number;
        next[ordinal] = at + 1;
        packed.stageIndexes[at] = stageIndexes[row] as number;
        packed.entered[at] = entered[row] as number;
        packed.fileIndexes[at] = fileIndexes[row] as number;
        packed.rows[at] = rows[row] as number;
      }
      // The builder's columns are let go now, whoever still holds the builder.
      ordinals = new Int32Array(0);
      stageIndexes = new Uint16Array(0);
      entered = new Int32Array(0);
      fileIndexes = new Uint16Array(0);
      rows = new Uint32Array(0);
      // This thread's lookup reuses the builder's map of ids; another thread builds its own.
      lookups.set(packed, lookupOf(packed, dealOrdinals));
      return packed;
    },
  };
}

function grown<Column extends Int32Array | Uint16Array | Uint32Array>(from: Column, into: Column): Column {
  into.set(from);
  return into;
}

/** The entries of the deal with `id`, or undefined when the history has none. Fresh objects on each call. */
export type PackedHistoryLookup = (deal: Pick<Deal, 'id'>) => readonly StageEntry[] | undefined;

const lookups = new WeakMap<PackedHistory, PackedHistoryLookup>();

/**
 * The lookup of a packed history by deal id. Built once per history on each thread (a map of the
 * deal ids) and shared by every step that asks; it remembers its last answer, since the steps of a
 * run ask about the same deal one after the other.
 */
export function packedHistoryLookup(history: PackedHistory): PackedHistoryLookup {
  let lookup = lookups.get(history);
  if (lookup === undefined) {
    const ordinals = new TextOrdinals(history.dealIds.length);
    for (const id of history.dealIds) ordinals.ordinalOrAdd(id);
    lookup = lookupOf(history, ordinals);
    lookups.set(history, lookup);
  }
  return lookup;
}

function lookupOf(history: PackedHistory, ordinals: TextOrdinals): PackedHistoryLookup {
  let lastId: string | null = null;
  let lastEntries: readonly StageEntry[] | undefined;
  let lastOrdinal = -1;
  const ids = history.dealIds;
  return (deal) => {
    if (deal.id === lastId) return lastEntries;
    // Exports often list deals in the history's order: the deal after the last one found is
    // tried first, a comparison instead of a table lookup that waits on memory three times.
    const ordinal = ids[lastOrdinal + 1] === deal.id ? lastOrdinal + 1 : ordinals.ordinalOf(deal.id);
    lastId = deal.id;
    if (ordinal < 0) lastEntries = undefined;
    else {
      lastEntries = entriesAt(history, ordinal);
      lastOrdinal = ordinal;
    }
    return lastEntries;
  };
}

function entriesAt(history: PackedHistory, ordinal: number): StageEntry[] {
  const dealId = history.dealIds[ordinal] as string;
  const end = history.starts[ordinal + 1] as number;
  const entries: StageEntry[] = [];
  for (let at = history.starts[ordinal] as number; at < end; at += 1) {
    entries.push({
      dealId,
      stage: history.stages[history.stageIndexes[at] as number] as string,
      entered: history.entered[at] as DayNumber,
      source: { file: history.files[history.fileIndexes[at] as number] as string, row: history.rows[at] as number },
    });
  }
  return entries;
}

/** Every deal's entries as a map (for a caller that wants one; it holds an object per row again). */
export function packedHistoryMap(history: PackedHistory): Map<string, readonly StageEntry[]> {
  const byDeal = new Map<string, readonly StageEntry[]>();
  history.dealIds.forEach((id, ordinal) => byDeal.set(id, entriesAt(history, ordinal)));
  return byDeal;
}
