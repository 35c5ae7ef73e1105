/**
 * The README shows real output: every ```console block that follows a `<!-- run -->` marker is
 * the output of the command on its `$ dealmath ...` line, run on the bundled examples. Run
 * `UPDATE_README=1 npx vitest run test/readme.test.ts` to refresh the blocks after a change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, dealmath } from './cli/helpers.js';

const README = join(ROOT, 'README.md');
const BLOCK = /<!-- run -->\n```console\n\$ dealmath ([^\n]*)\n([\s\S]*?)```/g;

function splitArgs(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

function trimLines(text: string): string {
  return text.split('\n').map((line) => line.trimEnd()).join('\n').trimEnd();
}

const text = readFileSync(README, 'utf8');
const blocks = [...text.matchAll(BLOCK)];

describe('README examples', () => {
  it('has runnable examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
  });

  if (process.env.UPDATE_README === '1') {
    it('updates the README blocks', () => {
      const updated = text.replace(BLOCK, (_whole, command: string) => {
        const result = dealmath(splitArgs(command));
        return `<!-- run -->\n\`\`\`console\n$ dealmath ${command}\n${trimLines(result.stdout)}\n\`\`\``;
      });
      writeFileSync(README, updated);
    });
    return;
  }

  for (const [, command, expected] of blocks) {
    it(`dealmath ${command}`, () => {
      const result = dealmath(splitArgs(command ?? ''));
      expect(result.code === 0 || result.code === 1).toBe(true);
      expect(trimLines(result.stdout)).toBe(trimLines(expected ?? ''));
    });
  }
});
