/**
 * A worker thread's entry: receives the run plan and its part of the file, rebuilds the plan's
 * steps from the registry, reads the part through them, and posts back the fold states and
 * counts (see parts.ts). No command code runs here and nothing is read but the part.
 */
import { parentPort } from 'node:worker_threads';
import { readPlanPart } from './parts.js';
import type { PartRequest } from './workers.js';

parentPort?.once('message', (request: PartRequest) => {
  readPlanPart(request.plan, request.part).then(
    (result) => parentPort?.postMessage({ ok: true, result }, [result.summary.idTable.buffer as ArrayBuffer]),
    (error: unknown) => parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
