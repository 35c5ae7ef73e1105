/**
 * Fold states packed as numbers, to cross from a worker thread cheaply. A state per group is an
 * object holding arrays (sums) and maps: structured clone copies it field by field and tags
 * each value, so 57,000 win-rate states took 93 ms to serialise and 115 to 210 ms to read back
 * on the main thread (node:v8 serialize, bench/groups.mjs's 64,000-account file read in two
 * parts), more than reading in parts saved. Packed, the numbers go as one Float64Array, which a
 * worker hands over without a copy.
 *
 * A fold that can pack its state gives a codec: `write` puts its numbers in a fixed order and
 * `read` takes them back in the same order (test/metrics/packedState.test.ts checks a codec gives
 * back an equal state; test/property/folds.test.ts that packed merges give one pass's result).
 */
import { addToSum, exactSum, type ExactSum } from './exactSum.js';

export interface StateCodec<State> {
  write(state: State, out: NumberWriter): void;
  /** A new state from what `write` wrote. */
  read(input: NumberReader): State;
  /** Adds what `write` wrote into `state`, in place: the fold's merge(state, read(input)), without the copies. */
  readInto(state: State, input: NumberReader): void;
}

/** Numbers appended to a growing Float64Array. */
export class NumberWriter {
  private buffer = new Float64Array(1024);
  private length = 0;

  number(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length] = value;
    this.length += 1;
  }

  /** A sum's partials, after their count. */
  sum(sum: ExactSum): void {
    this.number(sum.length);
    for (const partial of sum) this.number(partial);
  }

  /** The numbers written, in an array of their own length (its buffer can be transferred). */
  finish(): Float64Array {
    return this.buffer.slice(0, this.length);
  }
}

/** Reads back, in order, what a NumberWriter wrote. */
export class NumberReader {
  private at = 0;

  constructor(private readonly numbers: Float64Array) {}

  number(): number {
    const value = this.raw();
    // A whole number comes back as a small integer, as the fold made it: a double read from the
    // array, stored where states hold small integers, changes the hidden class of every state,
    // and finishing 66,000 merged win-rate states took twice as long. -0 stays -0.
    const whole = value | 0;
    return whole === value && (whole !== 0 || Object.is(value, 0)) ? whole : value;
  }

  private raw(): number {
    if (this.at >= this.numbers.length) throw new RangeError('NumberReader: read past the packed numbers');
    const value = this.numbers[this.at] as number;
    this.at += 1;
    return value;
  }

  sum(): ExactSum {
    const count = this.number();
    const sum = exactSum();
    for (let index = 0; index < count; index += 1) sum.push(this.raw());
    return sum;
  }

  /** Adds a sum's partials, as `sum` wrote them, into `target` (exact, as every addition to a sum is). */
  addSumTo(target: ExactSum): void {
    const count = this.number();
    for (let index = 0; index < count; index += 1) addToSum(target, this.raw());
  }

  /** True once every number has been read. */
  get done(): boolean {
    return this.at === this.numbers.length;
  }
}

/** A state packed to cross threads: its texts (group keys) and its numbers. */
export interface PackedState {
  readonly texts: readonly string[];
  readonly numbers: Float64Array;
}

/** True for a state packed by a fold's pack (its numbers can be handed to another thread). */
export function isPackedState(value: unknown): value is PackedState {
  return typeof value === 'object' && value !== null && (value as Partial<PackedState>).numbers instanceof Float64Array && Array.isArray((value as Partial<PackedState>).texts);
}
