/** The one function that words a finding for people (stderr, tables). Tests match rule codes, not this text. */
import { formatLocated } from '../model/errors.js';
import type { Finding } from '../model/findings.js';

export function describeFinding(found: Finding): string {
  const value = found.value === null ? '' : ` ${JSON.stringify(truncate(found.value, 60))}:`;
  return formatLocated(`${found.severity} ${found.rule}:${value} ${found.detail}`, {
    file: found.file,
    row: found.row ?? undefined,
    column: found.column ?? undefined,
  });
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
