/**
 * A progress line on stderr for inputs that take more than a moment to read, on a terminal
 * only (never in cron logs or CI output). Checked every few thousand rows, so it costs nothing
 * on the per-row path.
 */
const CHECK_EVERY = 16_384;
const SHOW_AFTER_MS = 1500;

export class Progress {
  private ticks = 0;
  private shown = false;
  private readonly started = Date.now();

  /**
   * `parts`: this thread reads one of that many equal parts of the input while worker threads
   * read the others (parallel.ts); a row here stands for `parts` rows, and the line says "about".
   */
  constructor(private readonly stream: NodeJS.WritableStream, private readonly enabled: boolean, private readonly parts = 1) {}

  /** Counts one row; now and then redraws the line. */
  tick(): void {
    this.ticks += 1;
    if (!this.enabled || (this.ticks & (CHECK_EVERY - 1)) !== 0) return;
    const elapsed = Date.now() - this.started;
    if (elapsed < SHOW_AFTER_MS) return;
    this.shown = true;
    const rows = this.ticks * this.parts;
    const rate = Math.round(rows / (elapsed / 1000));
    this.stream.write(`\r\u001b[2Kreading: ${this.parts > 1 ? 'about ' : ''}${rows.toLocaleString('en-US')} rows (${rate.toLocaleString('en-US')}/s)`);
  }

  /** Clears the line once reading is done. */
  done(): void {
    if (this.shown) this.stream.write('\r\u001b[2K');
    this.shown = false;
  }
}
