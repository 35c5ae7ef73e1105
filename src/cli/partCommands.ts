/**
 * The commands that read a large file in parts, by name. A worker thread loads its command by
 * this name; the imports are written out so that the bundler (scripts/bundle.mjs) sees them.
 */
import type { BuildAnalyzers } from './parallel.js';

type CommandModule = Promise<{ buildAnalyzers: BuildAnalyzers }>;

export const PART_COMMANDS = {
  winrate: (): CommandModule => import('./commands/winrate.js'),
  velocity: (): CommandModule => import('./commands/velocity.js'),
  coverage: (): CommandModule => import('./commands/coverage.js'),
  pareto: (): CommandModule => import('./commands/pareto.js'),
  scorecard: (): CommandModule => import('./commands/scorecard.js'),
  report: (): CommandModule => import('./commands/report.js'),
} as const;

export type PartCommand = keyof typeof PART_COMMANDS;
