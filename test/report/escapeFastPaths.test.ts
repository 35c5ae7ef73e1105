/**
 * escapeMarkdown and removeEscapes skip their replacements for text that needs none; on every
 * text they must give what the full chain of replacements gives (written out here as the rule).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { removeEscapes } from '../../src/report/format.js';
import { escapeMarkdown } from '../../src/report/renderers/markdown.js';

/* eslint-disable no-control-regex */
const removeEscapesRule = (text: string): string =>
  text
    .replace(/\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b[ -/]*[0-~]/g, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '');
const escapeMarkdownRule = (text: string): string =>
  removeEscapesRule(text)
    .replace(/[\r\n\t]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/^(\s*)([#+-])(?=\s|$)/, '$1\\$2')
    .replace(/^(\s*)(\d+)\.(?=\s|$)/, '$1$2\\.');
/* eslint-enable no-control-regex */

const PIECES = ['a', 'Z', '1', '12', '.', ',', ' ', '\u00a0', '#', '+', '-', '&', '<', '>', '|', '*', '_', '`', '[', ']', '~', '\\', '\t', '\n', '\r', '\u001b', '\u001b[31m', '\u0007', '\u0085', 'é'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((pieces) => pieces.join(''));

describe('escape fast paths', () => {
  it('escapeMarkdown equals the full rule on every text', () => {
    fc.assert(fc.property(text, (value) => escapeMarkdown(value) === escapeMarkdownRule(value)), { numRuns: 20_000 });
  });

  it('removeEscapes equals the full rule on every text', () => {
    fc.assert(fc.property(text, (value) => removeEscapes(value) === removeEscapesRule(value)), { numRuns: 20_000 });
  });

  it('leaves ordinary cells as they are', () => {
    for (const cell of ['Acme Corp', '1,234', '0.5', '45.2%', '(none)', 'n/a']) expect(escapeMarkdown(cell)).toBe(cell);
    expect(escapeMarkdown('12. item')).toBe('12\\. item');
    expect(escapeMarkdown('- item')).toBe('\\- item');
  });
});

describe('whole-number fast path of the number formats', () => {
  it('writes counts and whole money amounts as Intl does, -0 and fractions included', async () => {
    const { formatCell } = await import('../../src/report/format.js');
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const values = fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.constantFrom(0, -0, 1, 999, 1000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, -5, -1234, 1234.5, 2.5, -2.5, 1e21));
    fc.assert(
      fc.property(values, (value) => formatCell(value, 'count') === intl.format(value) && (Math.abs(value) < 100 && !Number.isInteger(value) ? true : formatCell(value, 'money') === intl.format(Object.is(value, -0) ? 0 : value))),
      { numRuns: 5_000 },
    );
  });
});
