/**
 * A small, fast, seeded pseudo-random generator for simulations: mulberry32 (Tommy Ettinger's
 * 32-bit generator, public domain). Same seed, same sequence, on every machine; not for
 * cryptography. Its period (2^32) is ample for a forecast's 10,000 runs of 10,000 deals.
 */

/** The seed dealmath uses when none is given (any fixed number: results must be reproducible). */
export const DEFAULT_SEED = 20_260_101;

/** 2^32: the number of distinct 32-bit draws. */
export const UINT32_RANGE = 4_294_967_296;

/** A generator's state: one 32-bit word, in an array so the hot loop updates it without a closure. */
export type RandomState = Int32Array;

/** The state for `seed` (any integer; taken mod 2^32). */
export function randomState(seed: number): RandomState {
  if (!Number.isInteger(seed)) throw new RangeError(`randomState: the seed must be an integer, got ${seed}`);
  return Int32Array.of(seed | 0);
}

/** The next uniform 32-bit unsigned integer (0 .. 2^32 - 1); advances `state`. */
export function nextUint32(state: RandomState): number {
  const word = nextState(state[0] as number);
  state[0] = word;
  return drawOfState(word);
}

/**
 * mulberry32's state is a counter: the next state word after `word`. The step is written as a
 * literal here, not a named constant: it is above the small-integer range, and read from a
 * binding it is added as a double, a third slower in the simulation's loop.
 */
export function nextState(word: number): number {
  return (word + 0x6d2b79f5) | 0;
}

/**
 * The draw of an already advanced state word. Hot loops keep the state in a local variable,
 * `word = nextState(word)`, and call this: the same sequence as nextUint32 without a
 * load and a store per draw.
 */
export function drawOfState(word: number): number {
  let t = Math.imul(word ^ (word >>> 15), 1 | word);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (t ^ (t >>> 14)) >>> 0;
}

/**
 * A generator of uniform 32-bit unsigned integers from `seed`.
 * @example const next = mulberry32(1); next(); // 2693262067 (0.62707... x 2^32, the published sequence)
 */
export function mulberry32(seed: number): () => number {
  const state = randomState(seed);
  return () => nextUint32(state);
}
