// Shared by the browser tests: watching a page's requests and errors, and reading figures.
import { readFile } from 'node:fs/promises';
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { runExperiment } from '../../engine/experiments/index';
import { loadSplitFromDisk } from '../../engine/node-data';

/** Records every request URL and every console error or uncaught exception on the page. */
export function watch(page: Page) {
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { requests, errors };
}

/** Requests whose origin is not the page's (data: and blob: URLs are local). */
export function foreignRequests(requests: string[], baseURL: string): string[] {
  const origin = new URL(baseURL).origin;
  return requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
}

/** A one-function module using a 128-bit SIMD instruction (i8x16.splat, i8x16.popcnt). */
export const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11];

/**
 * The first chapter, by its address rather than as the home page: the specs of its figures keep
 * working when a fork puts a chapter of its own first (content/README, "Change or replace the
 * original chapters"). Relative, so that the base-path run resolves it under its base.
 */
export const FIRST_CHAPTER = 'chapters/unstable-gradients/';

/**
 * A figure by id, scrolled into view so that client:visible hydrates it, and hydrated: its
 * buttons are the server's until then, and a click on one does nothing (a loaded machine's
 * fresh-clone run pressed Start on the race before its island had hydrated). The figures above it
 * are laid out in idle time after load (components/lib/lay-out-figures.ts) and can push it off
 * screen again, where a run pauses until it is back: once they are laid out, it is scrolled to again.
 */
export async function figure(page: Page, id: string): Promise<Locator> {
  const fig = page.locator(`figure[data-figure="${id}"]`);
  await fig.scrollIntoViewIfNeeded();
  // A figure's own page (body[data-figure-page]) has nothing above the figure and no such step.
  if (!(await page.locator('body[data-figure-page]').count())) {
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-figures-laid-out'), null, { timeout: 10_000 });
    await fig.scrollIntoViewIfNeeded();
  }
  await expect(page.locator(`astro-island[ssr]:has(figure[data-figure="${id}"])`)).toHaveCount(0, { timeout: 45_000 });
  return fig;
}

/** Waits until a figure shows a worker's result (not the build-time first paint) and is ready. */
export async function workerReady(fig: Locator, state = 'ready'): Promise<void> {
  await expect(fig).toHaveAttribute('data-source', 'worker');
  await expect(fig).toHaveAttribute('data-state', state);
}

/** The same experiment in Node, for comparison with what the browser's worker computed. */
export function inNode<R>(name: string, params: Record<string, unknown>): Promise<R> {
  return runExperiment(name, params, (s) => loadSplitFromDisk(s)) as Promise<R>;
}

/** The link's value for `key` once a figure has written it (it does so when a value changes). */
export async function readLink(page: Page, key: string): Promise<string> {
  await expect.poll(() => new URL(page.url()).searchParams.get(key)).not.toBeNull();
  return new URL(page.url()).searchParams.get(key)!;
}

// --- a figure's downloads ---

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF), read independently of export.ts. */
export function parseCsv(text: string): string[][] {
  // The figures' CSVs start with a byte-order mark (for Excel); it is not part of the first header.
  text = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\r' && text[i + 1] === '\n') (row.push(field), rows.push(row), (row = []), (field = ''), i++);
    else field += c;
  }
  return rows;
}

/** Clicks the button whose accessible name contains `name` and returns the download it starts. */
export async function take(page: Page, fig: Locator, name: string): Promise<{ download: Download; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name }).click()]);
  const path = await download.path();
  return { download, body: await readFile(path!) };
}

/**
 * The figure's data table(s) as a CSV should hold them: each cell's text as the reader sees it
 * (whitespace collapsed), a lone "–" as an empty field, or the fields its data-csv lists (a
 * number without its unit, several values as several fields).
 */
export const tableCells = (fig: Locator) =>
  fig.locator('details.figure-data table tr').evaluateAll((rows) =>
    rows.map((r) =>
      [...(r as HTMLTableRowElement).cells].flatMap((c): string[] => {
        const data = c.getAttribute('data-csv');
        if (data !== null) return JSON.parse(data);
        const text = (c.textContent ?? '').replace(/\s+/g, ' ').trim();
        return [text === '–' ? '' : text];
      }),
    ),
  );

/**
 * A CSV a spreadsheet reads as numbers: every row as wide as the header, and every field after
 * the first column a plain number (as JavaScript and pandas parse it: no units, no "× 10⁻¹²")
 * or empty. Returns the body's fields as numbers (NaN for empty).
 */
export function numericBody(rows: string[][]): number[][] {
  const width = rows[0].length;
  for (const r of rows) expect(r).toHaveLength(width);
  return rows.slice(1).map((r) =>
    r.slice(1).map((f) => {
      if (f === '') return NaN;
      expect(f, `a field that is not a plain number: ${JSON.stringify(f)}`).toMatch(/^-?\d+(\.\d+)?(e[-+]?\d+)?$/);
      return Number(f);
    }),
  );
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A number as a figure writes it for readers (num() in components/figures/format.ts: "1.4 × 10⁶",
 * "10⁻³⁰", "−0.98") read back as JavaScript's, to compare a table's text with its CSV fields.
 */
export function readShown(text: string): number {
  const t = text.trim();
  const m = /^(−?)(?:(\d+(?:\.\d+)?)\u00a0×\u00a0)?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(t);
  if (!m) return Number(t.replace(/^−/, '-'));
  const k = [...m[3]].map((c) => (c === '⁻' ? '-' : String(SUPERSCRIPT_DIGITS.indexOf(c)))).join('');
  return Number(`${m[1] ? '-' : ''}${m[2] ?? '1'}e${k}`);
}

/**
 * An element's text as the eye reads it: without the words that say a power of ten to a screen
 * reader (components/figures/Spoken.tsx puts them beside "1.4 × 10⁶", hidden from the eye).
 */
export const shownText = (el: Locator): Promise<string> =>
  el.evaluate((e) => {
    const copy = e.cloneNode(true) as Element;
    for (const hidden of copy.querySelectorAll('.sr-only')) hidden.remove();
    return (copy.textContent ?? '').replace(/[ \t\r\n]+/g, ' ').trim();
  });

/** What a screen reader gets of an element (its accessibility tree, as Playwright's ARIA snapshot). */
export const heardText = async (el: Locator): Promise<string> => (await el.ariaSnapshot()).replace(/\s+/g, ' ');
