/**
 * The config's `report:` section: what the weekly report reads and shows, so a cron line is
 * `dealmath report --config weekly.yaml --out reports/2026-11-23.html`.
 * Paths are relative to the config file.
 */
import { z } from 'zod';
import { MAX_AMOUNT } from './values.js';

export const REPORT_SECTIONS = ['kpis', 'winrates', 'velocity', 'coverage', 'forecast', 'movement', 'funnel', 'pvf', 'pareto-reps', 'pareto-accounts', 'quadrants', 'accounts', 'integrity'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

const paths = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]));

export const reportConfigSchema = z
  .object({
    title: z.string().min(1).optional(),
    /** Deals files (CSV, YAML, JSON) when none are given on the command line. */
    deals: paths.optional(),
    history: paths.optional(),
    accounts: paths.optional(),
    reps: z.string().min(1).optional(),
    /** Snapshots of the pipeline for the movement section: files with a date in their names, or folders of them. */
    snapshots: paths.optional(),
    /** Team target per period when there is no reps file. */
    target: z.number().positive().max(MAX_AMOUNT, 'expected at most 1e15 (the largest amount read)').optional(),
    /** The KPI window: a period (this-quarter, last-month, 2026-Q4...); default this-quarter. */
    period: z.string().min(1).optional(),
    /** Sections in order; default all. */
    sections: z.array(z.enum(REPORT_SECTIONS)).min(1).optional(),
    /** Group win rates and coverage by this column; default owner. */
    by: z.string().min(1).optional(),
    /** Velocity what-if, as for `velocity --what-if`. */
    whatIf: z.string().min(1).optional(),
    /** Thresholds that make the run exit 1, as for `--fail-on`. */
    failOn: z.string().min(1).optional(),
  })
  .strict();

export type ReportConfig = z.infer<typeof reportConfigSchema>;
