/** No production dependency runs an install script (only the project's own build, `prepare`). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.js';

describe('dependencies', () => {
  it('have no install scripts', () => {
    const paths = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').slice(1);
    expect(paths.length).toBeGreaterThan(5);
    const withScripts = paths.filter((path) => {
      const scripts = (JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
      return ['preinstall', 'install', 'postinstall'].some((name) => name in scripts);
    });
    expect(withScripts).toEqual([]);
  });
});
