/** Lines of terminal charts as cells of text with a colour role, shared by the chart builders. */

export interface ChartCell<Role extends string> {
  readonly text: string;
  readonly role: Role | null;
}

/** Keeps the first `width` columns of a line whose cells are single-width text. */
export function clipCells<Cell extends ChartCell<string>>(cells: readonly Cell[], width: number): Cell[] {
  const kept: Cell[] = [];
  let used = 0;
  for (const cell of cells) {
    const room = width - used;
    if (room <= 0) break;
    const characters = [...cell.text];
    kept.push(characters.length <= room ? cell : { ...cell, text: characters.slice(0, room).join('') });
    used += Math.min(room, characters.length);
  }
  return kept;
}

/** Joins cells, colouring each run of one role once (fewer escape codes than per cell). */
export function renderCells<Role extends string>(cells: readonly ChartCell<Role>[], colour: (text: string, role: Role) => string): string {
  let line = '';
  let runText = '';
  let runRole: Role | null = null;
  const flush = (): void => {
    if (runText !== '') line += runRole === null ? runText : colour(runText, runRole);
    runText = '';
  };
  for (const cell of cells) {
    if (cell.role !== runRole) {
      flush();
      runRole = cell.role;
    }
    runText += cell.text;
  }
  flush();
  return line;
}
