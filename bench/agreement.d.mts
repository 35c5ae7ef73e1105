/** Types of bench/agreement.mjs, for the test suite (test/bench/agreement.test.ts). */

/** Per-owner counts and USD values, as the benchmark compares them. */
export interface OwnerAggregate {
  readonly owner: string;
  readonly won: number;
  readonly lost: number;
  readonly open: number;
  readonly wonValue: number;
  readonly lostValue: number;
  readonly openValue: number;
}

export declare const RATES: Readonly<Record<string, number>>;
export declare const AS_OF: string;
export declare const WON_STAGE: string;
export declare const LOST_STAGE: string;
export declare const RELATIVE_TOLERANCE: number;

export declare function referenceAggregate(rows: Iterable<Readonly<Record<string, string>>>): OwnerAggregate[];
export declare function referenceAggregateOfFile(path: string): Promise<OwnerAggregate[]>;
export declare function fromDealmath(document: { readonly groups: readonly unknown[] }): OwnerAggregate[];
export declare function fromDuckdb(rows: readonly Readonly<Record<string, unknown>>[]): OwnerAggregate[];
export declare function disagreements(expected: readonly OwnerAggregate[], actual: readonly OwnerAggregate[]): string[];
