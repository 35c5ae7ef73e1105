import { describe, expect, it } from 'vitest';
import { RepeatedTexts } from '../../src/model/repeatedTexts.js';

describe('RepeatedTexts', () => {
  it('resolves each distinct text once while it is remembered, and the same text always means the same', () => {
    const resolved: string[] = [];
    const lengths = new RepeatedTexts((text: string) => {
      resolved.push(text);
      return { length: text.length };
    }, 2, 3);
    // Fresh strings equal to earlier ones (as a parser hands them over), not the same objects.
    const texts = ['Proposal', 'Won', 'Lost', 'Discovery', 'Negotiation', 'Other'];
    for (let round = 0; round < 3; round += 1) {
      for (const text of texts) expect(lengths.get(text.split('').join(''))).toEqual({ length: text.length });
    }
    // Two in the short list, three in the map, and the sixth resolved every time (3 rounds).
    expect(resolved).toEqual(['Proposal', 'Won', 'Lost', 'Discovery', 'Negotiation', 'Other', 'Other', 'Other']);
  });

  it('gives the first string it saw for a text, so later lookups by it reuse one hashed string', () => {
    const codes = new RepeatedTexts((code: string) => ({ code }));
    const first = codes.get(['E', 'U', 'R'].join(''));
    const again = codes.get(['E', 'U', 'R'].join(''));
    expect(again).toBe(first);
    expect(again.code).toBe('EUR');
  });
});
