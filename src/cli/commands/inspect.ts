/**
 * `dealmath inspect FILE`: what a new user runs first on an unfamiliar export.
 */
import { formatDay } from '../../model/calendar.js';
import { describeUndecided, mapFlag, type ColumnInference } from '../../model/columnInference.js';
import { openStages, type Config } from '../../model/config.js';
import type { ColumnFormats } from '../../model/dealReader.js';
import { DealmathError, EXIT_OK, type ErrorCode } from '../../model/errors.js';
import { inferStageOrder, openStageSightings } from '../../model/stageOrder.js';
import type { DealField, DealStatus } from '../../model/types.js';
import { readDeals, sampleDealFile, type DealInputOptions, type FileSummary } from '../../io/readDeals.js';
import { loadConfig } from '../../io/loadConfig.js';
import { writeNewFile } from '../../io/writeNewFile.js';
import { configText } from '../inspectConfig.js';
import { SCHEMA_VERSION } from '../../report/renderers/json.js';
import { column, type DocumentView, type SectionView } from '../../report/view.js';
import { parseMapFlags, withInputFlags, type CommonFlags, type Terminal } from '../context.js';
import { emit } from '../emit.js';
import { inputFiles } from '../inputFiles.js';

export interface InspectFlags extends CommonFlags {
  writeConfig?: string;
  force?: boolean;
}

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

// What inspect reports instead of stopping: it still lists the columns and how to settle the rest.
const UNDECIDED_ERRORS: ReadonlySet<ErrorCode> = new Set(['bad-mapping', 'malformed-input', 'empty-input']);

export async function inspectCommand(files: string[], flags: InspectFlags, terminal: Terminal): Promise<number> {
  const loaded = await loadConfig(flags.config, terminal.cwd);
  const config = withInputFlags(loaded.config, flags);
  const configFile = loaded.file;
  const paths = inputFiles(files, terminal);
  const options: DealInputOptions = {
    // Without conversion, so amounts and currencies read as the file states them.
    config: { ...config, currency: undefined },
    preset: flags.preset,
    map: parseMapFlags(flags.map),
    delimiter: flags.delimiter,
    sheet: flags.sheet,
    acceptUndecided: true,
  };
  let documents: FileDocument[];
  let rows = { rowsRead: 0, rowsRejected: 0 };
  try {
    const read = await readAll(paths, options);
    documents = read.summary.files.map((file, index) => describeFile(file, read.facts[index] as FileFacts, config));
    rows = read.summary;
  } catch (error) {
    // Stdin cannot be read a second time for the columns alone.
    if (!(error instanceof DealmathError) || !UNDECIDED_ERRORS.has(error.code) || paths.includes('-')) throw error;
    documents = [];
    for (const path of paths) documents.push(await describeColumnsOnly(path, options, error.message));
    rows = { rowsRead: documents.reduce((sum, document) => sum + document.rowsRead, 0), rowsRejected: documents.reduce((sum, document) => sum + document.rowsRejected, 0) };
  }
  const json = {
    schemaVersion: SCHEMA_VERSION,
    command: 'inspect',
    config: configFile,
    // inspect filters nothing: every row read is used or rejected.
    rowsRead: rows.rowsRead,
    rowsUsed: rows.rowsRead - rows.rowsRejected,
    rowsRejected: rows.rowsRejected,
    rowsFiltered: 0,
    files: documents,
  };
  if (flags.writeConfig !== undefined) {
    const [first] = documents;
    if (first === undefined) throw new DealmathError('usage', 'no input file given');
    await writeNewFile(flags.writeConfig, configText(first, config), { force: flags.force === true, inputs: paths });
    terminal.stderr.write(`dealmath inspect: wrote ${flags.writeConfig} from the guesses for ${first.file}; use it with --config ${flags.writeConfig}\n`);
  }
  await emit({ json, view: () => inspectView(documents) }, flags, terminal, { formats: ['table', 'json', 'md'] });
  return EXIT_OK;
}

async function readAll(paths: readonly string[], options: DealInputOptions) {
  const facts: FileFacts[] = [];
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
        if (found.rule === 'unclear-stage' && found.value !== null) (current as FileFacts | null)?.unclearStages.add(found.value);
      },
    },
  );
  return { summary, facts };
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

