/**
 * The `dealmath.yaml` config: its shape (zod), its defaults, and one-line wording of its errors.
 */
import { z } from 'zod';
import { forecastCategoriesSchema } from './forecastCategories.js';
import { DEFAULT_LOST_LABELS, DEFAULT_WON_LABELS, PRESETS } from './mapping.js';
import { quadrantConfigSchema } from './quadrantConfig.js';
import { reportConfigSchema } from './reportConfig.js';
import { DEAL_FIELDS } from './types.js';
import { DATE_ORDERS } from './values.js';
import { ENCODINGS } from './encodings.js';

/** Text encodings of CSV input that `--encoding` and `encoding:` name. */
export { ENCODINGS, type InputEncoding } from './encodings.js';

const nonEmpty = z.string().trim().min(1);

/** A PVF share (thin, heavy) beyond this is a typo: a stage at 1000x its requirement is heavy by any measure. */
const MAX_SHARE = 1000;
/**
 * Currency rates outside 1e-9..1e9 units of the base are typos (the widest real pair is about
 * 1e6), and an amount of up to MAX_AMOUNT times such a rate would overflow sums to Infinity.
 */
const MIN_RATE = 1e-9;
const MAX_RATE = 1e9;

const dealFieldEnum = z.enum(DEAL_FIELDS);

const thresholdsSchema = z
  .object({
    /** A rate from fewer closed deals than this carries a small-sample flag. */
    minSample: z.number().int().min(1).default(30),
    /** An open deal with no activity for more than this many days is stale. */
    staleDays: z.number().int().min(1).default(30),
    /** More open stages than this is a validation warning. */
    maxOpenStages: z.number().int().min(1).default(6),
    /** A stage below this share of its PVF requirement is thin. */
    thin: z.number().positive().max(MAX_SHARE, `expected at most ${MAX_SHARE} (a share of the requirement)`).default(0.8),
    /** A stage above this share of its PVF requirement is heavy. */
    heavy: z.number().positive().max(MAX_SHARE, `expected at most ${MAX_SHARE} (a share of the requirement)`).default(1.5),
    /** Forecast hygiene over snapshots: a deal whose expected close moved later more times than this is flagged. */
    pushLimit: z.number().int().min(0).default(2),
    /** Forecast hygiene over snapshots: an amount that changed by more than this share in the last step is flagged. */
    amountChangeLimit: z.number().positive().default(0.5),
  })
  .strict()
  .refine((thresholds) => thresholds.heavy >= thresholds.thin, { message: 'expected a share at or above thresholds.thin', path: ['heavy'] });

const currencySchema = z
  .object({
    base: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO code such as USD'),
    /** Units of the base currency per unit of each currency: `EUR: 1.08` when the base is USD. */
    rates: z
      .record(
        z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO code'),
        z.number().min(MIN_RATE, 'expected a rate at least 1e-9').max(MAX_RATE, 'expected a rate at most 1e9'),
      )
      .default({}),
  })
  .strict();

export const configSchema = z
  .object({
    /** Stage labels in pipeline order; won and lost labels may be listed too. */
    stages: z.array(nonEmpty).optional(),
    won: z.array(nonEmpty).min(1).optional(),
    lost: z.array(nonEmpty).min(1).optional(),
    preset: z.enum(PRESETS).optional(),
    /** Field -> header, overriding the preset. */
    columns: z.partialRecord(dealFieldEnum, nonEmpty).optional(),
    /** Order of numeric dates: `dmy` (D/M/YYYY), `mdy` (M/D/YYYY) or `ymd` (YYYY/MM/DD); decided from the data when absent. */
    dateOrder: z.enum(DATE_ORDERS).optional(),
    /** The older spelling of `dateOrder` (mdy or dmy), still read. */
    dateFormat: z.enum(['mdy', 'dmy']).optional(),
    /** Decimal separator of amounts; decided from the data when absent (README "Values"). */
    decimal: z.enum(['.', ',']).optional(),
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    /** Text encoding of CSV input; detected (BOM, or Windows-1252 when not UTF-8) when absent. */
    encoding: z.enum(ENCODINGS).optional(),
    /** Rows that may be rejected before a command exits 1: a count (`10`) or a share of rows read (`"5%"`). */
    maxRejected: z.union([z.number().int().min(0), z.string().regex(/^\d+(?:\.\d+)?%$|^\d+$/, 'a count such as 10 or a share such as "5%"')]).optional(),
    currency: currencySchema.optional(),
    fiscalYearStartMonth: z.number().int().min(1).max(12).default(1),
    thresholds: thresholdsSchema.default(thresholdsSchema.parse({})),
    /** Prospect-to-opportunity rate used by `coverage` when `--prospect-rate` is not given. */
    prospectRate: z.number().gt(0).max(1).optional(),
    /** Deal type labels per class (newBusiness, expansion, renewal); a class given replaces its default labels. */
    dealTypes: z
      .object({ newBusiness: z.array(nonEmpty).optional(), expansion: z.array(nonEmpty).optional(), renewal: z.array(nonEmpty).optional() })
      .strict()
      .optional(),
    /** Products the company offers (white space in `accounts`), and the deal column that names the product. */
    products: z
      .object({ column: nonEmpty.optional(), offered: z.array(nonEmpty).optional() })
      .strict()
      .optional(),
    /** Account quadrants: where current and future revenue come from, thresholds, scoring model. */
    quadrant: quadrantConfigSchema.optional(),
    /** Forecast category labels per kind (commit, bestCase, pipeline, closed, omitted); defaults read Salesforce and HubSpot. */
    forecastCategories: forecastCategoriesSchema.optional(),
    /** The weekly report: inputs, period, sections, what-if, fail-on thresholds. */
    report: reportConfigSchema.optional(),
  })
  .strict()
  .superRefine(wonAndLostApart);

