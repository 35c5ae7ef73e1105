/**
 * The ids seen so far, to reject duplicates (METRICS.md "Validation": the first row with an id
 * is used, every later one rejected). This is the one structure that grows with rows, so it is
 * kept compact: each id is stored as two independent hashes (52 + 32 = 84 bits) with where it
 * was first seen, in one typed array with open addressing: 24 bytes a slot instead of a Map entry
 * and a string (about 100 bytes). A slot's three numbers sit side by side, so a lookup touches one
 * cache line, and linear probing stays within it. Two different ids among a million collide with
 * a chance of about 3e-14 (n^2 / 2^85).
 */
const STRIDE = 3;
/** Grow when more than this share of the slots is taken. */
const MAX_LOAD = 0.75;

export class IdIndex {
  /** Per slot: first hash + 1 (0 marks an empty slot), second hash, first location. */
  private slots: Float64Array;
  private capacity: number;
  private count = 0;
  private readonly scratch = new Int32Array(4096);
  /** Written by warm() so that its loads are not optimized away. */
  private touched = 0;

  /** `expectedIds`: how many ids to make room for up front (an estimate; the index grows past it). */
  constructor(expectedIds = 1 << 15) {
    this.capacity = 1 << 4;
    while (this.capacity * MAX_LOAD < expectedIds) this.capacity <<= 1;
    this.slots = freshSlots(this.capacity);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Touches the slots the next ids will probe, so that their cache misses overlap: one at a time,
   * each lookup in a table of tens of MB waits for memory (a third of the reading time of 1M
   * deals went to that one load). Only a hint; ids are checked by firstSeenOrAdd as usual.
   */
  warm(ids: readonly string[]): void {
    const mask = this.capacity - 1;
    let touched = 0;
    // In windows of the scratch array: first every slot, then the loads, which the CPU overlaps.
    for (let from = 0; from < ids.length; from += this.scratch.length) {
      const count = Math.min(ids.length - from, this.scratch.length);
      for (let index = 0; index < count; index += 1) {
        const id = ids[from + index] as string;
        let a0 = 0x811c9dc5;
        for (let at = 0; at < id.length; at += 1) a0 = Math.imul(a0 ^ id.charCodeAt(at), 0x01000193);
        this.scratch[index] = (a0 & mask) * STRIDE;
      }
      for (let index = 0; index < count; index += 1) touched += this.slots[this.scratch[index] as number] as number;
    }
    this.touched = touched;
  }

  /** Where `id` was first seen, or -1 after recording it as first seen at `location` (>= 0). */
  firstSeenOrAdd(id: string, location: number): number {
    if (this.count + 1 > this.capacity * MAX_LOAD) this.grow();
    // Four 32-bit FNV-1a lanes in one pass over the id: two 52-bit hashes.
    let a0 = 0x811c9dc5;
    let a1 = 0x050c5d1f;
    let b0 = 0x9e3779b9;
    let b1 = 0x7f4a7c15;
    for (let index = 0; index < id.length; index += 1) {
      const code = id.charCodeAt(index);
      a0 = Math.imul(a0 ^ code, 0x01000193);
      a1 = Math.imul(a1 ^ code ^ (a0 >>> 13), 0x01000193);
      b0 = Math.imul(b0 ^ code, 0x01000193);
      b1 = Math.imul(b1 ^ code ^ (b0 >>> 11), 0x01000193);
    }
    a1 = Math.imul(a1 ^ (a1 >>> 15), 0x85ebca6b);
    b1 = Math.imul(b1 ^ (b1 >>> 15), 0x85ebca6b);
    const a = (a1 & 0xfffff) * 0x100000000 + (a0 >>> 0) + 1;
    const b = (b0 ^ b1) >>> 0;
    const slots = this.slots;
    const mask = this.capacity - 1;
    let slot = a0 & mask;
    for (;;) {
      const at = slot * STRIDE;
      const stored = slots[at] as number;
      if (stored === 0) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = location;
        this.count += 1;
        return -1;
      }
      if (stored === a && slots[at + 1] === b) return slots[at + 2] as number;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * The index's table, to send to another thread (transfer its buffer) and rebuild there with
   * IdIndex.fromTable: how parts of a file read in different threads find an id in two parts.
   */
  table(): Float64Array {
    return this.slots;
  }

  /** An index over a table from table() holding `size` ids; it finds the same ids. */
  static fromTable(slots: Float64Array, size: number): IdIndex {
    const index = new IdIndex(0);
    index.capacity = slots.length / STRIDE;
    index.slots = slots;
    index.count = size;
    return index;
  }

  /**
   * True when some id is in both indexes. Walks the other table in slot order and probes this
   * one where each id lives; both place ids by the low bits of the same hash, so the probes move
   * forward through this table too and stay cache-friendly (no sorting needed).
   */
  sharesAnIdWith(other: IdIndex): boolean {
    const theirs = other.slots;
    const slots = this.slots;
    const mask = this.capacity - 1;
    for (let from = 0; from < theirs.length; from += STRIDE) {
      const stored = theirs[from] as number;
      if (stored === 0) continue;
      const second = theirs[from + 1] as number;
      let slot = (stored - 1) & mask;
      for (;;) {
        const at = slot * STRIDE;
        const mine = slots[at] as number;
        if (mine === 0) break;
        if (mine === stored && slots[at + 1] === second) return true;
        slot = (slot + 1) & mask;
      }
    }
    return false;
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.slots = freshSlots(this.capacity);
    const mask = this.capacity - 1;
    for (let from = 0; from < old.length; from += STRIDE) {
      const stored = old[from] as number;
      if (stored === 0) continue;
      // The low 32 bits of the first hash place a slot (as in firstSeenOrAdd).
      let slot = (stored - 1) & mask;
      while (this.slots[slot * STRIDE] !== 0) slot = (slot + 1) & mask;
      const to = slot * STRIDE;
      this.slots[to] = stored;
      this.slots[to + 1] = old[from + 1] as number;
      this.slots[to + 2] = old[from + 2] as number;
    }
  }
}

/**
 * A zeroed table whose pages are written once up front. A fresh typed array's pages are mapped
 * lazily; warm() would read them first, mapping the shared zero page, and the later write then
 * faults again and flushes the TLB of every core the process runs on. With worker threads that
 * cost 0.2 s of CPU on 1M deals; one memset costs a few ms.
 */
function freshSlots(capacity: number): Float64Array {
  return new Float64Array(capacity * STRIDE).fill(0);
}
