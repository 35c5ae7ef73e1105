/**
 * The shape every metric takes: a fold over records (DESIGN.md "The flow").
 * `add` may update the state it is given in place (the state belongs to the fold run) and
 * returns it; records are never mutated. `merge` combines the states of two disjoint
 * parts of the input, so the same fold runs on file chunks in worker threads.
 * States are plain data (numbers, strings, arrays, Maps) so they survive structured clone; a
 * fold with a state per group can also pack it as numbers, which cross threads far cheaper
 * (packedState.ts).
 */
import { orderGroups } from './humanOrder.js';
import { keptText } from '../model/keptText.js';
import { NumberReader, NumberWriter, type PackedState, type StateCodec } from './packedState.js';
import { textRecordConstructor } from '../model/textRecord.js';

export interface Fold<Input, State, Result> {
  init(): State;
  add(state: State, record: Input): State;
  merge(a: State, b: State): State;
  finish(state: State): Result;
  /** How the state is written as numbers, when it can be (packedState.ts). */
  readonly codec?: StateCodec<State>;
  /**
   * The state packed to cross threads, and a later part's packed state merged into `state` in
   * place (the state belongs to the fold run, as with add): given by groupedFold when its fold
   * has a codec.
   */
  pack?(state: State): PackedState;
  mergePacked?(state: State, packed: PackedState): State;
}

/** Runs a fold over an in-memory list: for tests and small inputs. */
export function runFold<Input, State, Result>(fold: Fold<Input, State, Result>, records: Iterable<Input>): Result {
  let state = fold.init();
  for (const record of records) state = fold.add(state, record);
  return fold.finish(state);
}

/** Folds records into one state per group key, plus one state over all records. */
export interface Grouped<State> {
  readonly total: State;
  /** Group key (see groupKeyOf) -> state. */
  readonly groups: Map<string, State>;
}

export interface GroupedResult<Result> {
  readonly total: Result;
  readonly groups: readonly { readonly key: Readonly<Record<string, string>>; readonly result: Result }[];
}

/**
 * Lifts a fold to per-group states. `keyOf` gives a record's group key as an array of
 * dimension values in `dimensions` order; groups come out sorted by key for deterministic output.
 */
export function groupedFold<Input, State, Result>(
  fold: Fold<Input, State, Result>,
  dimensions: readonly string[],
  keyOf: (record: Input) => readonly string[],
): Fold<Input, Grouped<State>, GroupedResult<Result>> {
  const codec = fold.codec;
  return {
    ...(codec === undefined ? {} : { pack: (state: Grouped<State>) => packGroups(state, codec), mergePacked: (state: Grouped<State>, packed: PackedState) => mergePackedGroups(state, packed, codec) }),
    init: () => ({ total: fold.init(), groups: new Map() }),
    add(state, record) {
      const total = fold.add(state.total, record);
      if (dimensions.length === 0) return total === state.total ? state : { total, groups: state.groups };
      const key = keyText(keyOf(record));
      const groupState = state.groups.get(key);
      if (groupState === undefined) {
        state.groups.set(keptText(key), fold.add(fold.init(), record));
      } else {
        // Folds that update their state in place return it: the map already holds it.
        const updated = fold.add(groupState, record);
        if (updated !== groupState) state.groups.set(key, updated);
      }
      return total === state.total ? state : { total, groups: state.groups };
    },
    merge(a, b) {
      const groups = new Map(a.groups);
      for (const [key, groupState] of b.groups) {
        const existing = groups.get(key);
        groups.set(key, existing === undefined ? groupState : fold.merge(existing, groupState));
      }
      return { total: fold.merge(a.total, b.total), groups };
    },
    finish(state) {
      // One fast shape for every group's key, `__proto__` an ordinary dimension name (textRecord.ts).
      const GroupKey = textRecordConstructor();
      const keys = orderGroups([...state.groups.keys()], (key) => (dimensions.length === 1 ? [key] : (JSON.parse(key) as string[])), (key) => key);
      return {
        total: fold.finish(state.total),
        groups: keys.map((key) => {
          const values = dimensions.length === 1 ? [key] : (JSON.parse(key) as string[]);
          const named = new GroupKey();
          dimensions.forEach((dimension, index) => {
            named[dimension] = values[index] ?? '';
          });
          return { key: named, result: fold.finish(state.groups.get(key) as State) };
        }),
      };
    },
  };
}

/** The group keys as texts, and the total's then each group's numbers in key order. */
function packGroups<State>(state: Grouped<State>, codec: StateCodec<State>): PackedState {
  const out = new NumberWriter();
  codec.write(state.total, out);
  for (const groupState of state.groups.values()) codec.write(groupState, out);
  return { texts: [...state.groups.keys()], numbers: out.finish() };
}

/**
 * Adds a packed part into `state`: a group it has is merged in place, a new one read. Merging
 * 57,000 unpacked groups with merge took 350 ms, most of it copying the map and making states
 * to drop at once.
 */
function mergePackedGroups<State>(state: Grouped<State>, packed: PackedState, codec: StateCodec<State>): Grouped<State> {
  const input = new NumberReader(packed.numbers);
  codec.readInto(state.total, input);
  for (const key of packed.texts) {
    const existing = state.groups.get(key);
    if (existing === undefined) state.groups.set(key, codec.read(input));
    else codec.readInto(existing, input);
  }
  if (!input.done) throw new RangeError('groupedFold: packed numbers left over after the last group');
  return state;
}

/** One dimension keys by its value as is (no allocation on the per-row path); several by their JSON. */
function keyText(values: readonly string[]): string {
  return values.length === 1 ? (values[0] as string) : JSON.stringify(values);
}

/** The text a group's key (dimension -> value) is keyed by, as the fold keys it: for matching groups of two results. */
export function groupKeyText(key: Readonly<Record<string, string>>, dimensions: readonly string[]): string {
  return keyText(dimensions.map((dimension) => key[dimension] ?? ''));
}


/** A fold being run record by record: its state, and the part-merging a parallel read needs. */
export interface FoldRun<Input, State, Result> {
  add(record: Input): void;
  /** The state so far, as plain data (sent back from a worker thread). */
  snapshot(): State;
  /** Merges the state of another part of the input, in input order. */
  absorb(other: unknown): void;
  finish(): Result;
}

export function foldRun<Input, State, Result>(fold: Fold<Input, State, Result>): FoldRun<Input, State, Result> {
  let state = fold.init();
  return {
    add: (record) => {
      state = fold.add(state, record);
    },
    snapshot: () => state,
    absorb: (other) => {
      state = fold.merge(state, other as State);
    },
    finish: () => fold.finish(state),
  };
}