/**
 * A label is won or lost, never both (a label in both once made every lost deal open: win rate
 * 100%). The labels in force count, defaults included; compared as the reader does, ignoring case.
 */
function wonAndLostApart(config: { won?: readonly string[] | undefined; lost?: readonly string[] | undefined }, context: z.RefinementCtx): void {
  const won = config.won ?? DEFAULT_WON_LABELS;
  const lost = config.lost ?? DEFAULT_LOST_LABELS;
  const wonSet = new Set(won.map((label) => label.toLowerCase()));
  const clash = lost.findIndex((label) => wonSet.has(label.toLowerCase()));
  if (clash === -1) return;
  if (config.lost !== undefined) {
    context.addIssue({ code: 'custom', message: 'also a won label (a label is won or lost, not both)', path: ['lost', clash] });
  } else {
    const lostLabel = (lost[clash] as string).toLowerCase();
    context.addIssue({ code: 'custom', message: 'also a lost label (a label is won or lost, not both)', path: ['won', won.findIndex((label) => label.toLowerCase() === lostLabel)] });
  }
}

export type Config = z.infer<typeof configSchema> & {
  /**
   * Set by withInferredStages (engine/stageInput.ts), never by a file: `stages` is the order
   * inferred from the first rows, so a stage outside it is not an unknown-stage error.
   */
  readonly stagesInferred?: true;
};
export type ConfigInput = z.input<typeof configSchema>;

/** The config used when there is no file: every default. */
export const DEFAULT_CONFIG: Config = configSchema.parse({});

export function wonLabels(config: Config): readonly string[] {
  return config.won ?? DEFAULT_WON_LABELS;
}

export function lostLabels(config: Config): readonly string[] {
  return config.lost ?? DEFAULT_LOST_LABELS;
}

/** The open stages of the config, in order (configured stages that are neither won nor lost). */
export function openStages(config: Config): readonly string[] {
  const closed = new Set([...wonLabels(config), ...lostLabels(config)].map((label) => label.toLowerCase()));
  return (config.stages ?? []).filter((stage) => !closed.has(stage.toLowerCase()));
}

/**
 * Validates a parsed config document. Returns the config, or the first problem worded as
 * one line naming the key and what was expected (`thresholds.minSample: expected a number, got "ten"`).
 */
export function parseConfig(document: unknown): { ok: true; config: Config } | { ok: false; message: string } {
  const result = configSchema.safeParse(document ?? {});
  if (result.success) return { ok: true, config: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, message: 'invalid config' };
  return { ok: false, message: describeIssue(issue, document) };
}

function describeIssue(issue: z.core.$ZodIssue, document: unknown): string {
  const path = issue.path.map(String).join('.');
  const where = path === '' ? 'config' : path;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => (path === '' ? key : `${path}.${key}`));
    return `unknown key ${keys.join(', ')} (allowed: ${allowedKeys(issue.path)})`;
  }
  const got = valueAt(document, issue.path);
  const shown = got === undefined ? 'nothing' : JSON.stringify(got);
  if (issue.code === 'invalid_type') return `${where}: expected ${issue.expected}, got ${shown}`;
  if (issue.code === 'invalid_value') {
    return `${where}: expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${shown}`;
  }
  return `${where}: ${issue.message}, got ${shown}`;
}

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = document;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.hasOwn(current, key) ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return current;
}

function allowedKeys(path: readonly PropertyKey[]): string {
  let shape: z.ZodType = configSchema;
  for (const key of path) {
    const inner = unwrap(shape);
    if (inner instanceof z.ZodObject) shape = inner.shape[String(key)] as z.ZodType;
  }
  const inner = unwrap(shape);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape).join(', ') : '';
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
