/**
 * Writes a file the user asked for by name (`inspect --write-config FILE`): never over an
 * existing file unless forced, and never over one of the command's inputs.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DealmathError } from '../model/errors.js';

export async function writeNewFile(path: string, text: string, options: { readonly force: boolean; readonly inputs: readonly string[] }): Promise<void> {
  const target = resolve(path);
  if (options.inputs.some((input) => input !== '-' && resolve(input) === target)) {
    throw new DealmathError('usage', 'refusing to write over an input file; give another name', { file: path });
  }
  try {
    await writeFile(target, text, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new DealmathError('usage', 'the file exists; pass --force to overwrite it', { file: path });
    throw new DealmathError('unreadable', `cannot write the file (${code ?? String(error)})`, { file: path });
  }
}
