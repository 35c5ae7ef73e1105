/**
 * Inline SVG charts for the HTML report: pure string builders, no scripts, every label escaped.
 * Sizes are in SVG units; the page scales them to its width.
 */
import { largest, smallest } from './extremes.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);
}

const WIDTH = 720;
const LABEL_WIDTH = 170;
const ROW = 26;
const PALETTE = { bar: '#3b6ea8', second: '#c8d6e8', whisker: '#1d2b3a', good: '#2f8a4c', bad: '#b83b3b', grid: '#d9dde3', text: '#1d2b3a', muted: '#6b7684' };

function svg(height: number, body: string, title: string): string {
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

function text(x: number, y: number, content: string, options: { anchor?: 'start' | 'middle' | 'end'; size?: number; colour?: string } = {}): string {
  return `<text x="${round(x)}" y="${round(y)}" font-size="${options.size ?? 12}" fill="${options.colour ?? PALETTE.text}" text-anchor="${options.anchor ?? 'start'}">${escapeHtml(content)}</text>`;
}

function round(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

function clip(label: string, length = 24): string {
  return label.length <= length ? label : `${label.slice(0, length - 1)}…`;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

export interface RateBar {
  readonly label: string;
  readonly rate: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** Fewer closed deals than the minimum sample (METRICS): the bar is pale and its value says "small sample". */
  readonly small?: boolean;
}

/** Horizontal bars of rates (0..1) with their interval whiskers; n/a rows say so; small samples are marked. */
export function rateBarsSvg(bars: readonly RateBar[], title: string): string {
  const plot = WIDTH - LABEL_WIDTH - 70;
  const legend = bars.some((bar) => bar.small === true) ? 16 : 0;
  const height = bars.length * ROW + 30 + legend;
  const x = (value: number): number => LABEL_WIDTH + value * plot;
  let body = '';
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    body += `<line x1="${round(x(tick))}" y1="4" x2="${round(x(tick))}" y2="${height - legend - 22}" stroke="${PALETTE.grid}"/>`;
    body += text(x(tick), height - legend - 8, percent(tick), { anchor: 'middle', size: 10, colour: PALETTE.muted });
  }
  bars.forEach((bar, index) => {
    const y = 6 + index * ROW;
    body += text(LABEL_WIDTH - 8, y + 14, clip(bar.label), { anchor: 'end' });
    if (bar.rate === null) {
      body += text(LABEL_WIDTH + 4, y + 14, 'n/a', { colour: PALETTE.muted });
      return;
    }
    body += `<rect class="bar${bar.small === true ? ' small-sample' : ''}" x="${LABEL_WIDTH}" y="${y + 3}" width="${round(bar.rate * plot)}" height="${ROW - 10}" fill="${bar.small === true ? PALETTE.second : PALETTE.bar}"${bar.small === true ? ` stroke="${PALETTE.bar}" stroke-dasharray="3 2"` : ''}/>`;
    if (bar.low !== null && bar.high !== null) {
      const mid = y + 3 + (ROW - 10) / 2;
      body += `<line class="whisker" x1="${round(x(bar.low))}" y1="${mid}" x2="${round(x(bar.high))}" y2="${mid}" stroke="${PALETTE.whisker}" stroke-width="1.5"/>`;
      body += `<line x1="${round(x(bar.low))}" y1="${mid - 5}" x2="${round(x(bar.low))}" y2="${mid + 5}" stroke="${PALETTE.whisker}"/>`;
      body += `<line x1="${round(x(bar.high))}" y1="${mid - 5}" x2="${round(x(bar.high))}" y2="${mid + 5}" stroke="${PALETTE.whisker}"/>`;
    }
    body += text(x(Math.max(bar.rate, bar.high ?? 0)) + 6, y + 14, `${percent(bar.rate)}${bar.small === true ? ' small sample' : ''}`, { size: 11, colour: bar.small === true ? PALETTE.muted : PALETTE.text });
  });
  if (bars.some((bar) => bar.small === true)) body += text(LABEL_WIDTH, height - 4, 'pale bar: small sample (fewer closed deals than the minimum sample)', { size: 10, colour: PALETTE.muted });
  return svg(height, body, title);
}

export interface PairBar {
  readonly label: string;
  /** The bar drawn solid (actual). */
  readonly actual: number | null;
  /** The bar drawn as an outline behind it (required). */
  readonly required: number | null;
  /** What the value column says after the amount, instead of actual / required: the section's own figure (coverage, as its table has it). */
  readonly note?: string;
}

/** Actual against required, per row: a solid bar over an outlined one, with the ratio (or the row's note). */
export function actualVsRequiredSvg(rows: readonly PairBar[], title: string, formatValue: (value: number) => string): string {
  const valueText = (row: PairBar): string => `${row.actual === null ? 'n/a' : formatValue(row.actual)}${row.note !== undefined ? ` (${row.note})` : row.actual !== null && row.required !== null && row.required > 0 ? ` (${(row.actual / row.required).toFixed(2)}x)` : ''}`;
  // The value column is as wide as its longest text (about 0.62 em a character at 11 px), so it is never cut at the right edge.
  const valueWidth = largest(rows.map((row) => Math.ceil(valueText(row).length * 11 * 0.62) + 12), 110);
  const plot = WIDTH - LABEL_WIDTH - valueWidth;
  const maximum = largest(rows.flatMap((row) => [row.actual ?? 0, row.required ?? 0]), 1);
  const height = rows.length * ROW + 34;
  let body = '';
  body += `<rect x="${LABEL_WIDTH}" y="${height - 18}" width="12" height="10" fill="${PALETTE.good}"/>` + text(LABEL_WIDTH + 16, height - 9, "actual (red: short of required)", { size: 10 });
  body += `<rect x="${LABEL_WIDTH + 230}" y="${height - 18}" width="12" height="10" fill="none" stroke="${PALETTE.whisker}" stroke-dasharray="3 2"/>` + text(LABEL_WIDTH + 246, height - 9, 'required', { size: 10 });
  rows.forEach((row, index) => {
    const y = 6 + index * ROW;
    body += text(LABEL_WIDTH - 8, y + 14, clip(row.label), { anchor: 'end' });
    if (row.required !== null) {
      body += `<rect class="required" x="${LABEL_WIDTH}" y="${y + 2}" width="${round((row.required / maximum) * plot)}" height="${ROW - 8}" fill="none" stroke="${PALETTE.whisker}" stroke-dasharray="3 2"/>`;
    }
    if (row.actual !== null) {
      const short = row.required !== null && row.actual < row.required;
      body += `<rect class="bar" x="${LABEL_WIDTH}" y="${y + 5}" width="${round((row.actual / maximum) * plot)}" height="${ROW - 14}" fill="${short ? PALETTE.bad : PALETTE.good}"/>`;
    }
    body += text(LABEL_WIDTH + plot + 8, y + 14, valueText(row), { size: 11 });
  });
  return svg(height, body, title);
}

export interface SignedBar {
  readonly label: string;
  readonly value: number | null;
}

/** Bars left and right of zero: lever shares of a change, or what-if effects. */
export function signedBarsSvg(bars: readonly SignedBar[], title: string, formatValue: (value: number) => string): string {
  const plot = WIDTH - LABEL_WIDTH - 90;
  const maximum = largest(bars.map((bar) => Math.abs(bar.value ?? 0)), 1e-9);
  const zero = LABEL_WIDTH + plot / 2;
  const height = bars.length * ROW + 12;
  let body = `<line x1="${zero}" y1="2" x2="${zero}" y2="${height - 4}" stroke="${PALETTE.muted}"/>`;
  bars.forEach((bar, index) => {
    const y = 6 + index * ROW;
    body += text(LABEL_WIDTH - 8, y + 14, clip(bar.label), { anchor: 'end' });
    if (bar.value === null) {
      body += text(zero + 6, y + 14, 'n/a', { colour: PALETTE.muted });
      return;
    }
    const length = (Math.abs(bar.value) / maximum) * (plot / 2);
    const left = bar.value >= 0 ? zero : zero - length;
    body += `<rect class="bar" x="${round(left)}" y="${y + 3}" width="${round(length)}" height="${ROW - 10}" fill="${bar.value >= 0 ? PALETTE.good : PALETTE.bad}"/>`;
    // Values stand in a column at the right, so a long negative bar never runs into its label.
    body += text(LABEL_WIDTH + plot + 10, y + 14, formatValue(bar.value), { size: 11, colour: bar.value >= 0 ? PALETTE.good : PALETTE.bad });
  });
  return svg(height, body, title);
}

export interface CurvePoint {
  /** 0..1 along the x axis (share of entities). */
  readonly x: number;
  /** 0..1 (cumulative share of the measure). */
  readonly y: number;
}

/** A cumulative share curve (Pareto) with the threshold line and the top-k mark. */
export function curveSvg(points: readonly CurvePoint[], marks: { readonly threshold: number; readonly k: number | null; readonly n: number }, title: string): string {
  const left = 50;
  const plotWidth = WIDTH - left - 20;
  const plotHeight = 240;
  const height = plotHeight + 48;
  const x = (value: number): number => left + value * plotWidth;
  const y = (value: number): number => 10 + (1 - value) * plotHeight;
  let body = '';
  for (const tick of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    body += `<line x1="${left}" y1="${round(y(tick))}" x2="${left + plotWidth}" y2="${round(y(tick))}" stroke="${PALETTE.grid}"/>`;
    body += text(left - 6, y(tick) + 4, percent(tick), { anchor: 'end', size: 10, colour: PALETTE.muted });
    body += text(x(tick), 10 + plotHeight + 16, percent(tick), { anchor: 'middle', size: 10, colour: PALETTE.muted });
  }
  body += `<line x1="${left}" y1="${round(y(marks.threshold))}" x2="${left + plotWidth}" y2="${round(y(marks.threshold))}" stroke="${PALETTE.bad}" stroke-dasharray="4 3"/>`;
  if (marks.k !== null && marks.n > 0) {
    const share = marks.k / marks.n;
    body += `<line x1="${round(x(share))}" y1="10" x2="${round(x(share))}" y2="${10 + plotHeight}" stroke="${PALETTE.bad}" stroke-dasharray="4 3"/>`;
    body += text(x(share) + 4, 24, `top ${marks.k} of ${marks.n}`, { size: 11, colour: PALETTE.bad });
  }
  const path = [{ x: 0, y: 0 }, ...points].map((point, index) => `${index === 0 ? 'M' : 'L'}${round(x(point.x))},${round(y(point.y))}`).join(' ');
  body += `<path class="curve" d="${path}" fill="none" stroke="${PALETTE.bar}" stroke-width="2"/>`;
  body += text(left + plotWidth / 2, height - 6, 'share of entities, largest first', { anchor: 'middle', size: 10, colour: PALETTE.muted });
  return svg(height, body, title);
}

export interface ScatterPoint {
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly group: string;
}

/** A label's box in SVG units: estimated from its length (about 0.62 em a character). */
export interface LabelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function overlaps(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Places labels beside their points without collisions: each tries right-above, right-below,
 * left-above, left-below, and is left out (its point keeps its tooltip) when none fits inside the
 * area without overlapping a label already placed. Largest first: the caller orders them.
 */
export function placeLabels(
  points: readonly { readonly x: number; readonly y: number; readonly text: string }[],
  area: LabelBox,
  taken: readonly LabelBox[] = [],
  size = 10,
): { readonly text: string; readonly anchor: 'start' | 'end'; readonly x: number; readonly y: number; readonly box: LabelBox }[] {
  const placed: LabelBox[] = [...taken];
  const out: { text: string; anchor: 'start' | 'end'; x: number; y: number; box: LabelBox }[] = [];
  for (const point of points) {
    const width = Math.ceil(point.text.length * size * 0.62);
    const height = size + 2;
    const tries: { anchor: 'start' | 'end'; x: number; y: number }[] = [
      { anchor: 'start', x: point.x + 6, y: point.y - 5 },
      { anchor: 'start', x: point.x + 6, y: point.y + size + 3 },
      { anchor: 'end', x: point.x - 6, y: point.y - 5 },
      { anchor: 'end', x: point.x - 6, y: point.y + size + 3 },
    ];
    for (const attempt of tries) {
      const box = { x: attempt.anchor === 'start' ? attempt.x : attempt.x - width, y: attempt.y - size, width, height };
      const inside = box.x >= area.x && box.y >= area.y && box.x + box.width <= area.x + area.width && box.y + box.height <= area.y + area.height;
      if (inside && !placed.some((other) => overlaps(box, other))) {
        placed.push(box);
        out.push({ text: point.text, ...attempt, box });
        break;
      }
    }
  }
  return out;
}

/** Values spanning more than two orders of magnitude are drawn on a log scale (log10(1 + v)). */
function spansOrders(values: readonly number[]): boolean {
  const positive = values.filter((value) => value > 0);
  if (positive.length < 2) return false;
  return largest(positive) / smallest(positive) > 100;
}

/** A labelled scatter with threshold lines: the account quadrant (x current, y future revenue). */
export function scatterSvg(points: readonly ScatterPoint[], thresholds: { readonly x: number | null; readonly y: number | null }, title: string, axis: { x: string; y: string }): string {
  const left = 60;
  const plotWidth = WIDTH - left - 20;
  const plotHeight = 320;
  const height = plotHeight + 44;
  // One large account would squash a hundred into a corner: a log scale when values span orders of magnitude, said on the axis.
  const logX = spansOrders(points.map((point) => point.x));
  const logY = spansOrders(points.map((point) => point.y));
  const scale = (log: boolean) => (value: number): number => (log ? Math.log10(1 + Math.max(0, value)) : value);
  const sx = scale(logX);
  const sy = scale(logY);
  const maxX = Math.max(largest(points.map((point) => sx(point.x)), sx(1)), sx(thresholds.x ?? 0)) * 1.05;
  const maxY = Math.max(largest(points.map((point) => sy(point.y)), sy(1)), sy(thresholds.y ?? 0)) * 1.05;
  const x = (value: number): number => left + (sx(value) / maxX) * plotWidth;
  const y = (value: number): number => 10 + (1 - sy(value) / maxY) * plotHeight;
  const colours: Record<string, string> = { A: PALETTE.good, B: PALETTE.bar, C: '#c98a1b', D: PALETTE.muted };
  let body = `<rect x="${left}" y="10" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="${PALETTE.grid}"/>`;
  if (thresholds.x !== null) body += `<line x1="${round(x(thresholds.x))}" y1="10" x2="${round(x(thresholds.x))}" y2="${10 + plotHeight}" stroke="${PALETTE.muted}" stroke-dasharray="4 3"/>`;
  if (thresholds.y !== null) body += `<line x1="${left}" y1="${round(y(thresholds.y))}" x2="${left + plotWidth}" y2="${round(y(thresholds.y))}" stroke="${PALETTE.muted}" stroke-dasharray="4 3"/>`;
  const corners = [
    { text: 'A: full plan', x: left + plotWidth - 4, y: 24, anchor: 'end' as const, colour: colours.A as string },
    { text: 'B: develop', x: left + 4, y: 24, anchor: 'start' as const, colour: colours.B as string },
    { text: 'C: protect', x: left + plotWidth - 4, y: plotHeight + 4, anchor: 'end' as const, colour: colours.C as string },
    { text: 'D: nurture', x: left + 4, y: plotHeight + 4, anchor: 'start' as const, colour: colours.D as string },
  ];
  const cornerBoxes: LabelBox[] = corners.map((corner) => {
    const width = Math.ceil(corner.text.length * 11 * 0.62);
    return { x: corner.anchor === 'end' ? corner.x - width : corner.x, y: corner.y - 11, width, height: 13 };
  });
  for (const corner of corners) body += text(corner.x, corner.y, corner.text, { anchor: corner.anchor, size: 11, colour: corner.colour });
  for (const point of points) {
    body += `<circle class="point" cx="${round(x(point.x))}" cy="${round(y(point.y))}" r="4" fill="${colours[point.group] ?? PALETTE.bar}"><title>${escapeHtml(point.label)}</title></circle>`;
  }
  // The largest accounts are labelled where a label fits without covering another.
  const labelled = [...points].sort((a, b) => b.x + b.y - (a.x + a.y)).slice(0, 12);
  const labels = placeLabels(labelled.map((point) => ({ x: x(point.x), y: y(point.y), text: clip(point.label, 18) })), { x: left, y: 10, width: plotWidth, height: plotHeight }, cornerBoxes);
  for (const label of labels) body += text(label.x, label.y, label.text, { size: 10, anchor: label.anchor }).replace('<text ', '<text class="point-label" ');
  body += text(left + plotWidth / 2, height - 4, `${axis.x}${logX ? ' (log scale)' : ''}`, { anchor: 'middle', size: 11, colour: PALETTE.muted });
  body += `<text x="14" y="${10 + plotHeight / 2}" font-size="11" fill="${PALETTE.muted}" text-anchor="middle" transform="rotate(-90 14 ${10 + plotHeight / 2})">${escapeHtml(`${axis.y}${logY ? ' (log scale)' : ''}`)}</text>`;
  return svg(height, body, title);
}

export interface WaterfallBar {
  readonly label: string;
  /** Signed change; for `total` bars, the level itself. */
  readonly value: number;
  readonly total?: boolean;
}

/** A horizontal waterfall: levels from zero, each change floating from the running total. */
export function waterfallSvg(bars: readonly WaterfallBar[], title: string, formatValue: (value: number) => string): string {
  const plot = WIDTH - LABEL_WIDTH - 110;
  let level = 0;
  const spans = bars.map((bar) => {
    if (bar.total === true) {
      level = bar.value;
      return { low: 0, high: bar.value };
    }
    const before = level;
    level += bar.value;
    return { low: Math.min(before, level), high: Math.max(before, level) };
  });
  const top = largest(spans.map((span) => span.high), 1e-9);
  const x = (value: number): number => LABEL_WIDTH + (Math.max(0, value) / top) * plot;
  const height = bars.length * ROW + 12;
  let body = '';
  bars.forEach((bar, index) => {
    const y = 6 + index * ROW;
    const span = spans[index] as { low: number; high: number };
    body += text(LABEL_WIDTH - 8, y + 14, clip(bar.label), { anchor: 'end' });
    const colour = bar.total === true ? PALETTE.bar : bar.value >= 0 ? PALETTE.good : PALETTE.bad;
    if (bar.value !== 0) body += `<rect class="bar" x="${round(x(span.low))}" y="${y + 3}" width="${round(Math.max(1, x(span.high) - x(span.low)))}" height="${ROW - 10}" fill="${colour}"/>`;
    const shown = bar.total === true || bar.value <= 0 ? formatValue(bar.value) : `+${formatValue(bar.value)}`;
    body += text(LABEL_WIDTH + plot + 10, y + 14, shown, { size: 11, colour: bar.total === true ? PALETTE.text : colour });
  });
  return svg(height, body, title);
}

export interface SeriesLine {
  readonly name: string;
  /** One value per period label; null: n/a (the line breaks there). */
  readonly values: readonly (number | null)[];
}

/** A line chart over periods (a trend, `--every`): one line per series, n/a periods as breaks. */
export function lineChartSvg(labels: readonly string[], lines: readonly SeriesLine[], title: string, formatValue: (value: number) => string): string {
  const left = 80;
  // Room on the right for the last period's label, centred on its point.
  const plotWidth = WIDTH - left - 60;
  const plotHeight = 200;
  const legend = lines.length > 1 ? 18 * lines.length : 0;
  const height = plotHeight + 50 + legend;
  const known = lines.flatMap((line) => line.values.filter((value): value is number => value !== null && Number.isFinite(value)));
  const low = smallest(known, 0);
  const high = largest(known, low + 1e-9);
  const x = (index: number): number => left + (labels.length <= 1 ? plotWidth / 2 : (index / (labels.length - 1)) * plotWidth);
  const y = (value: number): number => 10 + (1 - (value - low) / (high - low)) * plotHeight;
  const colours = [PALETTE.bar, PALETTE.bad, PALETTE.good, PALETTE.whisker, PALETTE.muted];
  let body = '';
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const value = low + tick * (high - low);
    body += `<line x1="${left}" y1="${round(y(value))}" x2="${left + plotWidth}" y2="${round(y(value))}" stroke="${PALETTE.grid}"/>`;
    body += text(left - 6, y(value) + 4, formatValue(value), { anchor: 'end', size: 10, colour: PALETTE.muted });
  }
  const every = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((label, index) => {
    if (index % every === 0) body += text(x(index), plotHeight + 28, clip(label, 16), { anchor: 'middle', size: 10, colour: PALETTE.muted });
  });
  lines.forEach((line, lineIndex) => {
    const colour = colours[lineIndex % colours.length] as string;
    let path = '';
    let pen = false;
    line.values.forEach((value, index) => {
      if (value === null || !Number.isFinite(value)) {
        pen = false;
        return;
      }
      path += `${pen ? 'L' : 'M'}${round(x(index))},${round(y(value))} `;
      pen = true;
      body += `<circle cx="${round(x(index))}" cy="${round(y(value))}" r="2.5" fill="${colour}"/>`;
    });
    if (path !== '') body += `<path class="line" d="${path.trim()}" fill="none" stroke="${colour}" stroke-width="2"/>`;
    if (lines.length > 1) {
      const top = plotHeight + 44 + lineIndex * 18;
      body += `<rect x="${left}" y="${top - 9}" width="12" height="4" fill="${colour}"/>` + text(left + 18, top - 4, clip(line.name, 40), { size: 11 });
    }
  });
  return svg(height, body, title);
}
