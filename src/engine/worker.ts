/**
 * A worker thread's entry. Its first message says what it is for:
 * - a part of a large file (parts.ts): the plan's steps rebuilt from the registry read the part,
 *   and the fold states and counts go back; no command code runs here and nothing is read but
 *   the part;
 * - snapshot files (snapshotFiles.ts): each file asked for is read in turn and its kept deals go
 *   back as columns (null when it cannot be read: the main thread reads it and says why).
 */
import { parentPort } from 'node:worker_threads';
import { isPackedState } from '../metrics/packedState.js';
import { readPlanPart } from './parts.js';
import { readSnapshotFile, transferablesOf, type SnapshotFileRequest } from './snapshotFiles.js';
import type { PartRequest } from './workers.js';

interface SnapshotMessage {
  readonly snapshot: SnapshotFileRequest;
  readonly index: number;
}

const port = parentPort;
if (port !== null) {
  let reading: Promise<void> = Promise.resolve();
  const readSnapshot = (message: SnapshotMessage): void => {
    reading = reading.then(() =>
      readSnapshotFile(message.snapshot).then(
        (result) => port.postMessage({ index: message.index, result }, transferablesOf(result)),
        () => port.postMessage({ index: message.index, result: null }),
      ),
    );
  };
  port.once('message', (request: PartRequest | SnapshotMessage) => {
    if ('snapshot' in request) {
      readSnapshot(request);
      port.on('message', readSnapshot);
      return;
    }
    readPlanPart(request.plan, request.part).then(
      // The id table and packed states' numbers are handed over, not copied.
      (result) => port.postMessage({ ok: true, result }, [result.summary.idTable.buffer as ArrayBuffer, ...result.states.filter(isPackedState).map((state) => state.numbers.buffer as ArrayBuffer)]),
      (error: unknown) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  });
}
