/**
 * Writes a command's output: stdout, or `--out FILE` atomically (a temporary file in the
 * same folder, then rename), so a report is never left half-written on error or Ctrl-C.
 *
 * `--out` never destroys anything it should not: a path that is one of the run's inputs (by
 * device and inode, so through symbolic and hard links) is refused before the run reads a byte;
 * a symbolic link is written through to the file it points to, as `cp` does; a FIFO, device,
 * socket or folder is refused by name; a file keeps its permission bits.
 */
import { randomBytes } from 'node:crypto';
import { fstatSync, rmSync, type Stats } from 'node:fs';
import { lstat, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DealmathError } from '../model/errors.js';
import { snapshotFilesIn } from './snapshotFolder.js';

const pendingTemporaryFiles = new Set<string>();

/**
 * Ctrl-C, SIGTERM or SIGHUP while a temporary file exists: remove it, then end by the same signal with
 * its default action (the shell sees 130 or 143), as when no write is under way. Listening only
 * while writing keeps the default action, which ends a busy or blocked process at once, the rest
 * of the time; during a write the event loop is free, so this runs at once.
 */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function removeAndReraise(signal: NodeJS.Signals): void {
  removePendingOutputs();
  stopListening();
  process.kill(process.pid, signal);
}

function startListening(): void {
  if (pendingTemporaryFiles.size > 0) return;
  for (const signal of ENDING_SIGNALS) process.on(signal, removeAndReraise);
}

function stopListening(): void {
  for (const signal of ENDING_SIGNALS) process.removeListener(signal, removeAndReraise);
}

/** Where the bytes of `--out` really go, and the permission bits the file must keep (null: a new file). */
export interface OutputTarget {
  readonly path: string;
  readonly mode: number | null;
  readonly stats: Stats | null;
}

/** Reasons in words for the errno codes a write can end with. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'the folder it goes in does not exist',
  ENOTDIR: 'a parent is not a folder',
  ENAMETOOLONG: 'the name is too long',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EISDIR: 'is a folder',
  ELOOP: 'too many levels of symbolic links',
  EXDEV: 'the temporary file and the target are on different devices',
  EIO: 'input/output error',
  EFBIG: 'the file is too large for the file system',
};

/** One line for an `--out` failure: the path, the reason in words and the errno code. */
export function outputError(out: string, code: string | undefined, reason?: string): DealmathError {
  const words = reason ?? (code === undefined ? undefined : REASONS[code]) ?? 'cannot write the output';
  return new DealmathError('unreadable', `--out ${out}: ${words}${code === undefined ? '' : ` (${code})`}`);
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** What kind of special file a path is, in words; null for a regular file. */
function specialKind(stats: Stats): { words: string; code?: string } | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return { words: 'is a folder', code: 'EISDIR' };
  if (stats.isFIFO()) return { words: 'is a FIFO' };
  if (stats.isCharacterDevice()) return { words: 'is a character device' };
  if (stats.isBlockDevice()) return { words: 'is a block device' };
  if (stats.isSocket()) return { words: 'is a socket' };
  return { words: 'is not a regular file' };
}

/**
 * Resolves `--out` to the file that will be replaced: through symbolic links to the file they
 * point to; a new file in a folder that exists. Refuses special files and missing folders.
 */
export async function resolveOutputTarget(out: string): Promise<OutputTarget> {
  // An unset variable in a script (`--out "$OUT"`), or a folder's name: no file to write.
  if (out.trim() === '') throw new DealmathError('usage', '--out needs a file name (or - for stdout)');
  if (/[\\/]$/.test(out)) throw outputError(out, 'EISDIR', 'names a folder (it ends in /); give a file name');
  let link: Stats;
  try {
    link = await lstat(out);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw outputError(out, errnoOf(error));
    await requireFolder(out, dirname(out));
    return { path: out, mode: null, stats: null };
  }
  let path = out;
  if (link.isSymbolicLink()) {
    try {
      path = await realpath(out);
    } catch (error) {
      const code = errnoOf(error);
      throw outputError(out, code, code === 'ENOENT' ? 'is a symbolic link to a file that does not exist' : undefined);
    }
  }
  const stats = link.isSymbolicLink() ? await stat(path) : link;
  const special = specialKind(stats);
  if (special !== null) throw outputError(out, special.code, special.words);
  return { path, mode: stats.mode & 0o7777, stats };
}

async function requireFolder(out: string, folder: string): Promise<void> {
  let stats: Stats;
  try {
    stats = await stat(folder);
  } catch (error) {
    throw outputError(out, errnoOf(error));
  }
  if (!stats.isDirectory()) throw outputError(out, 'ENOTDIR');
}

/**
 * Refuses an `--out` that is one of `inputs` (the deals, accounts, reps, history, snapshot and
 * config files a run reads, a folder of snapshots standing for the dated files in it, `DATE=FILE` for
 * FILE): compared by device and inode, so a symbolic or hard link to an input is caught.
 * Also refuses what resolveOutputTarget refuses. Called before the run reads anything.
 */
