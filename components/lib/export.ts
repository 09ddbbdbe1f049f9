/**
 * Taking a figure away: its data table as CSV, its result as JSON (with the parameters, seed,
 * experiment and engine version that produced it), its plot as a standalone SVG, and file names
 * made from the figure and its parameters. Pure functions over plain data or a DOM handed in;
 * the buttons, downloads and the PNG's canvas live in FigureFrame. Not a general CSV or SVG
 * library: just what a figure's table and plot contain.
 */
import { version } from '../../package.json';

/** The engine's version, as package.json states it (the engine ships with the site). */
export const ENGINE_VERSION: string = version;

// --- CSV -------------------------------------------------------------------------------------

/** One field, quoted when it holds a comma, a quote, a line break or edge spaces (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of fields as CSV text, CRLF line ends as RFC 4180 asks, ending with a line break. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + (rows.length ? '\r\n' : '');
}

/** What tableRows() needs of an HTML table: rows (thead, tbody, tfoot in order) of cells. */
export interface TableLike {
  rows: ArrayLike<{ cells: ArrayLike<{ textContent: string | null; colSpan?: number; getAttribute?(name: string): string | null }> }>;
}

/**
 * A cell's fields in the CSV, for its `data-csv` attribute, where the text a reader sees is not
 * what a spreadsheet can read: a number without its unit ("96.54" under a header that says
 * "(%)"), 3.2e-12 for "3.2 × 10⁻¹²", a list of five quantiles as five fields (under as many
 * header fields), or no field at all. Numbers go as given (format them as the table does).
 */
export function csvData(...fields: (string | number)[]): string {
  return JSON.stringify(fields.map(String));
}

/** A cell's fields: its data-csv (csvData) where it has one, else its text; a lone "–" (nothing to show) is an empty field. */
function cellFields(cell: TableLike['rows'][number]['cells'][number]): string[] {
  const data = cell.getAttribute?.('data-csv');
  if (data != null) {
    try {
      const fields: unknown = JSON.parse(data);
      if (Array.isArray(fields)) return fields.map(String);
    } catch {
      // Not csvData's: the attribute's text is the one field.
    }
    return [data];
  }
  const text = (cell.textContent ?? '').replace(/\s+/g, ' ').trim();
  return [text === '–' ? '' : text];
}

/**
 * A table's cells as fields of a CSV a spreadsheet or pandas reads as numbers: each cell's text
 * as the reader sees it (whitespace collapsed), unless the cell says otherwise (csvData); a lone
 * "–" is an empty field. A cell spanning columns is followed by empty fields, so every column
 * keeps its place.
 */
export function tableRows(table: TableLike): string[][] {
  return Array.from(table.rows, (row) =>
    Array.from(row.cells).flatMap((cell) => [...cellFields(cell), ...Array<string>(Math.max(0, (cell.colSpan ?? 1) - 1)).fill('')]),
  );
}

/** Several tables as one CSV, a blank line between them. */
export function tablesToCsv(tables: readonly TableLike[]): string {
  return tables.map((t) => toCsv(tableRows(t))).join('\r\n');
}

// --- file names -----------------------------------------------------------------------------

/**
 * A value as a file-name part: letters, digits, '.', '-' only ("784,30" → "784-30"). A value
 * keeps its minus sign ("bias--1.5"); the name's first part starts with a letter or digit.
 */
function safePart(value: unknown, first = false): string {
  const s = (Array.isArray(value) ? value.join('-') : String(value)).replace(/[^A-Za-z0-9.-]+/g, '-');
  return (first ? s.replace(/^[-.]+/, '') : s).replace(/(.)-+$/, '$1') || 'x';
}

/** Longest file name produced: well under the 255 bytes every common file system allows. */
const MAX_NAME = 180;

/** A number as a name shows it: four significant digits (a slider's -0.9823849411202946 is -0.9824). */
const shortNumber = (v: number) => (Number.isInteger(v) || !Number.isFinite(v) ? v : Number(v.toPrecision(4)));

/** Six base-36 characters of FNV-1a over the text: tells apart names that rounding or the cut made alike. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36).padStart(7, '0').slice(-6);
}

/**
 * `layer-speeds_hidden-4_seed-1.csv`: the figure, then each parameter as name-value in the
 * declaration's order, safe on every file system (no separators, spaces, colons or leading dots).
 * Numbers keep four significant digits; when that or the length limit drops something, a short
 * hash of the exact values ends the name, so two different states never share one.
 */
export function exportFileName(figureId: string, values: Record<string, unknown>, ext: string): string {
  let lossy = false;
  const shown = (v: unknown): unknown => {
    if (typeof v === 'number') {
      const s = shortNumber(v);
      if (s !== v) lossy = true;
      return s;
    }
    return Array.isArray(v) ? v.map(shown) : v;
  };
  const parts = [safePart(figureId, true), ...Object.entries(values).map(([k, v]) => `${safePart(k)}-${safePart(shown(v))}`)];
  let stem = parts.join('_');
  if (stem.length > MAX_NAME) {
    lossy = true;
    stem = stem.slice(0, MAX_NAME).replace(/[_.-]+$/, '');
  }
  if (lossy) stem += `_${shortHash(JSON.stringify(values))}`;
  return `${stem}.${ext}`;
}

