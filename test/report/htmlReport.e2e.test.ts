/// <reference lib="dom" />
/**
 * The HTML report end to end: rendered by the real binary, opened in a real headless Chromium
 * (Debian's package, through playwright-core), with its charts present, no console errors,
 * no scripts and no network requests. Hostile names from the data stay text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, FIXTURES, dealmath, tempDir } from '../cli/helpers.js';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path !== undefined && path !== '' && existsSync(path));
if (CHROMIUM === undefined) {
  // Loud on purpose: a missing browser must not look like a passing render test.
  console.error('\n*** Chromium not found: the HTML render test is SKIPPED, not passed. Install Debian\'s chromium (npm test does it as root) or set CHROMIUM_PATH. ***\n');
}

const EXAMPLE_ARGS = ['--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--history', join(EXAMPLES, 'history.csv'), '--reps', join(EXAMPLES, 'reps.csv'), '--accounts', join(EXAMPLES, 'accounts.csv')];

describe('HTML report', () => {
  const dir = tempDir();
  const examplePath = join(dir, 'report.html');
  const hostilePath = join(dir, 'hostile.html');

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
  });
});
