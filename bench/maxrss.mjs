/**
 * Peak RSS without GNU time: bench/run.mjs starts a Node child with `--import` of this file and
 * BENCH_MAXRSS_FILE set, and the child writes its own peak resident set (KB, the whole process:
 * worker threads and native threads included) there on exit. Node's spawnSync gives no rusage
 * of the child, hence this route.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.BENCH_MAXRSS_FILE;
// Workers inherit --import; only the main thread's exit is the process's last word.
if (target !== undefined && target !== '' && isMainThread) {
  process.on('exit', () => writeFileSync(target, `${process.resourceUsage().maxRSS}\n`));
}