// --- JSON ------------------------------------------------------------------------------------

/**
 * A result as plain JSON data: typed arrays become arrays, and NaN and the infinities (a
 * diverged run has them) become the strings "NaN", "Infinity", "-Infinity" rather than the
 * null JSON.stringify would silently make of them.
 */
export function toPlain(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : String(x);
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>, toPlain);
  if (Array.isArray(x)) return x.map(toPlain);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toPlain(v)]));
  return x;
}

export interface ExportPayload {
  /** What the file's fields are, for a reader who opens it without the project at hand. */
  about: Record<string, string>;
  figure: string;
  experiment: string;
  /** The engine's version (package.json), so a result can be traced to the code that made it. */
  engineVersion: string;
  /** The figure's own parameters (its controls), as in its URL. */
  values: Record<string, unknown>;
  /** The seed, where the figure has one (also among `values`). */
  seed?: number;
  /** The parameters the experiment ran with (what `npm run experiment` takes). */
  params: Record<string, unknown>;
  /** False while a run is in progress: `result` is then the partial result shown. */
  complete: boolean;
  result: unknown;
  /** Where the reader found it: the figure's link. */
  url?: string;
}

/**
 * The file's own key to its fields (a student who opened it found `values` and `params` alike,
 * the seed three times and nothing saying what was what), with the command that computes
 * `result` again.
 */
