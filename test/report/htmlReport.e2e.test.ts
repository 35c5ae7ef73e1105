/// <reference lib="dom" />
/**
 * The HTML report end to end: rendered by the real binary, opened in a real headless Chromium
 * (Debian's package, through playwright-core), with its charts present, no console errors,
 * no scripts and no network requests. Hostile names from the data stay text.
 *
 * And it fits its page (issue #15): the examples' report at the page's 1,040 px and at an A4
 * page's printable width, and printed to an A4 PDF. No table is wider than its container, no two
 * chart labels overlap, no label leaves its SVG. Screenshots go next to the report (look at them).
 *
 * One file, so that both share one Chromium and one rendering of the examples' report (the
 * fit tests had their own file: a second browser launch and the same report rendered again).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, FIXTURES, dealmath, tempDir } from '../cli/helpers.js';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path !== undefined && path !== '' && existsSync(path));
if (CHROMIUM === undefined) {
  // Loud on purpose: a missing browser must not look like a passing render test.
  console.error('\n*** Chromium not found: the HTML render test is SKIPPED, not passed. Install Debian\'s chromium (npm test does it as root) or set CHROMIUM_PATH. ***\n');
}

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

const EXAMPLE_ARGS = ['--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--history', join(EXAMPLES, 'history.csv'), '--reps', join(EXAMPLES, 'reps.csv'), '--accounts', join(EXAMPLES, 'accounts.csv')];

describe('HTML report', () => {
  const examplePath = join(OUT, 'report.html');
  const hostilePath = join(OUT, 'hostile.html');

  beforeAll(() => {
    const example = dealmath(['report', join(EXAMPLES, 'deals.csv'), ...EXAMPLE_ARGS, '--out', examplePath]);
    expect(example.stderr).not.toMatch(/internal error/);
    expect(example.code).toBe(0);
    const hostile = dealmath(['report', join(FIXTURES, 'report/hostile-names.csv'), '--as-of', '2026-11-20', '--target', '10000', '--out', hostilePath]);
    expect(hostile.code).toBe(0);
  });

  it('is one self-contained file: inline CSS and SVG, no scripts, no external references', () => {
    const html = readFileSync(examplePath, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).toContain('<style>');
    expect((html.match(/<svg class="chart"/g) ?? []).length).toBeGreaterThanOrEqual(5);
  });

  it('escapes every name from the data', () => {
    const html = readFileSync(hostilePath, 'utf8');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>Sons</b>');
    expect(html).toContain('Bob &amp; &lt;b&gt;Sons&lt;/b&gt;');
  });

  describe.skipIf(CHROMIUM === undefined)('in headless Chromium', () => {
    let browser: import('playwright-core').Browser;

    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: CHROMIUM as string,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    for (const [name, path] of [['examples', examplePath], ['hostile names', hostilePath]] as const) {
      it(`renders the ${name} report with its charts and no console errors`, async () => {
        const page = await browser.newPage();
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
        page.on('request', (request) => requests.push(request.url()));
        const url = pathToFileURL(path).href;
        await page.goto(url, { waitUntil: 'load' });
        const facts = await page.evaluate(() => ({
          title: document.querySelector('h1')?.textContent ?? '',
          charts: document.querySelectorAll('svg.chart').length,
          bars: document.querySelectorAll('svg.chart .bar').length,
          scripts: document.scripts.length,
          tables: document.querySelectorAll('table').length,
          width: document.documentElement.scrollWidth,
        }));
        await page.screenshot({ path: `${path}.png`, fullPage: true });
        await page.close();
        expect(problems).toEqual([]);
        expect(requests).toEqual([url]);
        expect(facts.title).toBe('Pipeline review');
        expect(facts.scripts).toBe(0);
        expect(facts.charts).toBeGreaterThanOrEqual(name === 'examples' ? 5 : 2);
        expect(facts.bars).toBeGreaterThan(0);
        expect(facts.tables).toBeGreaterThan(3);
      }, 60_000);
    }

    describe('fits the page and A4', () => {
      it('at 1,040 px: no table wider than its container, no overlapping or escaping chart labels', async () => {
        const page = await browser.newPage({ viewport: { width: 1040, height: 900 } });
        await page.goto(pathToFileURL(examplePath).href, { waitUntil: 'load' });
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
        await page.goto(pathToFileURL(examplePath).href, { waitUntil: 'load' });
        const layout = await page.evaluate(measure);
        await page.screenshot({ path: join(OUT, 'report-a4.png'), fullPage: true });
        const pdf = join(OUT, 'report-a4.pdf');
        await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
        await page.close();
        expect(layout).toMatchObject({ wideTables: [], overlaps: [], outside: [] });
        expect(statSync(pdf).size).toBeGreaterThan(10_000);
      }, 60_000);
    });
  });
});
