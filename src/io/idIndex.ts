/**
 * The ids seen so far, to reject duplicates (METRICS.md "Validation": the first row with an id
 * is used, every later one rejected). This is the one structure that grows with rows, so it is
 * kept compact: each id is stored as two independent hashes (52 + 32 = 84 bits) with where it
 * was first seen, in typed arrays with open addressing: 20 bytes a slot instead of a Map entry
 * and a string (about 100 bytes). Two different ids among a million collide with a chance of
 * about 3e-14 (n^2 / 2^85).
 */
export class IdIndex {
  private first: Float64Array;
  private second: Uint32Array;
  private where: Float64Array;
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.first = new Float64Array(capacity);
    this.second = new Uint32Array(capacity);
    this.where = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Where `id` was first seen, or -1 after recording it as first seen at `location` (>= 0). */
  firstSeenOrAdd(id: string, location: number): number {
    if ((this.count + 1) * 2 > this.first.length) this.grow();
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
    // Slots hold hash + 1 so that 0 marks an empty slot.
    const a = (a1 & 0xfffff) * 0x100000000 + (a0 >>> 0) + 1;
    const b = (b0 ^ b1) >>> 0;
    const mask = this.first.length - 1;
    let slot = a0 & mask;
    for (;;) {
      const stored = this.first[slot] as number;
      if (stored === 0) {
        this.first[slot] = a;
        this.second[slot] = b;
        this.where[slot] = location;
        this.count += 1;
        return -1;
      }
      if (stored === a && this.second[slot] === b) return this.where[slot] as number;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { first, second, where } = this;
    const capacity = first.length * 2;
    this.first = new Float64Array(capacity);
    this.second = new Uint32Array(capacity);
    this.where = new Float64Array(capacity);
    const mask = capacity - 1;
    for (let index = 0; index < first.length; index += 1) {
      const stored = first[index] as number;
      if (stored === 0) continue;
      // The low 32 bits of the first hash place a slot (as in firstSeenOrAdd).
      let slot = ((stored - 1) % 0x100000000) & mask;
      while (this.first[slot] !== 0) slot = (slot + 1) & mask;
      this.first[slot] = stored;
      this.second[slot] = second[index] as number;
      this.where[slot] = where[index] as number;
    }
  }
}

/** FNV-1a style over UTF-16 code units in two 32-bit lanes, folded to 52 bits (exact in a double). */
export function hash52(text: string, seedLow: number, seedHigh: number): number {
  let low = seedLow >>> 0;
  let high = seedHigh >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    high = Math.imul(high ^ code ^ (low >>> 13), 0x01000193) >>> 0;
  }
  // Mix the lanes once more so that short ids spread over the table.
  high = Math.imul(high ^ (high >>> 15), 0x85ebca6b) >>> 0;
  return (high & 0xfffff) * 0x100000000 + low;
}