export async function refuseOutputOverInputs(out: string, inputs: readonly string[]): Promise<void> {
  const target = await resolveOutputTarget(out);
  if (target.stats === null) return;
  const { dev, ino } = target.stats;
  const refuse = (input: string): never => {
    throw new DealmathError('usage', `--out ${out}: is the input file ${input}; dealmath never writes over a file it reads (choose another name)`);
  };
  for (const given of inputs) {
    if (given === '-') {
      // Standard input redirected from a file (`< deals.csv`) is that file: never the target either.
      const stdin = standardInputFile();
      if (stdin !== null && stdin.dev === dev && stdin.ino === ino) {
        throw new DealmathError('usage', `--out ${out}: is the file on standard input, which the run reads; dealmath never writes over a file it reads (choose another name)`);
      }
      continue;
    }
    for (const input of pathsNamedBy(given)) {
      let stats: Stats;
      try {
        stats = await stat(input);
      } catch {
        // A missing or unreadable input is its reader's to report.
        continue;
      }
      if (stats.dev === dev && stats.ino === ino) refuse(input);
      // A folder of snapshots is read for the dated files in it: none of them may be the target.
      if (stats.isDirectory()) {
        let snapshots: string[] = [];
        try {
          snapshots = snapshotFilesIn(input);
        } catch {
          // An unreadable folder is its reader's to report.
        }
        for (const snapshot of snapshots) {
          const inside = await stat(snapshot).catch(() => null);
          if (inside !== null && inside.dev === dev && inside.ino === ino) refuse(snapshot);
        }
      }
    }
  }
}

/** The file standard input is redirected from, or null for a pipe, a terminal or no standard input. */
function standardInputFile(): Stats | null {
  try {
    const stats = fstatSync(0);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/** The paths an input value may name: itself, and for a dated snapshot `2026-10-05=FILE`, FILE. */
function pathsNamedBy(value: string): string[] {
  const dated = /^\s*\d{4}-\d{2}-\d{2}\s*=(.*)$/.exec(value);
  return dated === null ? [value] : [value, (dated[1] as string).trim()];
}

/**
 * The temporary file beside `target`: `.NAME.RANDOM.tmp`, or `.dealmath.RANDOM.tmp` when that
 * would pass the 255-byte limit most file systems set on a name, so any legal target name works.
 */
export function temporaryPathBeside(target: string): string {
  const random = randomBytes(6).toString('hex');
  const named = `.${basename(target)}.${random}.tmp`;
  return join(dirname(target), Buffer.byteLength(named) <= 255 ? named : `.dealmath.${random}.tmp`);
}

/** Pieces of output are gathered up to this many bytes per write. */
const BATCH_BYTES = 1 << 20;

/**
 * The output in writes of about a megabyte: one string as it is, pieces encoded into a buffer
 * as they come. Joining the pieces into a string first made a megabyte string and then its
 * bytes per write, both kept in the old generation until a full collection: 66,063 groups of
 * JSON (48 MB) peaked at 259 MB that way, and at 245 MB this way.
 */
function* batches(text: string | Iterable<string>): Generator<string | Buffer> {
  if (typeof text === 'string') return yield text;
  let buffer = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  for (const piece of text) {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const most = piece.length * 3;
    if (used > 0 && used + most > BATCH_BYTES) {
      yield buffer.subarray(0, used);
      buffer = Buffer.allocUnsafe(BATCH_BYTES);
      used = 0;
    }
    if (most > BATCH_BYTES) yield piece;
    else used += buffer.write(piece, used);
  }
  if (used > 0) yield buffer.subarray(0, used);
}

/** Writes to a stream, waiting for each write (backpressure: never more than a batch in memory). */
async function writeToStream(stream: NodeJS.WritableStream, text: string | Iterable<string>): Promise<void> {
  for (const batch of batches(text)) {
    await new Promise<void>((resolve, reject) => {
      stream.write(batch, (error) => (error ? reject(error) : resolve()));
    });
  }
}

/** Writes the output (a string, or its pieces in order) to stdout or, atomically, to `--out`. */
export async function writeOutput(text: string | Iterable<string>, out: string | undefined, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  if (out === undefined || out === '-') return writeToStream(stdout, text);
  const target = await resolveOutputTarget(out);
  const temporary = temporaryPathBeside(target.path);
  startListening();
  pendingTemporaryFiles.add(temporary);
  try {
    // A new file gets 0o666 less the umask; a replaced file's bits are set exactly (the umask
    // may have narrowed them), before any byte is written.
    const handle = await open(temporary, 'wx', target.mode ?? 0o666);
    try {
      if (target.mode !== null) await handle.chmod(target.mode);
      for (const batch of batches(text)) await handle.writeFile(batch);
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, target.path);
    } catch (error) {
      // Gone from under us: an interrupt's cleanup (removePendingOutputs) or another program.
      if (errnoOf(error) === 'ENOENT') throw outputError(out, 'ENOENT', 'the temporary file was removed before it was complete');
      throw error;
    }
  } catch (error) {
    await rm(temporary, { force: true });
    // A failure of the file system is the output's; anything else (made while rendering) is not.
    if (error instanceof DealmathError || errnoOf(error) === undefined) throw error;
    throw outputError(out, errnoOf(error));
  } finally {
    pendingTemporaryFiles.delete(temporary);
    if (pendingTemporaryFiles.size === 0) stopListening();
  }
}

/** Removes temporary files of writes cut short (called on SIGINT/SIGTERM). */
export function removePendingOutputs(): void {
  for (const file of pendingTemporaryFiles) {
    // Synchronous on purpose: this runs while the process is being interrupted.
    rmSync(file, { force: true });
  }
}
