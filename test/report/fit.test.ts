/** Output that fits its width (src/report/fit.ts): tables split by columns, text wrapped at spaces. */
import { describe, expect, it } from 'vitest';
import { breakAtSpaces, fitTable, wrapLine } from '../../src/report/fit.js';

// cli-table3 draws a column of content width w as w + 3 columns (padding and border), plus 1.
const head = ['owner', 'Won value', 'Lost value', 'Open value'];
const rows = [
  ['Aisha Khan', '29,940', '132,209', '426,834'],
  ['Total', '1,535,072', '5,788,526', '15,133,292'],
];

describe('fitTable', () => {
  it('keeps a table that fits as it is', () => {
    // widths 10, 9, 10, 10 -> 13 + 12 + 13 + 13 + 1 = 52 columns
    expect(fitTable({ head, rows, labelColumns: 1 }, 52)).toEqual([{ kind: 'table', head, rows, columns: [0, 1, 2, 3] }]);
  });

  it('breaks headers at spaces before splitting', () => {
    const wide = { head: ['owner', 'Won value to date', 'n'], rows: [['Ann', '10', '1']], labelColumns: 1 };
    // natural: 5 + 17 + 1 -> 8 + 20 + 4 + 1 = 33; headers broken to the 5-wide "value"/"date" lines -> 8 + 8 + 4 + 1 = 21
    const [part] = fitTable(wide, 25);
    expect(part).toEqual({ kind: 'table', head: ['owner', 'Won\nvalue\nto\ndate', 'n'], rows: [['Ann', '10', '1']], columns: [0, 1, 2] });
  });

  it('splits columns into groups that each repeat the row labels', () => {
    // Widths 10, 9, 9 ("Lost value" breaks to "Lost"/"value" over its 9-wide cells), 10: 51 columns in all.
    // At 40: labels and two value columns take 1 + 13 + 12 + 12 = 38; the third goes to a second group.
    const parts = fitTable({ head, rows, labelColumns: 1 }, 40);
    expect(parts.map((part) => (part.kind === 'table' ? part.columns : null))).toEqual([[0, 1, 2], [0, 3]]);
    expect(parts[1]).toMatchObject({ rows: [['Aisha Khan', '426,834'], ['Total', '15,133,292']] });
  });

  it('breaks a long text column at spaces, and shows records when a word is too long to fit', () => {
    const messages = { head: ['Row', 'Message'], rows: [['4', 'expected an amount such as 20000 or 20,000.50']], labelColumns: 1 };
    const [part] = fitTable(messages, 30);
    // room beside the 3-wide label column: 30 - (3 + 3 + 1) - 3 = 20
    expect(part).toMatchObject({ kind: 'table', rows: [['4', 'expected an amount\nsuch as 20000 or\n20,000.50']] });
    const unbreakable = { head: ['Row', 'Id'], rows: [['4', 'x'.repeat(40)]], labelColumns: 1 };
    expect(fitTable(unbreakable, 30)).toEqual([{ kind: 'records', lines: ['Row: 4', `Id: ${'x'.repeat(40)}`] }]);
  });
});

describe('wrapLine and breakAtSpaces', () => {
  it('wraps at spaces, indents continuation lines, and never cuts a word', () => {
    expect(wrapLine('coverage n/a: target already met (Sophie Laurent)', 20, 2)).toEqual(['coverage n/a: target', '  already met', '  (Sophie Laurent)']);
    expect(wrapLine('short', 20)).toEqual(['short']);
    expect(wrapLine('a supercalifragilistic word', 10)).toEqual(['a', 'supercalifragilistic', 'word']);
    // a flag keeps its value on its line, so the suggestion can be copied whole
    expect(wrapLine('confirm with --map status="Flag"', 20)).toEqual(['confirm with', '--map status="Flag"']);
  });

  it('measures display width, not UTF-16 units: wide characters count twice', () => {
    // 営業 is 4 columns wide
    expect(wrapLine('営業 営業 営業', 9)).toEqual(['営業 営業', '営業']);
    expect(breakAtSpaces('Required pipeline', 8)).toBe('Required\npipeline');
  });
});
