/** Types of scripts/fuzz/runner.mjs, for the test suite (test/fuzz/). */

export type FuzzClass = 'crash' | 'hang' | 'memory' | 'loss' | 'injection' | 'overwrite' | 'invariant';

/** What one run of the binary gave. */
export interface RunResult {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly code: number | null;
  readonly signal: string | null;
  readonly killedFor: 'time' | 'memory' | null;
  readonly ms: number;
  readonly peakMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface PathState {
  readonly type: 'file' | 'symlink' | 'fifo' | 'device' | 'directory' | 'other' | 'missing';
  readonly mode?: number;
  readonly hash?: string | null;
}

export declare const CLASSES: readonly FuzzClass[];
export declare const HANG_MS: number;
export declare const MEMORY_LIMIT_KB: number;

export declare function crashOf(result: RunResult): string | null;
export declare function hangOf(result: RunResult, inputBytes: number): string | null;
export declare function memoryOf(result: RunResult): string | null;
export declare function lossOf(result: RunResult, expectedRows: number | null): string | null;
export declare function injectionOf(result: RunResult, format: string): string | null;
export declare function overwriteOf(before: Readonly<Record<string, PathState>>, after: Readonly<Record<string, PathState>>, writable?: readonly string[]): string | null;
export declare function invariantOf(one: RunResult, other: RunResult, fileNames: readonly string[]): string | null;
export declare function normalizeAnswer(value: unknown, fileNames: readonly string[]): unknown;
export declare function firstDifference(a: unknown, b: unknown): string | null;
export declare function describePath(path: string): PathState;
export declare function escapeControls(text: string): string;
