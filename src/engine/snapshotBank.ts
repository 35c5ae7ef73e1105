/**
 * The deals of one snapshot as movement keeps them between snapshots, in typed arrays: a row
 * handle (a small integer) per deal instead of an object, and stages, owners and group keys
 * interned once. A week of 100,000 deals is 2.5 MB of arrays that the collector never traces,
 * where objects would each be promoted to the old generation and freed a week later.
 */
import type { DealStatus } from '../model/types.js';
import type { SnapshotDeal } from '../metrics/movement.js';
import { toCents } from '../metrics/exactSum.js';

/** What is kept of a deal between snapshots: its movement fields and its group key. */
export interface KeptDeal extends SnapshotDeal {
  readonly key: readonly string[];
}

const STATUSES: readonly DealStatus[] = ['open', 'won', 'lost'];
const STATUS_CODE: Readonly<Record<DealStatus, number>> = { open: 0, won: 1, lost: 2 };
const NO_DAY = -2147483648;

/** Texts by index, each stored once. */
export class Interned<T> {
  readonly values: T[] = [];
  private readonly index = new Map<string, number>();

  /** The index of a value (`text` its lookup key); -1 for null. */
  of(text: string | null, value: () => T): number {
    if (text === null) return -1;
    let found = this.index.get(text);
    if (found === undefined) {
      found = this.values.length;
      this.values.push(value());
      this.index.set(JSON.parse(JSON.stringify(text)) as string, found);
    }
    return found;
  }
}

export interface BankTables {
  readonly stages: Interned<string>;
  readonly owners: Interned<string>;
  readonly keys: Interned<readonly string[]>;
}

/** One snapshot's kept deals, by row handle. */
export class SnapshotBank {
  private status = new Uint8Array(1024);
  private amount = new Float64Array(1024);
  private close = new Int32Array(1024);
  private stage = new Int32Array(1024);
  private owner = new Int32Array(1024);
  private key = new Int32Array(1024);
  size = 0;

  constructor(private readonly tables: BankTables) {}

  clear(): void {
    this.size = 0;
  }

  /** Stores a deal's movement fields; returns its handle. */
  add(status: DealStatus, amount: number | null, close: number | null, stage: string | null, owner: string | null, key: readonly string[]): number {
    if (this.size === this.status.length) this.grow();
    const handle = this.size++;
    this.status[handle] = STATUS_CODE[status];
    // Rounded to the cent once, here (docs/metrics.md "Pipeline movement"): the waterfall, the
    // per-deal lines and slippage all take this amount, so what they print adds up.
    this.amount[handle] = amount === null ? Number.NaN : toCents(amount) / 100;
    this.close[handle] = close ?? NO_DAY;
    this.stage[handle] = this.tables.stages.of(stage, () => JSON.parse(JSON.stringify(stage)) as string);
    this.owner[handle] = this.tables.owners.of(owner, () => JSON.parse(JSON.stringify(owner)) as string);
    this.key[handle] = key.length === 0 ? -1 : this.tables.keys.of(key.join('\u0000'), () => key.map((part) => JSON.parse(JSON.stringify(part)) as string));
    return handle;
  }

  /** The bank's deals as columns (copies of its arrays, to send to another thread), with the texts their indexes name. */
  columns(): BankColumns {
    const size = this.size;
    return {
      status: this.status.slice(0, size),
      amount: this.amount.slice(0, size),
      close: this.close.slice(0, size),
      stage: this.stage.slice(0, size),
      owner: this.owner.slice(0, size),
      key: this.key.slice(0, size),
      stages: this.tables.stages.values,
      owners: this.tables.owners.values,
      keys: this.tables.keys.values.map((key) => [...key]),
    };
  }

  /**
   * Adds the deals of another bank's columns (read in a worker thread), their texts interned in
   * this bank's tables; returns the handle of the first (the others follow in order).
   */
  append(columns: BankColumns): number {
    const first = this.size;
    const stages = columns.stages.map((stage) => this.tables.stages.of(stage, () => stage));
    const owners = columns.owners.map((owner) => this.tables.owners.of(owner, () => owner));
    const keys = columns.keys.map((key) => this.tables.keys.of(key.join('\u0000'), () => key));
    const remap = (table: readonly number[], index: number): number => (index === -1 ? -1 : (table[index] as number));
    for (let row = 0; row < columns.status.length; row += 1) {
      if (this.size === this.status.length) this.grow();
      const handle = this.size++;
      this.status[handle] = columns.status[row] as number;
      this.amount[handle] = columns.amount[row] as number;
      this.close[handle] = columns.close[row] as number;
      this.stage[handle] = remap(stages, columns.stage[row] as number);
      this.owner[handle] = remap(owners, columns.owner[row] as number);
      this.key[handle] = remap(keys, columns.key[row] as number);
    }
    return first;
  }

  /** The kept deal behind a handle, as the folds read it (a short-lived object). */
  view(handle: number): KeptDeal {
    const amount = this.amount[handle] as number;
    const close = this.close[handle] as number;
    const stage = this.stage[handle] as number;
    const owner = this.owner[handle] as number;
    const key = this.key[handle] as number;
    return {
      status: STATUSES[this.status[handle] as number] as DealStatus,
      amount: Number.isNaN(amount) ? null : amount,
      close: close === NO_DAY ? null : close,
      stage: stage === -1 ? null : (this.tables.stages.values[stage] as string),
      owner: owner === -1 ? null : (this.tables.owners.values[owner] as string),
      key: key === -1 ? NO_KEY : (this.tables.keys.values[key] as readonly string[]),
    };
  }

  private grow(): void {
    const size = this.status.length * 2;
    const grown = <A extends Uint8Array | Float64Array | Int32Array>(array: A, make: (n: number) => A): A => {
      const next = make(size);
      next.set(array as never);
      return next;
    };
    this.status = grown(this.status, (n) => new Uint8Array(n));
    this.amount = grown(this.amount, (n) => new Float64Array(n));
    this.close = grown(this.close, (n) => new Int32Array(n));
    this.stage = grown(this.stage, (n) => new Int32Array(n));
    this.owner = grown(this.owner, (n) => new Int32Array(n));
    this.key = grown(this.key, (n) => new Int32Array(n));
  }
}

/** A bank's deals by column, with the texts (stages, owners, group keys) their indexes point into; -1: none. */
export interface BankColumns {
  readonly status: Uint8Array;
  readonly amount: Float64Array;
  readonly close: Int32Array;
  readonly stage: Int32Array;
  readonly owner: Int32Array;
  readonly key: Int32Array;
  readonly stages: readonly string[];
  readonly owners: readonly string[];
  readonly keys: readonly (readonly string[])[];
}

/** The group key of a deal when there is no `--by`. */
export const NO_KEY: readonly string[] = [];
