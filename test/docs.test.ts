/**
 * docs/metrics.md is the repository's copy of the metric definitions: it must stay in step with
 * the team's contract (shared/METRICS.md beside the repository, where a checkout has it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const docs = readFileSync(new URL('../docs/metrics.md', import.meta.url), 'utf8');
const contractUrl = new URL('../../shared/METRICS.md', import.meta.url);
const contract = existsSync(contractUrl) ? readFileSync(contractUrl, 'utf8') : null;

/** The definitions proper: from "## Records" up to dealmath's own "## Readings". */
function definitions(text: string): string {
  const start = text.indexOf('## Records');
  const end = text.indexOf('\n## Readings');
  return text.slice(start, end === -1 ? undefined : end).trim();
}

describe('docs/metrics.md', () => {
  it('carries every definition section and dealmath readings', () => {
    for (const heading of ['## Records', '## Win rates', '## Sales velocity', '## Pipeline coverage', '## Validation (pipeline integrity)', '## Readings']) {
      expect(docs).toContain(`\n${heading}\n`);
    }
  });

  it.skipIf(contract === null)('repeats the contract word for word (update docs/metrics.md when it changes)', () => {
    expect(definitions(docs)).toBe(definitions(contract ?? ''));
  });

  it('is what the README links to', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('](docs/metrics.md)');
    expect(readme).not.toMatch(/\]\(\.\.\//);
  });
});
