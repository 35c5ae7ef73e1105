/**
 * `dealmath inspect FILE`: what a new user runs first on an unfamiliar export (engine/inspection.ts).
 */
import { EXIT_CHECK_FAILED, EXIT_OK, DealmathError } from '../../model/errors.js';
import type { DealInputOptions } from '../../io/readDeals.js';
import { loadConfig } from '../../io/loadConfig.js';
import { writeNewFile } from '../../io/writeNewFile.js';
import { overLimitMessage } from '../../engine/dealRun.js';
import { inspectFiles, inspectedInputs } from '../../engine/inspection.js';
import { generatedAt } from '../../report/document.js';
import { inspectDocument } from '../../report/sections/inspect.js';
import { configText, currenciesWithoutRates } from '../../report/inspectConfig.js';
import { maxRejectedOf, parseMapFlags, withInputFlags, type CommonFlags, type Terminal } from '../context.js';
import { emit } from '../emit.js';
import { inputFiles } from '../inputFiles.js';

export interface InspectFlags extends CommonFlags {
  writeConfig?: string;
  force?: boolean;
}

export async function inspectCommand(files: string[], flags: InspectFlags, terminal: Terminal): Promise<number> {
  const loaded = await loadConfig(flags.config, terminal.cwd);
  const config = withInputFlags(loaded.config, flags);
  const paths = inputFiles(files, terminal);
  // Without conversion, so amounts and currencies read as the file states them.
  const options: DealInputOptions = { config: { ...config, currency: undefined }, preset: flags.preset, map: parseMapFlags(flags.map), delimiter: flags.delimiter, sheet: flags.sheet, acceptUndecided: true };
  const maxRejected = maxRejectedOf(flags, config);
  const inspection = await inspectFiles(paths, options, config);
  const { documents } = inspection;
  const { json, view } = inspectDocument(inspection, { configFile: loaded.file, inputs: await inspectedInputs(paths, documents), generatedAt: generatedAt(terminal.env, terminal.now) });
  if (flags.writeConfig !== undefined) {
    const [first] = documents;
    if (first === undefined) throw new DealmathError('usage', 'no input file given');
    await writeNewFile(flags.writeConfig, configText(first, config), { force: flags.force === true, inputs: paths });
    const missingRates = currenciesWithoutRates(first, config);
    const settle = missingRates.length === 0 ? '' : `; first fill in the rates of its currency: section (the amounts are in ${missingRates.join(', ')}), or a run refuses the mixed currencies`;
    terminal.stderr.write(`dealmath inspect: wrote ${flags.writeConfig} from the guesses for ${first.file}; use it with --config ${flags.writeConfig}${settle}\n`);
  }
  await emit({ json, view }, flags, terminal, { formats: ['table', 'json', 'md'] });
  // Its findings are printed first (inspect is where one looks at them), then the limit fails the run as it fails any command's.
  const overLimit = overLimitMessage(inspection, maxRejected);
  if (overLimit === null) return EXIT_OK;
  terminal.stderr.write(`dealmath inspect: ${overLimit}\n`);
  return EXIT_CHECK_FAILED;
}
