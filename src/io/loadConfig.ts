/**
 * Finds and reads the config: `--config FILE`, else `dealmath.yaml` in the working
 * directory, else the defaults. Errors name the file and the key.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CONFIG, parseConfig, type Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import { parseStructured } from './table.js';
import { readWholeText } from './textInput.js';

export const CONFIG_FILE_NAME = 'dealmath.yaml';

export interface LoadedConfig {
  readonly config: Config;
  /** The file it came from, or null for the defaults. */
  readonly file: string | null;
}

export async function loadConfig(path: string | undefined, cwd: string = process.cwd()): Promise<LoadedConfig> {
  let file = path;
  if (file === undefined) {
    const candidate = join(cwd, CONFIG_FILE_NAME);
    try {
      await access(candidate);
      file = CONFIG_FILE_NAME;
    } catch {
      return { config: DEFAULT_CONFIG, file: null };
    }
  }
  const text = await readWholeText(file === CONFIG_FILE_NAME && path === undefined ? join(cwd, file) : file, 1024 * 1024);
  const format = file.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
  let document: unknown;
  try {
    document = parseStructured(file, format, text);
  } catch (error) {
    if (error instanceof DealmathError) throw new DealmathError('bad-config', error.message.replace(`${file}: `, ''), { file });
    throw error;
  }
  const parsed = parseConfig(document);
  if (!parsed.ok) throw new DealmathError('bad-config', parsed.message, { file });
  return { config: parsed.config, file };
}
