/**
 * Where a figure's island finds its build-time first paint (components/lib/first-paint.ts) when
 * the built page ships it as a file of its own instead of inside the island's props.
 *
 * Why a file: the first paints are numbers to 17 digits, 48 kB of the chapter's 173 kB gzipped
 * HTML, needed by nobody until a figure hydrates, and every byte of the HTML is between a reader
 * on a slow phone connection and the first line of text. So `astro build` writes each one to
 * first-paint/<key>.json (scripts/first-paint-files.mjs) and the island's props carry only
 * `firstPaint: { key, src }`. The page still shows the figure from its server-rendered SVG at
 * once; the `client:figure` directive (components/lib/figure-directive.ts) fetches the file
 * beside the island's code when the figure comes near the screen and hydrates once both are here,
 * so the island starts from exactly the state the server drew. The service worker precaches the
 * files, so this works offline as before. `astro dev` and the unit tests keep the first paint
 * inline (no file step there).
 *
 * One map on globalThis serves both sides: in the build, figureProps puts the result and the
 * island's server render reads it in the same process; in the browser, the directive's script
 * (bundled apart from the islands) puts what it fetched and the island reads it as it hydrates.
 */
export interface FirstPaintRef {
  /** The file's name without .json: the experiment's name and a hash of its parameters and engine. */
  key: string;
  /** Its address under the site's base path. */
  src: string;
}

const GLOBAL = '__figureFirstPaints';

function store(): Map<string, unknown> {
  const g = globalThis as { [GLOBAL]?: Map<string, unknown> };
  return (g[GLOBAL] ??= new Map());
}

export function putFirstPaint(key: string, value: unknown): void {
  store().set(key, value);
}

/** The first paint stored under `key`, or undefined if there is none (its file failed to load). */
export function firstPaintOf<R>(key: string): R | undefined {
  return store().get(key) as R | undefined;
}
