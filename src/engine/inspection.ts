/**
 * What `inspect` learns about files it has not seen: every deal read once (stages, currencies,
 * statuses, amounts, dates per file), the columns and the fields they map to with the evidence,
 * the stage order, and which commands each file can feed. When the columns cannot be decided, the
 * columns alone and how to settle them: inspect never gives up on a file.
 */
import { formatDay } from '../model/calendar.js';
import { describeUndecided, mapFlag, type ColumnInference } from '../model/columnInference.js';
import { openStages, type Config } from '../model/config.js';
import type { ColumnFormats } from '../model/dealReader.js';
import { DealmathError, type ErrorCode } from '../model/errors.js';
import type { Rule } from '../model/findings.js';
import { inferStageOrder, openStageSightings } from '../model/stageOrder.js';
import type { DealField, DealStatus } from '../model/types.js';
import { readDeals, sampleDealFile, type DealInputOptions, type FileSummary } from '../io/readDeals.js';
import { sha256OfFile } from '../io/textInput.js';
import type { InputFile } from './provenance.js';
import { FindingTally } from './findingTally.js';

interface FileFacts {
  /** Keyed by stage and status: deals without a stage column fall in "(none)" once per status. */
  stages: Map<string, { stage: string; count: number; status: DealStatus; probabilities: number[] }>;
  currencies: Map<string, number>;
  statuses: Record<DealStatus, number>;
  amountMin: number | null;
  amountMax: number | null;
  amountMissing: number;
  firstCreated: number | null;
  lastClose: number | null;
  /** Stage labels that look closed but are neither won nor lost labels (counted open, warned). */
  unclearStages: Set<string>;
}

/** What each command needs from a deals file, by field; any one of a group is enough. */
const COMMAND_NEEDS: readonly { command: string; needs: readonly (readonly DealField[])[]; note?: string }[] = [
  { command: 'validate', needs: [] },
  { command: 'winrate', needs: [['amount']], note: 'value win rate needs amounts' },
  { command: 'velocity', needs: [['amount'], ['created', 'cycleDays'], ['close', 'cycleDays', 'wonTime']] },
  { command: 'coverage', needs: [['amount'], ['close'], ['owner']] },
  { command: 'pareto', needs: [['owner', 'account'], ['amount']] },
  { command: 'scorecard', needs: [['owner'], ['amount'], ['created', 'cycleDays']] },
  { command: 'funnel', needs: [['lostStage']], note: 'or a stage history (--history)' },
  { command: 'pvf', needs: [['stage']], note: 'and a stage history (--history)' },
  { command: 'quadrant', needs: [['account'], ['amount'], ['close']], note: 'with an accounts file' },
];

// What inspect reports instead of stopping: it still lists the columns and how to settle the rest
// (data-refused: a header with no data rows, which every other command refuses with exit 1).
const UNDECIDED_ERRORS: ReadonlySet<ErrorCode> = new Set(['bad-mapping', 'malformed-input', 'empty-input', 'data-refused']);

