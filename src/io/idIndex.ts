/**
 * The ids seen so far, to reject duplicates (METRICS.md "Validation": the first row with an id
 * is used, every later one rejected). This is the one structure that grows with rows, so it is
 * kept compact: each id is stored as two independent 52-bit hashes (104 bits) with where it was
 * first seen, in typed arrays with open addressing: 24 bytes a slot instead of a Map entry and
 * a string (about 100 bytes). Two different ids collide with a chance below 1e-13 in a billion ids.
 */
export class IdIndex {
  private first: Float64Array;
  private second: Float64Array;
  private where: Float64Array;
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.first = new Float64Array(capacity);
    this.second = new Float64Array(capacity);
    this.where = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Where `id` was first seen, or -1 after recording it as first seen at `location` (>= 0). */
  firstSeenOrAdd(id: string, location: number): number {
    if ((this.count + 1) * 2 > this.first.length) this.grow();
    const a = hash52(id, 0x811c9dc5, 0x050c5d1f);
    const b = hash52(id, 0x01000193 ^ 0x9e3779b9, 0x7f4a7c15);
    const mask = this.first.length - 1;
    // Slots hold hash + 1 so that 0 marks an empty slot.
    let slot = a % (mask + 1);
    for (;;) {
      const stored = this.first[slot] as number;
      if (stored === 0) {
        this.first[slot] = a + 1;
        this.second[slot] = b + 1;
        this.where[slot] = location;
        this.count += 1;
        return -1;
      }
      if (stored === a + 1 && this.second[slot] === b + 1) return this.where[slot] as number;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { first, second, where } = this;
    const capacity = first.length * 2;
    this.first = new Float64Array(capacity);
    this.second = new Float64Array(capacity);
    this.where = new Float64Array(capacity);
    const mask = capacity - 1;
    for (let index = 0; index < first.length; index += 1) {
      const stored = first[index] as number;
      if (stored === 0) continue;
      let slot = (stored - 1) % capacity;
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
