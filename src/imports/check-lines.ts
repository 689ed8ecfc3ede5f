import type { Principal } from '../access/principal';
import type { FieldProblem } from '../common/validation/field-problems';
import { parseImportLine, type ImportLine } from './parse-import-line';

/** Some lines of an import file to check, as read (numbered from 1), with the import's time and principal. */
export interface LinesToCheck {
  rows: string[];
  numbers: number[];
  /** The import's `now`, in milliseconds (it crosses to a thread). */
  now: number;
  principal: Principal;
}

export type CheckedLine = { line: ImportLine } | { problems: FieldProblem[] };

/** Every line on its own (`parseImportLine`): the same in this thread or in a line-checking thread. */
export function checkLines({ rows, numbers, now, principal }: LinesToCheck): CheckedLine[] {
  const at = new Date(now);
  return rows.map((row, index) => parseImportLine(row, numbers[index], at, principal));
}