function aboutPayload(experiment: string, params: Record<string, unknown>): Record<string, string> {
  const args = Object.entries(params).map(([k, v]) => `--${k} ${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ');
  return {
    figure: 'the figure (its id on the site, /figures/<id>/)',
    experiment: `what computed the result: engine/experiments/${experiment}.ts, which also says what each field of result means`,
    engineVersion: 'the version of the engine that computed it (package.json)',
    values: "the figure's controls as set, as in its link",
    seed: 'the random seed (also among values)',
    params: 'what the experiment ran with, in the names the command line takes; the figure turns some controls into others (a number of hidden layers into sizes)',
    complete: 'false if the run was still under way: result is then what had been computed so far',
    result: 'the experiment\'s output; numbers that are not finite (a run that blew up) are the strings "NaN", "Infinity" and "-Infinity"; in a diverged record, epoch counts from 1 and layer is the index of the weights (from 0: layer 8 is the weights into hidden layer 9, as its message says)',
    recompute: `npm run --silent experiment -- ${experiment} ${args} --json`,
  };
}

/** The JSON download's content: what is shown and everything needed to compute it again. */
export function jsonPayload(p: {
  figure: string;
  experiment: string;
  values: Record<string, unknown>;
  params: Record<string, unknown>;
  result: unknown;
  complete: boolean;
  url?: string;
  engineVersion?: string;
}): ExportPayload {
  const seed = typeof p.values.seed === 'number' ? p.values.seed : typeof p.params.seed === 'number' ? p.params.seed : undefined;
  return {
    about: aboutPayload(p.experiment, p.params),
    figure: p.figure,
    experiment: p.experiment,
    engineVersion: p.engineVersion ?? ENGINE_VERSION,
    values: toPlain(p.values) as Record<string, unknown>,
    ...(seed !== undefined ? { seed } : {}),
    params: toPlain(p.params) as Record<string, unknown>,
    complete: p.complete,
    result: toPlain(p.result),
    ...(p.url ? { url: p.url } : {}),
  };
}

// --- SVG -------------------------------------------------------------------------------------

export const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The computed properties an SVG needs to look the same outside the page: paint, lines, text.
 * The page's CSS (figures.css, dark mode, fonts) sets these, and a standalone file has no CSS.
 */
export const INLINED_STYLES = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray',
  'stroke-linecap', 'stroke-linejoin', 'opacity', 'font-family', 'font-size', 'font-weight',
  'font-style', 'text-anchor', 'dominant-baseline', 'baseline-shift', 'visibility', 'display', 'stop-color', 'stop-opacity',
  // A label's halo (figures.css .halo) strokes the text in the background colour under its fill:
  // without paint-order the stroke is painted over the letters and eats them.
  'paint-order',
] as const;

type StyleOf = (el: Element) => { getPropertyValue(name: string): string };

/** Copies the computed styles of `from` and its descendants onto `to`'s (a clone of it). */
function inlineStyles(from: Element, to: Element, styleOf: StyleOf): void {
  const cs = styleOf(from);
  const decl = INLINED_STYLES.map((name) => [name, cs.getPropertyValue(name)] as const).filter(([, v]) => v !== '');
  to.setAttribute('style', decl.map(([k, v]) => `${k}:${v}`).join(';'));
  to.removeAttribute('class');
  // The same properties as attributes may name the page's variables (fill="var(--fig-blue)"),
  // which mean nothing outside it: the resolved values above replace them.
  for (const name of INLINED_STYLES) to.removeAttribute(name);
  const a = from.children;
  const b = to.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i], b[i], styleOf);
}

/** A panel: its SVG and where it sits (CSS pixels, relative to the plot's box). */
export interface PlacedSvg {
  svg: SVGSVGElement;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * One standalone SVG document (text) of a figure's plot: each panel cloned with its computed
 * styles inlined, sized in CSS pixels as shown, xmlns set; several panels (side by side or
 * stacked) are nested where they sit. `background` paints the box (the PNG wants one).
 */
/**
 * Words set into lines no wider than `width` as `measure` measures them. For the caption under an
 * exported plot. A non-breaking space joins, as on the page: "1.4 × 10⁶" and "24 % done" stay on
 * one line. A word wider than the line (the figure's link, 300 characters with its settings) is
 * broken over lines, after a "&", "?", "#" or "/" where one falls in the line's second half, else
 * where the line is full: cut off at the edge, a link would lose the settings that reproduce the
 * figure.
 */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/[^\S\u00a0]+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (measure(next) <= width) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (rest.length > 1 && measure(rest) > width) {
      const cut = breakPoint(rest, width, measure);
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

/** Where to break a word too wide for the line: see wrapText. At least one character. */
function breakPoint(word: string, width: number, measure: (s: string) => number): number {
  let fits = 1;
  while (fits < word.length && measure(word.slice(0, fits + 1)) <= width) fits++;
  for (let i = fits; i > fits / 2; i--) if ('&?#/'.includes(word[i - 1])) return i;
  return fits;
}

/** Lines of text under the plot in an exported file: its caption, what it shows, where it is from. */
export interface SvgFooter {
  lines: string[];
  /** Inline style of each line's <text> (font, size, fill). */
  style: string;
  /** Baseline to baseline, and the margin around the block, in CSS pixels. */
  lineHeight: number;
  margin: number;
}

export function standaloneSvg(panels: readonly PlacedSvg[], styleOf: StyleOf, opts: { title?: string; background?: string; fontFaces?: string; footer?: SvgFooter } = {}): { text: string; width: number; height: number } {
  if (panels.length === 0) throw new Error('standaloneSvg: the plot has no <svg>');
  const doc = panels[0].svg.ownerDocument;
  const x0 = Math.min(...panels.map((p) => p.x));
  const y0 = Math.min(...panels.map((p) => p.y));
  // Exact CSS pixels, not rounded: the PNG is then twice the plot's width as the reader saw it.
  const width = Math.max(...panels.map((p) => p.x + p.width)) - x0;
  const plotHeight = Math.max(...panels.map((p) => p.y + p.height)) - y0;
  const footer = opts.footer && opts.footer.lines.length ? opts.footer : undefined;
  const height = footer ? plotHeight + 2 * footer.margin + footer.lines.length * footer.lineHeight : plotHeight;
  const root = doc.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('version', '1.1');
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (opts.title) {
    const title = doc.createElementNS(SVG_NS, 'title');
    title.textContent = opts.title;
    root.appendChild(title);
  }
  // The faces its text is set in (export-fonts.ts), the file's only style sheet: nothing but
  // @font-face rules with the fonts as data: URLs, so it still loads nothing from anywhere.
  if (opts.fontFaces) {
    const style = doc.createElementNS(SVG_NS, 'style');
    style.textContent = opts.fontFaces;
    const defs = doc.createElementNS(SVG_NS, 'defs');
    defs.appendChild(style);
    root.appendChild(defs);
  }
  if (opts.background) {
    const bg = doc.createElementNS(SVG_NS, 'rect');
    for (const [k, v] of [['width', '100%'], ['height', '100%'], ['fill', opts.background]]) bg.setAttribute(k, v);
    root.appendChild(bg);
  }
  for (const p of panels) {
    const clone = p.svg.cloneNode(true) as SVGSVGElement;
    inlineStyles(p.svg, clone, styleOf);
    // The page sizes panels with CSS (width: 100%); here each gets its shown size and place.
    clone.setAttribute('style', `${clone.getAttribute('style')};overflow:visible`);
    clone.setAttribute('x', String(p.x - x0));
    clone.setAttribute('y', String(p.y - y0));
    clone.setAttribute('width', String(p.width));
    clone.setAttribute('height', String(p.height));
    if (!clone.hasAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${p.width} ${p.height}`);
    for (const a of ['role', 'aria-label', 'aria-hidden', 'tabindex']) clone.removeAttribute(a);
    root.appendChild(clone);
  }
  if (footer) {
    // One <text> per line, set in the plot's face; the block's id lets a reader (or a test) tell
    // the caption from the plot's own labels.
    const g = doc.createElementNS(SVG_NS, 'g');
    g.setAttribute('id', 'figure-caption');
    footer.lines.forEach((line, i) => {
      const t = doc.createElementNS(SVG_NS, 'text');
      t.setAttribute('x', String(footer.margin));
      t.setAttribute('y', String(plotHeight + footer.margin + (i + 0.8) * footer.lineHeight));
      t.setAttribute('style', footer.style);
      t.textContent = line;
      g.appendChild(t);
    });
    root.appendChild(g);
  }
  const text = new (doc.defaultView as Window & typeof globalThis).XMLSerializer().serializeToString(root);
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`, width, height };
}
