/** renderJson: the document as JSON, never NaN or Infinity, Maps and Sets as plain JSON. */
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/renderers/json.js';

describe('renderJson', () => {
  it('writes the document indented, with -0 as 0', () => {
    expect(renderJson({ a: 1, b: [-0, null, 'x'] })).toBe('{\n  "a": 1,\n  "b": [\n    0,\n    null,\n    "x"\n  ]\n}\n');
  });

  it('refuses NaN and Infinity anywhere, naming the key (JSON.stringify alone would print null)', () => {
    expect(() => renderJson({ groups: [{ rate: Number.NaN }] })).toThrow('non-finite number at "rate"');
    expect(() => renderJson({ total: { value: Number.POSITIVE_INFINITY } })).toThrow('non-finite number at "value"');
    expect(() => renderJson([1, 2, Number.NEGATIVE_INFINITY])).toThrow('non-finite number at "2"');
  });

  it('writes Maps as objects and Sets as lists, without changing the document', () => {
    const document = { byRule: new Map([['duplicate-id', 2]]), names: new Set(['b', 'a']), nested: [{ counts: new Map([['x', 1]]) }] };
    expect(JSON.parse(renderJson(document))).toEqual({ byRule: { 'duplicate-id': 2 }, names: ['b', 'a'], nested: [{ counts: { x: 1 } }] });
    expect(document.byRule).toBeInstanceOf(Map);
    expect(document.nested[0]?.counts).toBeInstanceOf(Map);
  });

  it('refuses a non-finite number inside a Map', () => {
    expect(() => renderJson({ byRule: new Map([['x', Number.NaN]]) })).toThrow('non-finite number at "x"');
  });
});
