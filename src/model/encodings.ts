/**
 * The text encodings an input may be read in (config `encoding`, `--encoding`). Apart from the
 * config schema so that the command line's options load without the schema library.
 */
export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1'] as const;
export type InputEncoding = (typeof ENCODINGS)[number];
