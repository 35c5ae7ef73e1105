/**
 * DEALMATH_VERSION (every document names it) is package.json's version: kept as a constant so
 * start-up does not read or import package.json, and held equal here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEALMATH_VERSION } from '../../src/model/version.js';

describe('DEALMATH_VERSION', () => {
  it('is the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(DEALMATH_VERSION).toBe(pkg.version);
  });
});
