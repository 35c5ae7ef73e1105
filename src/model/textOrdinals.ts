/**
 * Distinct texts numbered 0, 1, 2... in the order first seen, and found again by text: what a
 * Map<string, number> does, for the million ids of a stage history. A Map took about 300 ns for
 * each new id and as much for each lookup of a cell fresh from the parser (which has no hash
 * yet), and about 40 bytes an id; this table hashes the text itself (FNV-1a), keeps only the
 * ordinals in one typed array with open addressing, and compares texts to confirm a match, so
 * it is exact: 4 to 8 bytes an id and about half the time.
 */
const EMPTY = -1;

export class TextOrdinals {
  /** The texts, each once; a text's ordinal is its index here. */
  readonly texts: string[] = [];
  /** Per slot: the ordinal of the text placed there, or EMPTY. At most half the slots are taken. */
  private slots: Int32Array;

  constructor(expected = 1024) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(EMPTY);
  }

  get size(): number {
    return this.texts.length;
  }

  /** The ordinal of `text`, or -1 when it has none. */
  ordinalOf(text: string): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let slot = hashOf(text) & mask; ; slot = (slot + 1) & mask) {
      const ordinal = slots[slot] as number;
      if (ordinal === EMPTY || this.texts[ordinal] === text) return ordinal;
    }
  }

  /** The ordinal of `text`, numbering it next when it is new; `kept` is the copy stored for a new text. */
  ordinalOrAdd(text: string, kept: (text: string) => string = (same) => same): number {
    if ((this.texts.length + 1) * 2 > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let slot = hashOf(text) & mask; ; slot = (slot + 1) & mask) {
      const ordinal = slots[slot] as number;
      if (ordinal === EMPTY) {
        const added = this.texts.length;
        this.texts.push(kept(text));
        slots[slot] = added;
        return added;
      }
      if (this.texts[ordinal] === text) return ordinal;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let at = 0; at < old.length; at += 1) {
      const ordinal = old[at] as number;
      if (ordinal === EMPTY) continue;
      let slot = hashOf(this.texts[ordinal] as string) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = ordinal;
    }
    this.slots = slots;
  }
}

/** 32-bit FNV-1a over the UTF-16 code units, its high bits folded into the low ones the mask keeps. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash ^ (hash >>> 16);
}
