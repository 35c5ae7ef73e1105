/**
 * The README and the pages under docs/ show real output: every ```console block that follows a
 * `<!-- run -->` marker is the output of the command on its `$ dealmath ...` line, run on the
 * bundled examples. Run `UPDATE_README=1 npx vitest run test/readme.test.ts` to refresh the blocks
 * of every such file after a change (rebuild first: the blocks run the real binary).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, dealmath } from './cli/helpers.js';
import { run } from './cli/inProcess.js';

const BLOCK = /<!-- run -->\n```console\n\$ dealmath ([^\n]*)\n([\s\S]*?)```/g;

/** README.md and every Markdown page under docs/, as paths relative to the repository. */
const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];

function splitArgs(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

function trimLines(text: string): string {
  return text.split('\n').map((line) => line.trimEnd()).join('\n').trimEnd();
}

const texts = new Map(FILES.map((file) => [file, readFileSync(join(ROOT, file), 'utf8')]));
const blocksOf = (file: string) => [...(texts.get(file) ?? '').matchAll(BLOCK)];

describe('runnable examples in README.md and docs/', () => {
  it('has runnable examples: a quick start in the README, every command in docs/commands.md', () => {
    expect(blocksOf('README.md').length).toBeGreaterThanOrEqual(1);
    for (const file of FILES) {
      // A marker whose block does not match (a typo in the fence) would be skipped silently.
      expect({ file, blocks: blocksOf(file).length }).toEqual({ file, blocks: (texts.get(file) ?? '').split('<!-- run -->').length - 1 });
    }
    const reference = blocksOf('docs/commands.md').map(([, command]) => (command ?? '').split(' ')[0]);
    for (const command of ['inspect', 'validate', 'winrate', 'velocity', 'coverage', 'funnel', 'pvf', 'pareto', 'scorecard', 'quadrant', 'report']) {
      expect(reference).toContain(command);
    }
  });

  if (process.env.UPDATE_README === '1') {
    it('updates the blocks', () => {
      for (const file of FILES) {
        const text = texts.get(file) ?? '';
        const updated = text.replace(BLOCK, (_whole, command: string) => {
          const result = dealmath(splitArgs(command));
          return `<!-- run -->\n\`\`\`console\n$ dealmath ${command}\n${trimLines(result.stdout)}\n\`\`\``;
        });
        if (updated !== text) writeFileSync(join(ROOT, file), updated);
      }
    });
    return;
  }

  for (const file of FILES) {
    for (const [, command, expected] of blocksOf(file)) {
      it(`${file}: dealmath ${command}`, async () => {
        const result = await run(splitArgs(command ?? ''));
        expect(result.code === 0 || result.code === 1).toBe(true);
        expect(trimLines(result.stdout)).toBe(trimLines(expected ?? ''));
      });
    }
  }
});
