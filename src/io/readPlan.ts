/** Reads an account plan (YAML or JSON; model/accountPlan.ts). Errors name the file and the key. */
import { parseAccountPlan, type AccountPlan } from '../model/accountPlan.js';
import { DealmathError } from '../model/errors.js';
import { parseStructured } from './table.js';
import { readWholeText } from './textInput.js';

export async function readPlan(file: string): Promise<AccountPlan> {
  const text = await readWholeText(file, 1024 * 1024);
  const document = parseStructured(file, file.toLowerCase().endsWith('.json') ? 'json' : 'yaml', text);
  const parsed = parseAccountPlan(document);
  if (!parsed.ok) throw new DealmathError('bad-config', parsed.message, { file });
  return parsed.plan;
}
