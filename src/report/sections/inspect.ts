/** What `inspect` found, for people: per file its columns, stages, formats and what to settle. */
import { DealmathError } from '../../model/errors.js';
import type { FileDocument, Inspection } from '../../engine/inspection.js';
import { SCHEMA_VERSION } from '../renderers/json.js';
import { provenanceJson, type InputFileJson } from '../document.js';
import { formatCount } from '../format.js';
import { column, type DocumentView, type SectionView } from '../view.js';

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

export function inspectView(documents: readonly FileDocument[]): DocumentView {
  if (documents.length === 0) throw new DealmathError('usage', 'no input file given');
  const sections: SectionView[] = documents.flatMap((doc): SectionView[] => {
    const settle = settleLines(doc);
    const summary = doc.read
      ? [
          `${formatCount(doc.rowsRead)} rows read, ${formatCount(doc.rowsRejected)} rejected (see dealmath validate)${doc.footerRows > 0 ? `, ${formatCount(doc.footerRows)} footer rows ignored` : ''}${doc.blankLines > 0 ? `, ${formatCount(doc.blankLines)} blank lines` : ''}`,
          `${formatCount(doc.statuses.won)} won, ${formatCount(doc.statuses.lost)} lost, ${formatCount(doc.statuses.open)} open; created from ${doc.dates.firstCreated ?? 'n/a'}, last close ${doc.dates.lastClose ?? 'n/a'}`,
        ]
      : [`${formatCount(doc.rowsRead)} rows, none read as deals yet: see "To settle" below`];
    const stageTables = doc.read ? [{ title: 'Stages', columns: [column('stage', 'Stage'), column('status', 'Status'), column('count', 'Deals', 'count')], rows: doc.stages }] : [];
    return [
      {
        title: doc.file,
        text: [
          `${doc.format.toUpperCase()}, ${doc.encoding}${doc.delimiter === null ? '' : `, delimiter ${JSON.stringify(doc.delimiter)}`}, columns as ${doc.preset}`,
          ...summary,
          ...(doc.rowNumberIds ? ['no id column: rows get row-number ids, so duplicate deals cannot be detected'] : []),
          ...(doc.probabilityScale === null ? [] : [`probability read as ${doc.probabilityScale === 'percent' ? '0-100' : '0-1'}`]),
          ...(doc.decimal === null
            ? []
            : [`amounts read with decimal ${JSON.stringify(doc.decimal.separator)} (${doc.decimal.proof === null ? 'set by --decimal or the config' : `as ${JSON.stringify(doc.decimal.proof)} shows`})`]),
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

export interface InspectDocumentOptions {
  /** The config file read (loadConfig's `file`), or null for none. */
  readonly configFile: string | null;
  /** The files inspected, hashed (engine/inspection.ts inspectedInputs). */
  readonly inputs: readonly InputFileJson[];
  /** When the document was made (default: now). */
  readonly generatedAt?: Date;
}

/** inspect's document: provenance, the row accounting (inspect filters nothing: every row read is used or rejected) and a description per file. */
export function inspectDocument(inspection: Inspection, options: InspectDocumentOptions) {
  const { documents, rowsRead, rowsRejected } = inspection;
  const json = { schemaVersion: SCHEMA_VERSION, command: 'inspect', ...provenanceJson(options.generatedAt, null, options.inputs), config: options.configFile, rowsRead, rowsUsed: rowsRead - rowsRejected, rowsRejected, rowsFiltered: 0, files: documents };
  return { json, view: () => inspectView(documents) };
}
