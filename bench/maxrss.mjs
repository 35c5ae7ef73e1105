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
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, `${usage.maxRSS}\n`);
    // CPU time (user + system, microseconds) for benches on a loaded machine, where wall time is noise.
    const cpuTarget = process.env.BENCH_CPU_FILE;
    if (cpuTarget !== undefined && cpuTarget !== '') writeFileSync(cpuTarget, `${usage.userCPUTime + usage.systemCPUTime}\n`);
  });
}
