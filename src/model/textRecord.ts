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
