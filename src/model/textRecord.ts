/**
 * Records of text by name (a deal's dimensions, a group's key), made as instances of one
 * constructor whose prototype has no prototype. V8 gives them one fast shape (a record of one
 * name takes 64 bytes, against 190 for an Object.create(null) dictionary), and `__proto__` or
 * `constructor` stay ordinary names, as in a null-prototype object.
 */
export type TextRecordConstructor = new () => Record<string, string>;

/** A constructor of such records: make one per kind of record, and every record with it. */
export function textRecordConstructor(): TextRecordConstructor {
  const TextRecord = function TextRecord(this: Record<string, string>) {} as unknown as TextRecordConstructor;
  TextRecord.prototype = Object.create(null) as Record<string, string>;
  return TextRecord;
}

/**
 * Most names a generated constructor assigns. Past about 300, V8 gives up the fast shape partway
 * through each record and copies it into a dictionary: 2,000 columns cost 310 ns a cell against
 * 108 ns in the loop (measured apart; 250 names: 4 ns against 43 ns).
 */
const MAX_GENERATED_NAMES = 256;

/** A column of a row kept in a record: the cell at `index`, under `name`. */
export type RecordColumn = readonly [index: number, name: string];

/**
 * Makes a record of each row's cells at these columns (`''` for a cell the row lacks), every
 * record of one fast shape. The constructor is generated to assign each name in turn: V8 then
 * sizes the object for them up front. Names assigned in a loop went past V8's limit for fast
 * properties added by computed name and made every record a dictionary: 45 custom columns, as
 * a Salesforce export has, took 720 ms for 400,000 rows against 40 ms (docs/performance.md).
 * The names are JSON string literals in the generated code, the indexes whole numbers; where
 * code generation is refused (`--disallow-code-generation-from-strings`), or for more than
 * MAX_GENERATED_NAMES names, a loop does the same.
 */
export function textRecordMaker(columns: readonly RecordColumn[]): (cells: readonly string[]) => Record<string, string> {
  if (columns.length <= MAX_GENERATED_NAMES && columns.every(([index]) => Number.isSafeInteger(index) && index >= 0)) {
    const body = columns.map(([index, name]) => `this[${JSON.stringify(name)}] = cells[${index}] ?? '';`).join('\n');
    let Generated: (new (cells: readonly string[]) => Record<string, string>) | null = null;
    try {
      Generated = new Function('cells', body) as new (cells: readonly string[]) => Record<string, string>;
    } catch (error) {
      // Only a refusal (EvalError) falls back to the loop below: any other error is a bug here.
      if (!(error instanceof EvalError)) throw error;
    }
    if (Generated !== null) {
      Generated.prototype = Object.create(null) as Record<string, string>;
      const Made = Generated;
      return (cells) => new Made(cells);
    }
  }
  const TextRecord = textRecordConstructor();
  return (cells) => {
    const record = new TextRecord();
    for (const [index, name] of columns) record[name] = cells[index] ?? '';
    return record;
  };
}
