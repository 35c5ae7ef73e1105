/**
 * Writes a command's output: stdout, or `--out FILE` atomically (a temporary file in the
 * same folder, then rename), so a report is never left half-written on error or Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DealmathError } from '../model/errors.js';

const pendingTemporaryFiles = new Set<string>();

export async function writeOutput(text: string, out: string | undefined, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  if (out === undefined || out === '-') {
    await new Promise<void>((resolve, reject) => {
      stdout.write(text, (error) => (error ? reject(error) : resolve()));
    });
    return;
  }
  const temporary = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.tmp`);
  pendingTemporaryFiles.add(temporary);
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, out);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new DealmathError('unreadable', `cannot write the output (${code ?? String(error)})`, { file: out });
  } finally {
    pendingTemporaryFiles.delete(temporary);
  }
}

/** Removes temporary files of writes cut short (called on SIGINT/SIGTERM). */
export function removePendingOutputs(): void {
  for (const file of pendingTemporaryFiles) {
    // Synchronous on purpose: this runs while the process is being interrupted.
    rmSync(file, { force: true });
  }
}
