/// <reference lib="dom" />
/**
 * The HTML report fits its page (issue #15): rendered by the real binary from the examples'
 * config, opened in headless Chromium at the page's 1,040 px and at an A4 page's printable width,
 * and printed to an A4 PDF. No table is wider than its container, no two chart labels overlap,
 * no label leaves its SVG. Screenshots go next to the report (look at them).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, dealmath, tempDir } from '../cli/helpers.js';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path !== undefined && path !== '' && existsSync(path));
if (CHROMIUM === undefined) console.error('\n*** Chromium not found: the HTML fit test is SKIPPED, not passed. ***\n');

/** Where the screenshots and the PDF go: DEALMATH_SHOTS when set (to look at them), else a temporary folder. */
const OUT = process.env.DEALMATH_SHOTS ?? tempDir();

interface Layout {
  readonly wideTables: string[];
  readonly overlaps: string[];
  readonly outside: string[];
  readonly tables: number;
  readonly labels: number;
}

/** What the page looks like in the browser: tables wider than their container, overlapping chart labels, labels outside their SVG. */
function measure(): Layout {
  const wideTables: string[] = [];
  for (const table of Array.from(document.querySelectorAll('table'))) {
    const container = table.parentElement as HTMLElement;
    if (table.scrollWidth > container.clientWidth + 1) wideTables.push(`${table.closest('section')?.querySelector('h2')?.textContent ?? '?'}: ${table.scrollWidth} > ${container.clientWidth}`);
  }
  const overlaps: string[] = [];
  const outside: string[] = [];
  let labels = 0;
  for (const svg of Array.from(document.querySelectorAll('svg.chart'))) {
    const frame = svg.getBoundingClientRect();
    const boxes = Array.from(svg.querySelectorAll('text'))
      .filter((text) => (text.getAttribute('transform') ?? '') === '')
      .map((text) => ({ text: text.textContent ?? '', box: text.getBoundingClientRect() }));
    labels += boxes.length;
    const name = svg.getAttribute('aria-label') ?? '?';
    for (const { text, box } of boxes) {
      if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5 || box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5) outside.push(`${name}: "${text}"`);
    }
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i]?.box as DOMRect;
        const b = boxes[j]?.box as DOMRect;
        // A pixel of leeway: glyph boxes of neighbouring rows touch.
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps.push(`${name}: "${boxes[i]?.text}" / "${boxes[j]?.text}"`);
      }
    }
  }
  return { wideTables, overlaps, outside, tables: document.querySelectorAll('table').length, labels };
}

describe.skipIf(CHROMIUM === undefined)('HTML report fits the page and A4', () => {
  const path = join(OUT, 'report-fit.html');
  let browser: import('playwright-core').Browser;

  beforeAll(async () => {
    const result = dealmath(['report', '--config', 'dealmath.yaml', '--as-of', '2026-11-20', '--format', 'html', '--out', path], { cwd: EXAMPLES });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('at 1,040 px: no table wider than its container, no overlapping or escaping chart labels', async () => {
    const page = await browser.newPage({ viewport: { width: 1040, height: 900 } });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    const layout = await page.evaluate(measure);
    await page.screenshot({ path: join(OUT, 'report-1040.png'), fullPage: true });
    await page.close();
    expect(layout.tables).toBeGreaterThan(3);
    expect(layout.labels).toBeGreaterThan(20);
    expect(layout).toMatchObject({ wideTables: [], overlaps: [], outside: [] });
  }, 60_000);

  it('printed on A4: the print layout fits the printable width, and the PDF is written', async () => {
    // A4 is 210 mm wide; less the print CSS's 12 mm margins, 186 mm = 703 CSS px.
    const page = await browser.newPage({ viewport: { width: 703, height: 1000 } });
    await page.emulateMedia({ media: 'print' });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    const layout = await page.evaluate(measure);
    await page.screenshot({ path: join(OUT, 'report-a4.png'), fullPage: true });
    const pdf = join(OUT, 'report-a4.pdf');
    await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
    await page.close();
    expect(layout).toMatchObject({ wideTables: [], overlaps: [], outside: [] });
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
  }, 60_000);
});
