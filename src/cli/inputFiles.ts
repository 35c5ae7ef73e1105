/** Input paths of a command: as given, `-` for stdin; none at all reads a piped stdin, never a terminal. */
import { DealmathError } from '../model/errors.js';
import type { Terminal } from './context.js';

export function inputFiles(files: readonly string[] | undefined, terminal: Terminal): string[] {
  if (files !== undefined && files.length > 0) {
    if (files.filter((file) => file === '-').length > 1) throw new DealmathError('usage', 'stdin (-) can be read only once');
    if (files.includes('-') && terminal.stdinIsTTY) throw new DealmathError('usage', 'stdin (-) is a terminal; pipe a file in (dealmath validate - < deals.csv) or give a path');
    return [...files];
  }
  if (terminal.stdinIsTTY) {
    throw new DealmathError('usage', 'no input file; give a path (dealmath winrate deals.csv) or pipe one in with - (cat deals.csv | dealmath winrate -)');
  }
  return ['-'];
}
