/**
 * `dealmath inspect FILE`: what a new user runs first on an unfamiliar export.
 */
import { formatDay } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import type { DealField, DealStatus } from '../../model/types.js';
import { readDeals, type FileSummary } from '../../io/readDeals.js';
import { loadConfig } from '../../io/loadConfig.js';
import { SCHEMA_VERSION } from '../../report/renderers/json.js';
import { column, type DocumentView, type SectionView } from '../../report/view.js';
import { parseMapFlags, withInputFlags, type CommonFlags, type Terminal } from '../context.js';
import { emit } from '../emit.js';
import { inputFiles } from '../inputFiles.js';

interface FileFacts {
  stages: Map<string, { count: number; status: DealStatus }>;
  currencies: Map<string, number>;
  statuses: Record<DealStatus, number>;
  amountMin: number | null;
  amountMax: number | null;
  amountMissing: number;
  firstCreated: number | null;
  lastClose: number | null;
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

export async function inspectCommand(files: string[], flags: CommonFlags, terminal: Terminal): Promise<number> {
  const loaded = await loadConfig(flags.config, terminal.cwd);
  const config = withInputFlags(loaded.config, flags);
  const configFile = loaded.file;
  const paths = inputFiles(files, terminal);
  const facts: FileFacts[] = [];
  let current: FileFacts | null = null;
  const summary = await readDeals(
    paths,
    {
      // Without conversion, so amounts and currencies read as the file states them.
      config: { ...config, currency: undefined },
      preset: flags.preset,
      map: parseMapFlags(flags.map),
      delimiter: flags.delimiter,
      sheet: flags.sheet,
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
        const entry = fact.stages.get(stage);
        if (entry === undefined) fact.stages.set(stage, { count: 1, status: deal.status });
        else entry.count += 1;
        if (deal.currency !== null) fact.currencies.set(deal.currency, (fact.currencies.get(deal.currency) ?? 0) + 1);
        if (deal.amount === null) fact.amountMissing += 1;
        else {
          fact.amountMin = fact.amountMin === null ? deal.amount : Math.min(fact.amountMin, deal.amount);
          fact.amountMax = fact.amountMax === null ? deal.amount : Math.max(fact.amountMax, deal.amount);
        }
        if (deal.created !== null) fact.firstCreated = fact.firstCreated === null ? deal.created : Math.min(fact.firstCreated, deal.created);
        if (deal.close !== null) fact.lastClose = fact.lastClose === null ? deal.close : Math.max(fact.lastClose, deal.close);
      },
      finding() {
        // counted per file by readDeals; details are validate's job
      },
    },
  );
  const documents = summary.files.map((file, index) => describeFile(file, facts[index] as FileFacts));
  const json = {
    schemaVersion: SCHEMA_VERSION,
    command: 'inspect',
    config: configFile,
    // inspect filters nothing: every row read is used or rejected.
    rowsRead: summary.rowsRead,
    rowsUsed: summary.rowsRead - summary.rowsRejected,
    rowsRejected: summary.rowsRejected,
    rowsFiltered: 0,
    files: documents,
  };
  await emit({ json, view: () => inspectView(documents) }, flags, terminal, { formats: ['table', 'json', 'md'] });
  return EXIT_OK;
}

function describeFile(file: FileSummary, fact: FileFacts) {
  const fieldOfColumn = new Map<number, DealField>();
  for (const [field, index] of Object.entries(file.mapping.fields) as [DealField, number][]) fieldOfColumn.set(index, field);
  const columns = file.header.map((header, index) => {
    const field = fieldOfColumn.get(index) ?? null;
    const dateOrder = field === null ? undefined : (file.formats.dateOrders as Record<string, string | null | undefined>)[field];
    return {
      header,
      field: field ?? 'dimension',
      dateFormat: dateOrder === undefined ? null : dateOrder === null ? 'YYYY-MM-DD or unambiguous' : dateOrder === 'mdy' ? 'M/D/YYYY' : 'D/M/YYYY',
    };
  });
  const has = (field: DealField): boolean => file.mapping.fields[field] !== undefined;
  const commands = COMMAND_NEEDS.map(({ command, needs, note }) => {
    const missing = needs.filter((group) => !group.some(has)).map((group) => group.join(' or '));
    return { command, ok: missing.length === 0, missing, note: note ?? null };
  });
  return {
    file: file.file,
    format: file.format,
    encoding: file.encoding,
    delimiter: file.delimiter,
    preset: file.mapping.preset,
    rowsRead: file.rowsRead,
    rowsRejected: file.rowsRejected,
    blankLines: file.blankLines,
    footerRows: file.footerRows,
    rowNumberIds: !has('id'),
    probabilityScale: has('probability') ? file.formats.probabilityScale : null,
    columns,
    statuses: fact.statuses,
    stages: [...fact.stages.entries()].map(([stage, { count, status }]) => ({ stage, count, status })).sort((a, b) => b.count - a.count || (a.stage < b.stage ? -1 : 1)),
    currencies: [...fact.currencies.entries()].map(([currency, count]) => ({ currency, count })).sort((a, b) => b.count - a.count),
    amount: { min: fact.amountMin, max: fact.amountMax, missing: fact.amountMissing },
    dates: {
      firstCreated: fact.firstCreated === null ? null : formatDay(fact.firstCreated),
      lastClose: fact.lastClose === null ? null : formatDay(fact.lastClose),
    },
    commands,
  };
}

type FileDocument = ReturnType<typeof describeFile>;

function inspectView(documents: readonly FileDocument[]): DocumentView {
  if (documents.length === 0) throw new DealmathError('usage', 'no input file given');
  const sections: SectionView[] = documents.flatMap((doc): SectionView[] => [
    {
      title: doc.file,
      text: [
        `${doc.format.toUpperCase()}, ${doc.encoding}${doc.delimiter === null ? '' : `, delimiter ${JSON.stringify(doc.delimiter)}`}, columns as ${doc.preset}`,
        `${doc.rowsRead} rows read, ${doc.rowsRejected} rejected (see dealmath validate)${doc.footerRows > 0 ? `, ${doc.footerRows} footer rows ignored` : ''}${doc.blankLines > 0 ? `, ${doc.blankLines} blank lines` : ''}`,
        `${doc.statuses.won} won, ${doc.statuses.lost} lost, ${doc.statuses.open} open; created from ${doc.dates.firstCreated ?? 'n/a'}, last close ${doc.dates.lastClose ?? 'n/a'}`,
        ...(doc.rowNumberIds ? ['no id column: rows get row-number ids, so duplicate deals cannot be detected'] : []),
        ...(doc.probabilityScale === null ? [] : [`probability read as ${doc.probabilityScale === 'percent' ? '0-100' : '0-1'}`]),
      ],
      tables: [
        { title: 'Columns', columns: [column('header', 'Column'), column('field', 'Maps to'), column('dateFormat', 'Date format')], rows: doc.columns.map((entry) => ({ ...entry, dateFormat: entry.dateFormat ?? '' })) },
        { title: 'Stages', columns: [column('stage', 'Stage'), column('status', 'Status'), column('count', 'Deals', 'count')], rows: doc.stages },
      ],
    },
    {
      title: `${doc.file}: money and commands`,
      text: [
        `amounts from ${doc.amount.min ?? 'n/a'} to ${doc.amount.max ?? 'n/a'}, ${doc.amount.missing} missing; currencies: ${doc.currencies.map((entry) => `${entry.currency} (${entry.count})`).join(', ') || 'none stated'}`,
      ],
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
  ]);
  return { title: 'dealmath inspect', sections };
}
