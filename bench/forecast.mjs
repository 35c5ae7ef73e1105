#!/usr/bin/env node
/**
 * `node bench/forecast.mjs [--deals N] [--attempts N]`: the forecast's Monte Carlo speed. 10,000
 * runs over 10,000 open deals (amounts 1,000..200,000, probabilities 0.05..0.95, from a seeded
 * generator) must take under a second (issue 16). `--deals` sets another number of deals (the
 * benchmark also times as many as the 1M-deal file's forecast simulates). Prints the median of 5
 * timings (`--attempts`; wall and CPU) as JSON. Needs `npm run build` first; never part of the
 * test suite.
 */
import { performance } from 'node:perf_hooks';
import { mulberry32, simulateOutcomes } from '../dist/index.js';

const RUNS = 10_000;
const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`bench/forecast.mjs: ${name} needs a whole number >= 1, got ${process.argv[at + 1] ?? 'nothing'}`);
    process.exit(2);
  }
  return value;
};
const DEALS = option('--deals', 10_000);
const ATTEMPTS = option('--attempts', 5);
const next = mulberry32(7);
const deals = Array.from({ length: DEALS }, () => ({
  amount: 1_000 + (next() % 199_001),
  probability: 0.05 + (next() / 4_294_967_296) * 0.9,
}));

const timings = [];
const cpu = [];
let result = null;
for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
  const start = performance.now();
  const startCpu = process.cpuUsage();
  result = simulateOutcomes(deals, { closed: 0, runs: RUNS, seed: 20_260_101, quota: null });
  const used = process.cpuUsage(startCpu);
  timings.push(performance.now() - start);
  // CPU time as well: on a shared, loaded machine wall time measures the neighbours.
  cpu.push((used.user + used.system) / 1000);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const wall = median(timings);
console.log(JSON.stringify({ deals: DEALS, runs: RUNS, medianMs: Math.round(wall), minMs: Math.round(Math.min(...timings)), cpuMedianMs: Math.round(median(cpu)), underOneSecond: wall < 1000, p50: result.p50, p10: result.p10, p90: result.p90, mean: result.mean }));
