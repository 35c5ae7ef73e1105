/**
 * docs/metrics.md is the repository's copy of the metric definitions: it must stay in step with
 * the team's contract (shared/METRICS.md beside the repository, where a checkout has it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './cli/inProcess.js';

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

/** The program's --help, and each command's (main() in this process: the text is what is checked). */
const help = (await run(['--help'])).stdout;

describe('docs/commands.md', () => {
  const commands = readFileSync(new URL('../docs/commands.md', import.meta.url), 'utf8');

  it('is what the README and --help link to', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('](docs/commands.md)');
    expect(help).toContain('docs/commands.md');
    expect(help).toContain('docs/metrics.md');
  });

  // Every option each command's --help lists is named in that command's section
  // of the reference or under "Shared options".
  const names = [...help.matchAll(/^ {2}([a-z]+) \[options\]/gm)].map((match) => match[1] ?? '');
  const shared = sectionOf(commands, 'Shared options');
  it('finds the commands in --help', () => {
    expect(names).toEqual(expect.arrayContaining(['inspect', 'validate', 'winrate', 'report']));
  });
  for (const name of names) {
    it(`describes every option of ${name}`, async () => {
      const section = sectionOf(commands, name);
      expect(section, `a "## ${name}" section`).not.toBe('');
      const options = [...(await run([name, '--help'])).stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((match) => match[1] ?? '');
      expect(options.length).toBeGreaterThan(5);
      const named = (text: string, option: string) => new RegExp(`(?<![\\w-])${option}(?![\\w-])`).test(text);
      expect(options.filter((option) => !named(section, option) && !named(shared, option))).toEqual([]);
    });
  }
});

/** The text of a "## name" section, up to the next "## " heading (empty when there is none). */
function sectionOf(text: string, name: string): string {
  const start = text.indexOf(`\n## ${name}\n`);
  if (start === -1) return '';
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}
