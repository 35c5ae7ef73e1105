/**
 * `inspect --write-config FILE`: a commented dealmath.yaml from what inspect decided about a
 * file, so that the other commands read it the same way without guessing again.
 */
import type { Config } from '../model/config.js';

/** The parts of an inspect file document the config is written from. */
export interface InspectedFile {
  readonly file: string;
  readonly preset: string;
  readonly delimiter: string | null;
  readonly columns: readonly { readonly header: string; readonly field: string; readonly evidence: string | null; readonly dateFormat: string | null }[];
  readonly undecided: readonly { readonly field: string; readonly message: string; readonly candidates: readonly { readonly header: string }[] }[];
  readonly stageOrder: { readonly stages: readonly string[]; readonly source: string; readonly reason: string } | null;
  readonly problems: readonly string[];
  readonly unclearStages: readonly string[];
  /** The currencies the amounts are in, commonest first. */
  readonly currencies: readonly { readonly currency: string; readonly count: number }[];
}

/**
 * The currencies a config written for `doc` still needs rates for: two or more seen and none
 * configured (a run refuses mixed currencies without rates), else none.
 */
export function currenciesWithoutRates(doc: InspectedFile, config: Config): readonly string[] {
  return config.currency === undefined && doc.currencies.length > 1 ? doc.currencies.map((entry) => entry.currency) : [];
}

/** YAML text; strings are written JSON-quoted, which YAML reads as they are. */
export function configText(doc: InspectedFile, config: Config): string {
  const quote = (text: string): string => JSON.stringify(text);
  const lines: string[] = [
    `# dealmath.yaml written by "dealmath inspect --write-config" from ${doc.file}.`,
    '# Each entry says why it was chosen. Fix what is wrong, then pass this file with --config.',
    '',
  ];
  if (doc.delimiter !== null && doc.delimiter !== ',') lines.push(`delimiter: ${quote(doc.delimiter)}`);
  if (config.decimal !== undefined && config.decimal !== '.') lines.push(`decimal: ${quote(config.decimal)}`);
  const orders = new Set(doc.columns.map((entry) => entry.dateFormat).filter((format) => format === 'M/D/YYYY' || format === 'D/M/YYYY'));
  const [order] = orders;
  const configured = config.dateOrder ?? config.dateFormat;
  if (configured !== undefined) lines.push(`dateOrder: ${configured}`);
  else if (orders.size === 1 && order !== undefined) lines.push(`dateOrder: ${order === 'M/D/YYYY' ? 'mdy' : 'dmy'}  # read from the date columns`);
  const mapped = doc.columns.filter((entry) => entry.field !== 'dimension');
  // An empty `columns:` would read as null, which the config refuses.
  lines.push(mapped.length === 0 ? '# columns: none could be decided' : 'columns:');
  for (const entry of mapped) lines.push(`  ${entry.field}: ${quote(entry.header)}${entry.evidence === null ? '' : `  # ${entry.evidence}`}`);
  for (const entry of doc.undecided) {
    const [first] = entry.candidates;
    if (first === undefined) continue;
    lines.push(`#  ${entry.field}: ${quote(first.header)}  # undecided: ${entry.message}`);
  }
  const stages = config.stages ?? (doc.stageOrder !== null && doc.stageOrder.source !== 'unknown' ? doc.stageOrder.stages : null);
  if (doc.unclearStages.length > 0 && config.stages === undefined) {
    // With stages: listed, a label outside them is rejected: settle the closed-looking ones first.
    lines.push(`# ${doc.unclearStages.map(quote).join(', ')} look closed: add them to won: or lost:, then uncomment stages:`);
    if (stages !== null && stages.length > 0) lines.push(`# stages: [${stages.map(quote).join(', ')}]  # ${doc.stageOrder?.reason ?? ''}`);
  } else if (stages !== null && stages.length > 0) {
    lines.push(`# open stages in pipeline order: ${doc.stageOrder?.reason ?? 'from the config'}`);
    lines.push(`stages: [${stages.map(quote).join(', ')}]`);
  } else if (doc.stageOrder !== null) {
    lines.push(`# stages: []  # ${doc.stageOrder.reason}`);
  }
  if (config.won !== undefined) lines.push(`won: [${config.won.map(quote).join(', ')}]`);
  if (config.lost !== undefined) lines.push(`lost: [${config.lost.map(quote).join(', ')}]`);
  const [base, ...others] = currenciesWithoutRates(doc, config);
  if (base !== undefined) {
    // Rates are the user's to give (dealmath fetches none): written out to fill in, not guessed.
    lines.push(`# not settled: amounts are in ${others.length + 1} currencies; a run needs a rate for each into the base (${base}, the commonest). Fill in the rates, then uncomment:`);
    lines.push('# currency:', `#   base: ${quote(base)}`, '#   rates:');
    for (const currency of others) lines.push(`#     ${quote(currency)}: RATE  # 1 ${currency} in ${base}`);
  }
  for (const problem of doc.problems) lines.push(`# not settled: ${problem}`);
  return `${lines.join('\n')}\n`;
}
