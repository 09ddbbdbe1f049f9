// Shared by the content tests: the built site (built first when dist/ is missing or older than
// the sources), the published chapters found from content/chapters/, each one's page and MDX, and
// the results its figures were built with.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
// node-html-parser (a dependency: scripts/katex-fonts.mjs reads the built pages with it); a real
// parser is safer than regular expressions for nested markup such as KaTeX's.
import { parse, type HTMLElement } from 'node-html-parser';
import { builtBase } from '../../scripts/dist-files.mjs';

export const root = resolve(__dirname, '../..');
// The pages come from the chapters, the components and the engine (the figures' first paints are its runs).
const sources = ['content', 'components', 'engine'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export interface ChapterSource {
  slug: string;
  order: number;
  title: string;
  /** The MDX text. */
  mdx: string;
}

/** Published chapters (front matter without `draft: true`), in `order`, as the site lists them. */
export function publishedChapters(): ChapterSource[] {
  const dir = join(root, 'content/chapters');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => {
      const mdx = readFileSync(join(dir, f), 'utf8');
      const front = /^---\n([\s\S]*?)\n---/.exec(mdx)?.[1] ?? '';
      const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(front)?.[1].trim().replace(/^"(.*)"$/, '$1');
      return { slug: f.replace(/\.mdx$/, ''), order: Number(field('order')), title: field('title') ?? '', draft: field('draft') === 'true', mdx };
    })
    .filter((c) => !c.draft)
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug))
    .map(({ draft: _draft, ...c }) => c);
}

/**
 * Builds the site if any source is newer than the pages, or if dist/ was built for a sub-path
 * (`BASE_PATH=/course/ npm run build`, as a deployment does: these tests read the site's links
 * as the root build writes them), so `vitest` alone works too. One build at a time: on a laptop
 * with more cores Vitest runs several of the files that call this at once, and each saw the
 * same stale dist/ and started its own build into it.
 */
export function ensureBuilt(): void {
  if (upToDate()) return;
  withBuildLock(() => {
    if (upToDate()) return; // another worker built it while this one waited
    const base = builtBase(join(root, 'dist'));
    if (base && base !== '/') console.warn(`dist/ was built for the base path ${base}; building it again for / (the content tests read the root build's links).`);
    const { BASE_PATH: _sub, ...env } = process.env;
    try {
      execSync('npm run --silent build', { cwd: root, stdio: 'pipe', timeout: 300_000, env });
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(
        `The site build failed, so the chapters cannot be checked. Run \`npm run build\` to see why.\n` +
          `${e.stderr?.toString() ?? ''}${e.stdout?.toString().slice(-4000) ?? ''}`,
      );
    }
  });
  for (const c of publishedChapters()) {
    const p = pagePath(c.slug);
    if (!existsSync(p)) throw new Error(`${p} does not exist after building: run \`npm run build\` and check its output.`);
  }
}

/** dist/ is a root build with every published chapter, newer than every source. */
function upToDate(): boolean {
  const base = builtBase(join(root, 'dist'));
  if (base && base !== '/') return false;
  const sourcesTime = Math.max(...sources.map((d) => newestMtime(join(root, d))));
  return publishedChapters().every((c) => existsSync(pagePath(c.slug)) && statSync(pagePath(c.slug)).mtimeMs >= sourcesTime);
}

/**
 * Runs `fn` holding a lock shared by the test processes (a directory: making one is atomic). A
 * lock left by a process that died is older than any build and is taken over after 10 minutes.
 */
function withBuildLock(fn: () => void): void {
  const lock = join(root, 'node_modules/.cache/site-build.lock');
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile: try again
      }
      Atomics.wait(pause, 0, 0, 250);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export const pagePath = (slug: string) => join(root, `dist/chapters/${slug}/index.html`);
export const loadPage = (slug: string): HTMLElement => parse(readFileSync(pagePath(slug), 'utf8'));
export const loadContents = (): HTMLElement => parse(readFileSync(join(root, 'dist/contents/index.html'), 'utf8'));

/** Which placements of figures an MDX file makes, in order: component name and figure id. */
export function figurePlacements(mdx: string, figures: Record<string, string>): { name: string; id: string }[] {
  const out: { name: string; id: string }[] = [];
  const seen = new Map<string, number>();
  for (const m of mdx.matchAll(/<([A-Z][A-Za-z]+)\b([^>]*)/g)) {
    const figureId = figures[m[1]];
    if (!figureId) continue;
    const count = (seen.get(figureId) ?? 0) + 1;
    seen.set(figureId, count);
    const own = /\bid="([a-z0-9-]+)"/.exec(m[2])?.[1];
    out.push({ name: m[1], id: own ?? (count === 1 ? figureId : `${figureId}-${count}`) });
  }
  return out;
}

// Astro serialises an island's props as [type, value] pairs: 0 a plain value (objects hold pairs
// in turn), 1 an array of pairs; the typed arrays and other types do not occur in our figures.
export function unpackProps(v: unknown): unknown {
  if (!Array.isArray(v)) {
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unpackProps(x)]));
    return v;
  }
  const [type, value] = v as [number, unknown];
  if (type === 1) return (value as unknown[]).map(unpackProps);
  if (type === 0) return value && typeof value === 'object' ? unpackProps(value) : value;
  throw new Error(`unexpected serialised prop type ${type}`);
}

/**
 * The result a figure placement shows when the page loads: the first paint the build computed for
 * it (a file of its own under dist/first-paint/, named in the island's props), found from the
 * placement's element id (`fig-<figure id>` for a figure's first placement).
 */
export function firstPaintOf(doc: HTMLElement, elementId: string): unknown {
  const island = doc.querySelectorAll('astro-island').find((el) => el.querySelector(`#${elementId}`));
  if (!island) throw new Error(`no island holds #${elementId} on the built page`);
  const props = unpackProps(JSON.parse(island.getAttribute('props')!)) as { firstPaint?: { key: string } };
  if (!props.firstPaint) throw new Error(`#${elementId} has no build-time first paint`);
  return JSON.parse(readFileSync(join(root, 'dist/first-paint', `${props.firstPaint.key}.json`), 'utf8'));
}
