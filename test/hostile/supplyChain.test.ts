/**
 * No install scripts beyond the project's own build (issue 8): no installed package, production or
 * development, runs a preinstall/install/postinstall script or builds a native addon (binding.gyp,
 * which npm would compile through node-gyp); the project itself only builds (`prepare`).
 * (`npm audit --omit=dev` needs the registry's advisory service, so it is run by hand, not here.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.js';

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

function packagesWithInstallSteps(args: string[]): { count: number; withSteps: string[] } {
  const paths = execFileSync('npm', ['ls', '--all', '--parseable', ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').slice(1);
  const withSteps = paths.filter((path) => {
    const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; gypfile?: boolean };
    return INSTALL_SCRIPTS.some((name) => name in (manifest.scripts ?? {})) || manifest.gypfile === true || existsSync(join(path, 'binding.gyp'));
  });
  return { count: paths.length, withSteps };
}

describe('dependencies', () => {
  it('production dependencies have no install scripts', () => {
    const { count, withSteps } = packagesWithInstallSteps(['--omit=dev']);
    expect(count).toBeGreaterThan(5);
    expect(withSteps).toEqual([]);
  });

  it('nor do development dependencies', () => {
    const { count, withSteps } = packagesWithInstallSteps([]);
    expect(count).toBeGreaterThan(20);
    expect(withSteps).toEqual([]);
  });

  it('the project runs only its own build', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(INSTALL_SCRIPTS.filter((name) => name in scripts)).toEqual([]);
    expect(scripts.prepare).toBe('npm run build');
  });
});