type FileDocument = ReturnType<typeof describeFile>;

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
function settleLines(doc: FileDocument): string[] {
  return [
    ...doc.problems,
    ...doc.undecided.map((entry) => entry.message),
    ...(doc.unclearStages.length === 0
      ? []
      : [`stages that look closed but are neither won nor lost labels, counted open: ${doc.unclearStages.join(', ')}; name them under won: or lost: in the config`]),
    ...(doc.stageOrder?.source === 'unknown' ? [`stage order unknown: ${doc.stageOrder.reason}`] : []),
  ];
}

function inspectView(documents: readonly FileDocument[]): DocumentView {
  if (documents.length === 0) throw new DealmathError('usage', 'no input file given');
  const sections: SectionView[] = documents.flatMap((doc): SectionView[] => {
    const settle = settleLines(doc);
    const summary = doc.read
      ? [
          `${doc.rowsRead} rows read, ${doc.rowsRejected} rejected (see dealmath validate)${doc.footerRows > 0 ? `, ${doc.footerRows} footer rows ignored` : ''}${doc.blankLines > 0 ? `, ${doc.blankLines} blank lines` : ''}`,
          `${doc.statuses.won} won, ${doc.statuses.lost} lost, ${doc.statuses.open} open; created from ${doc.dates.firstCreated ?? 'n/a'}, last close ${doc.dates.lastClose ?? 'n/a'}`,
        ]
      : [`${doc.rowsRead} rows, none read as deals yet: see "To settle" below`];
    const stageTables = doc.read ? [{ title: 'Stages', columns: [column('stage', 'Stage'), column('status', 'Status'), column('count', 'Deals', 'count')], rows: doc.stages }] : [];
    return [
      {
        title: doc.file,
        text: [
          `${doc.format.toUpperCase()}, ${doc.encoding}${doc.delimiter === null ? '' : `, delimiter ${JSON.stringify(doc.delimiter)}`}, columns as ${doc.preset}`,
          ...summary,
          ...(doc.rowNumberIds ? ['no id column: rows get row-number ids, so duplicate deals cannot be detected'] : []),
          ...(doc.probabilityScale === null ? [] : [`probability read as ${doc.probabilityScale === 'percent' ? '0-100' : '0-1'}`]),
          ...(doc.stageOrder === null || doc.stageOrder.source === 'unknown' ? [] : [`stage order: ${doc.stageOrder.stages.join(' > ')} (${doc.stageOrder.reason})`]),
        ],
        tables: [
          {
            title: 'Columns',
            columns: [column('header', 'Column'), column('field', 'Maps to'), column('why', 'Why'), column('dateFormat', 'Date format'), column('samples', 'Sample values')],
            rows: doc.columns.map((entry) => ({
              header: entry.header,
              field: entry.field,
              why: entry.evidence === null ? '' : entry.confidence === 'low' ? `unsure: ${entry.evidence}` : entry.evidence,
              dateFormat: entry.dateFormat ?? '',
              samples: entry.samples.map((value) => (value.length > 18 ? `${value.slice(0, 17)}…` : value)).join(', '),
            })),
          },
          ...stageTables,
        ],
      },
      ...(settle.length === 0 ? [] : [{ title: `${doc.file}: to settle`, text: settle, tables: [] }]),
      {
        title: `${doc.file}: money and commands`,
        text: doc.read
          ? [`amounts from ${doc.amount.min ?? 'n/a'} to ${doc.amount.max ?? 'n/a'}, ${doc.amount.missing} missing; currencies: ${doc.currencies.map((entry) => `${entry.currency} (${entry.count})`).join(', ') || 'none stated'}`]
          : [],
        tables: [
          {
            title: 'What this file can feed',
            columns: [column('command', 'Command'), column('ok', 'Ready', 'flag'), column('missing', 'Missing')],
            rows: doc.commands.map((entry) => ({
              command: entry.command,
              ok: entry.ok,
              missing: entry.ok ? '' : [entry.missing.join('; '), entry.note].filter((part) => part !== null && part !== '').join('; '),
            })),
          },
        ],
      },
    ];
  });
  return { title: 'dealmath inspect', sections };
}
