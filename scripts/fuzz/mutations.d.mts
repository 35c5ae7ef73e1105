/** Types of scripts/fuzz/mutations.mjs, for the test suite (test/fuzz/). */

export interface Table {
  header: string[];
  rows: string[][];
}

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  chance(probability: number): boolean;
  shuffle<T>(list: readonly T[]): T[];
}

/** A generated case; files hold bytes or a special file to create. */
export interface FuzzCase {
  readonly id: number;
  readonly kind: 'single' | 'out' | 'invariant';
  readonly description: string;
  readonly files: Readonly<Record<string, Buffer | { symlink: string } | { fifo: true } | { device: true } | { bytes: Buffer; mode: number }>>;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly format: string;
  readonly expectedRows: number | null;
}

export declare const AS_OF: string;
export declare const COMMANDS: readonly string[];
export declare function createRandom(seed: number): Random;
export declare function loadBases(root: string): unknown;
export declare function generateCase(random: Random, bases: unknown): FuzzCase;
export declare function toCsv(table: Table, options?: { delimiter?: string; eol?: string; random?: Random | null }): string;
export declare function toJson(table: Table, options?: { typed?: boolean; wrapped?: boolean }): string;
export declare function toYaml(table: Table, options?: { typed?: boolean }): string;
