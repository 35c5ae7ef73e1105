/** Sections (tables and charts for people) are built only when a renderer reads them, and once. */
import { describe, expect, it } from 'vitest';
import { metricOutput } from '../../src/report/sections/output.js';

describe('metricOutput', () => {
  it('builds its sections on first read only, and keeps them', () => {
    let builds = 0;
    const output = metricOutput({ json: { figure: 1 }, warnings: ['w'] }, () => {
      builds += 1;
      return [{ title: 'Section', tables: [] }];
    });
    // JSON output reads these and never the sections.
    expect(output.json).toEqual({ figure: 1 });
    expect(output.warnings).toEqual(['w']);
    expect(builds).toBe(0);
    const first = output.sections;
    expect(first).toEqual([{ title: 'Section', tables: [] }]);
    expect(output.sections).toBe(first);
    expect(builds).toBe(1);
  });
});