/** What inspect read: each file described, the rows read and rejected over them all, and the findings that rejected rows (for --max-rejected). */
export interface Inspection {
  readonly documents: FileDocument[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly findingCounts: ReadonlyMap<Rule, number>;
  readonly findingExamples: ReadonlyMap<Rule, string>;
}

/** Every file described: from a full read, or (when the columns cannot be decided) from its columns alone. */
export async function inspectFiles(paths: readonly string[], options: DealInputOptions, config: Config): Promise<Inspection> {
  try {
    const read = await readAll(paths, options);
    const { findingCounts, findingExamples } = read.findings;
    return { documents: read.summary.files.map((file, index) => describeFile(file, read.facts[index] as FileFacts, config)), rowsRead: read.summary.rowsRead, rowsRejected: read.summary.rowsRejected, findingCounts, findingExamples };
  } catch (error) {
    // Stdin cannot be read a second time for the columns alone.
    if (!(error instanceof DealmathError) || !UNDECIDED_ERRORS.has(error.code) || paths.includes('-')) throw error;
    const documents: FileDocument[] = [];
    for (const path of paths) documents.push(await describeColumnsOnly(path, options, error.message));
    return { documents, rowsRead: documents.reduce((sum, document) => sum + document.rowsRead, 0), rowsRejected: documents.reduce((sum, document) => sum + document.rowsRejected, 0), findingCounts: new Map(), findingExamples: new Map() };
  }
}

async function readAll(paths: readonly string[], options: DealInputOptions) {
  const facts: FileFacts[] = [];
  const findings = new FindingTally();
  let current: FileFacts | null = null;
  const summary = await readDeals(
    paths,
    {
      ...options,
      onFile: () => {
        current = {
          stages: new Map(),
          currencies: new Map(),
          statuses: { won: 0, lost: 0, open: 0 },
          amountMin: null,
          amountMax: null,
          amountMissing: 0,
          firstCreated: null,
          lastClose: null,
          unclearStages: new Set(),
        };
        facts.push(current);
      },
    },
    {
      deal(deal) {
        const fact = current as FileFacts | null;
        if (fact === null) return;
        fact.statuses[deal.status] += 1;
        const stage = deal.stage ?? '(none)';
        const key = `${deal.status}\u0000${stage}`;
        const entry = fact.stages.get(key);
        if (entry === undefined) fact.stages.set(key, { stage, count: 1, status: deal.status, probabilities: deal.probability === null ? [] : [deal.probability] });
        else {
          entry.count += 1;
          if (deal.probability !== null && deal.status === 'open') entry.probabilities.push(deal.probability);
        }
        if (deal.currency !== null) fact.currencies.set(deal.currency, (fact.currencies.get(deal.currency) ?? 0) + 1);
        if (deal.amount === null) fact.amountMissing += 1;
        else {
          fact.amountMin = fact.amountMin === null ? deal.amount : Math.min(fact.amountMin, deal.amount);
          fact.amountMax = fact.amountMax === null ? deal.amount : Math.max(fact.amountMax, deal.amount);
        }
        if (deal.created !== null) fact.firstCreated = fact.firstCreated === null ? deal.created : Math.min(fact.firstCreated, deal.created);
        if (deal.close !== null) fact.lastClose = fact.lastClose === null ? deal.close : Math.max(fact.lastClose, deal.close);
      },
      finding(found) {
        // Counted per file by readDeals; details are validate's job. A closed-looking stage is
        // something to settle, so inspect names it.
        findings.add(found);
        if (found.rule === 'unclear-stage' && found.value !== null) (current as FileFacts | null)?.unclearStages.add(found.value);
      },
    },
  );
  return { summary, facts, findings };
}

function describeFile(file: FileSummary, fact: FileFacts, config: Config) {
  const has = (field: DealField): boolean => file.mapping.fields[field] !== undefined;
  const rowsUsed = file.rowsRead - file.rowsRejected;
  const stages = [...fact.stages.values()].sort((a, b) => b.count - a.count || (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : a.status < b.status ? -1 : 1));
  return {
    file: file.file,
    format: file.format,
    encoding: file.encoding,
    delimiter: file.delimiter,
    preset: file.mapping.preset,
    read: true,
    problems: [] as string[],
    rowsRead: file.rowsRead,
    rowsRejected: file.rowsRejected,
    blankLines: file.blankLines,
    footerRows: file.footerRows,
    rowNumberIds: !has('id'),
    probabilityScale: has('probability') ? file.formats.probabilityScale : null,
    decimal: has('amount') ? decimalDecision(file.formats) : null,
    columns: describeColumns(file.header, file.inference, file.formats),
    undecided: describeUndecidedFields(file.inference),
    statuses: fact.statuses,
    stages: stages.map(({ stage, count, status }) => ({ stage, count, status })),
    stageOrder: has('stage') ? stageOrderFor(stages, config) : null,
    unclearStages: [...fact.unclearStages].sort(),
    currencies: [...fact.currencies.entries()].map(([currency, count]) => ({ currency, count })).sort((a, b) => b.count - a.count),
    amount: { min: fact.amountMin, max: fact.amountMax, missing: fact.amountMissing },
    dates: {
      firstCreated: fact.firstCreated === null ? null : formatDay(fact.firstCreated),
      lastClose: fact.lastClose === null ? null : formatDay(fact.lastClose),
    },
    commands: commandReadiness(has, file.rowsRead > 0 && rowsUsed === 0 ? 'every row is rejected (see dealmath validate)' : null),
  };
}

export type FileDocument = ReturnType<typeof describeFile>;

/** The inspected files as a document lists its inputs: each with its rows read and the SHA-256 of its bytes (null for stdin). */
export function inspectedInputs(paths: readonly string[], documents: readonly FileDocument[]): Promise<InputFile[]> {
  return Promise.all(documents.map(async (document, index) => ({ file: document.file, role: 'deals' as const, rowsRead: document.rowsRead, sha256: await sha256OfFile(paths[index] ?? '-') })));
}

/** A file that cannot be read as deals: its columns, guesses and what stopped the reading. */
async function describeColumnsOnly(path: string, options: DealInputOptions, problem: string): Promise<FileDocument> {
  const { table, inference, rows } = await sampleDealFile(path, options);
  const has = (field: DealField): boolean => inference.mapping.fields[field] !== undefined;
  return {
    file: table.file,
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    preset: inference.mapping.preset,
    read: false,
    problems: [problem],
    // None of its rows can be used until the problem is settled.
    rowsRead: rows,
    rowsRejected: rows,
    blankLines: 0,
    footerRows: 0,
    rowNumberIds: !has('id'),
    probabilityScale: null,
    decimal: null as ReturnType<typeof decimalDecision>,
    columns: describeColumns(table.header, inference, null),
    undecided: describeUndecidedFields(inference),
    statuses: { won: 0, lost: 0, open: 0 },
    stages: [],
    stageOrder: null,
    unclearStages: [] as string[],
    currencies: [],
    amount: { min: null, max: null, missing: 0 },
    dates: { firstCreated: null, lastClose: null },
    commands: commandReadiness(has, 'the rows cannot be read yet (see "To settle")'),
  };
}

/**
 * The decimal separator amounts were read with, and the amount that proved it (null when a flag
 * or the config set it); null when no amount showed a separator and none was set.
 */
function decimalDecision(formats: ColumnFormats): { separator: string; proof: string | null } | null {
  if (formats.fixed?.decimal === true) return { separator: formats.decimal ?? '.', proof: null };
  if (formats.decimalProven !== true) return null;
  return { separator: formats.decimal ?? '.', proof: formats.proofs?.amount ?? null };
}

function describeColumns(header: readonly string[], inference: ColumnInference, formats: ColumnFormats | null) {
  const guessOf = new Map(inference.guesses.map((guess) => [guess.column, guess] as const));
  const candidateOf = new Map(inference.undecided.flatMap((entry) => entry.candidates.map((candidate) => [candidate.column, candidate] as const)));
  return header.map((name, index) => {
    const guess = guessOf.get(index);
    const candidate = candidateOf.get(index);
    const field = guess?.field ?? null;
    const dateOrder = field === null || formats === null ? undefined : (formats.dateOrders as Record<string, string | null | undefined>)[field];
    return {
      header: name,
      field: field ?? 'dimension',
      confidence: guess?.confidence ?? null,
      evidence: guess?.evidence ?? (candidate === undefined ? null : `could be ${candidate.field}: ${candidate.evidence}`),
      dateFormat: dateOrder === undefined ? null : dateOrder === null ? 'YYYY-MM-DD or unambiguous' : dateOrder === 'mdy' ? 'M/D/YYYY' : 'D/M/YYYY',
      samples: inference.samples[index] ?? [],
    };
  });
}

function describeUndecidedFields(inference: ColumnInference) {
  return inference.undecided.map((entry) => ({
    field: entry.field,
    reason: entry.reason,
    blocking: entry.blocking,
    candidates: entry.candidates.map((candidate) => ({ header: candidate.header, evidence: candidate.evidence })),
    message: describeUndecided(entry),
    fix: entry.candidates.map((candidate) => mapFlag(entry.field, candidate.header)),
  }));
}

/** The stage order the stage commands would use: the config's, else inferred from the open stages seen. */
function stageOrderFor(stages: readonly { stage: string; status: DealStatus; probabilities: readonly number[] }[], config: Config) {
  const configured = openStages(config);
  if (configured.length > 0) return { stages: [...configured], source: 'config', reason: 'listed under stages: in the config' };
  const open = openStageSightings(
    stages.filter((entry) => entry.status === 'open' && entry.stage !== '(none)').map((entry) => ({ label: entry.stage, probabilities: entry.probabilities })),
    config,
  );
  if (open.length === 0) return null;
  const inferred = inferStageOrder(open);
  if (inferred === null) {
    return { stages: [], source: 'unknown', reason: `no standard pipeline or CRM probability orders ${open.map((entry) => entry.label).join(', ')}; list them in pipeline order under stages: in the config` };
  }
  return { stages: [...inferred.open], source: inferred.source, reason: inferred.reason };
}

function commandReadiness(has: (field: DealField) => boolean, blocked: string | null) {
  return COMMAND_NEEDS.map(({ command, needs, note }) => {
    const missing = blocked !== null ? [blocked] : needs.filter((group) => !group.some(has)).map((group) => group.join(' or '));
    return { command, ok: missing.length === 0, missing, note: note ?? null };
  });
}

/** What the user can do about what inspect could not decide. */