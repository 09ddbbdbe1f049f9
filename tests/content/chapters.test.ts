// What every published chapter must satisfy on its built page, each check derived from the
// chapter's own MDX (its headings, figures, equations and citations), so a new chapter is tested
// the moment it exists: KaTeX without errors, every in-page link landing, sections with stable
// ids, figures and equations numbered in document order and referred to by their numbers, a
// reference list of exactly what the chapter cites, and caption numbers that come from the
// figures' own runs.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { lookup } from '../../content/bibliography';
import { NARROW_BREAKPOINTS } from '../../components/lib/narrow-forms';
import { figureComponents } from '../../components/lib/remark-numbering';
import { defaults, getExperiment } from '../../engine/index';
import { ensureBuilt, figurePlacements, loadContents, loadPage, publishedChapters, root, unpackProps } from './site';

/** Each figure's island module, for the job (experiment name and parameters) it runs. */
const islandModules = import.meta.glob<{ ID: string; job: (v: never) => { name: string; params: Record<string, unknown> } }>(
  '../../components/figures/*.tsx',
  { eager: true },
);
const jobOf = (id: string) => Object.values(islandModules).find((m) => m.ID === id)?.job;
const FIGURE_COMPONENTS = figureComponents(resolve(root, 'components/figures'));

const chapters = publishedChapters();
beforeAll(() => ensureBuilt(), 300_000);

// `npm run new-chapter` writes placeholders for the instructor to replace: a published chapter
// still holding one would show "By Your Name" and a sentence about itself in link previews. Read
// from the script itself, so a changed template is checked as it is.
const TEMPLATE = readFileSync(join(root, 'scripts/new-chapter.mjs'), 'utf8');
const PLACEHOLDERS = [
  /^description: "(.+)"$/m.exec(TEMPLATE)?.[1],
  /^authors: \["(.+)"\]$/m.exec(TEMPLATE)?.[1],
  /<p class="lede">(A first paragraph[^.]*)\./.exec(TEMPLATE)?.[1],
];

it('no published chapter keeps a placeholder of the new-chapter template', () => {
  expect(PLACEHOLDERS.every((p) => p && p.length > 8), 'the placeholders were found in scripts/new-chapter.mjs').toBe(true);
  const left = chapters.flatMap((c) => PLACEHOLDERS.filter((p) => c.mdx.includes(p!)).map((p) => `content/chapters/${c.slug}.mdx still says "${p}": replace it, or set draft: true until it is ready`));
  expect(left).toEqual([]);
});

it('finds the published chapters', () => {
  expect(chapters.length).toBeGreaterThanOrEqual(1);
  // The original first chapter is among them (in any place: a fork may put its own first).
  expect(chapters.map((c) => c.slug)).toContain('unstable-gradients');
});

it('titles each figure\'s own page by what it shows and where it is from, with a description and its canonical address', () => {
  // The gallery names each figure by its experiment's title; its own page's tab says the same.
  const gallery = parse(readFileSync(join(root, 'dist/figures/index.html'), 'utf8'));
  const items = gallery.querySelectorAll('[data-gallery-figure]');
  expect(items.length).toBeGreaterThan(5);
  for (const item of items) {
    const id = item.getAttribute('data-gallery-figure')!;
    const name = item.querySelector('h2 a')!.textContent.trim();
    const page = parse(readFileSync(join(root, `dist/figures/${id}/index.html`), 'utf8'));
    const title = page.querySelector('title')?.textContent ?? '';
    // "Activations forward and gradients back, layer by layer · What fixed it": the gallery's
    // name for it and its chapter, not a caption cut off mid-phrase, in at most 90 characters.
    expect(title, id).toMatch(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( · \\S.+)?$`));
    expect(title.length, id).toBeLessThanOrEqual(90);
    const description = page.querySelector('meta[name="description"]')?.getAttribute('content') ?? '';
    expect(
      description.length,
      `${id}: the first sentence of the figure's first caption in a chapter is its page's description (for search results and link previews), "${description}"; make it a sentence of more than 30 characters`,
    ).toBeGreaterThan(30);
    expect(page.querySelector('figcaption')?.textContent.replace(/\s+/g, ' '), id).toContain(description);
    expect(page.querySelector('meta[property="og:title"]')?.getAttribute('content')).toBe(title);
    expect(page.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`/figures/${id}/`);
  }
});

it('lists every published chapter on the contents page, in order, linked', () => {
  const contents = loadContents();
  expect(contents.querySelectorAll('li[data-chapter]').map((li) => li.getAttribute('data-chapter'))).toEqual(chapters.map((c) => c.slug));
  expect(contents.querySelectorAll('li[data-chapter] a').map((a) => a.getAttribute('href'))).toEqual(chapters.map((c) => `/chapters/${c.slug}/`));
  // Each entry reads as its full title once: the short title, then the rest of the title
  // ("What fixed it: a live lab ...", not "What fixed it : What fixed it: a live lab ...").
  for (const [i, li] of contents.querySelectorAll('li[data-chapter]').entries()) {
    const line = (li.querySelector('a')!.textContent + (li.querySelector('.contents-title')?.textContent ?? '')).trim();
    expect(line.endsWith(chapters[i].title), line).toBe(true);
    expect(line.indexOf(chapters[i].title.slice(0, 12)), `${line}: the title once`).toBe(line.lastIndexOf(chapters[i].title.slice(0, 12)));
    expect(line).not.toMatch(/\s:/);
  }
});

describe.each(chapters)('chapter $slug', (chapter) => {
  let doc: HTMLElement;
  beforeAll(() => {
    doc = loadPage(chapter.slug);
  });

  it('renders its title and every piece of mathematics with KaTeX', () => {
    expect(doc.querySelector('h1')?.textContent.trim()).toBe(chapter.title);
    expect(doc.querySelectorAll('.katex-error').map((e) => e.textContent)).toEqual([]);
  });

  it('shows its front matter (authors, date, licence, based-on) and links its neighbours in reading order', () => {
    const front = /^---\n([\s\S]*?)\n---/.exec(chapter.mdx)![1];
    const byline = doc.querySelector('.byline')?.textContent ?? '';
    // After "By", a name that starts with "The" ("The live-chapter contributors") reads "the".
    for (const name of JSON.parse(/^authors:\s*(\[.*\])$/m.exec(front)![1]) as string[]) expect(byline).toContain(name.replace(/^The /, 'the '));
    const date = /^date:\s*(\S+)$/m.exec(front)![1];
    expect(doc.querySelector('.byline time')?.getAttribute('datetime')).toBe(date);
    expect(byline).toContain(JSON.parse(/^licence:\s*(.+)$/m.exec(front)![1]));
    const basedOn = /^basedOn:\s*(.+)$/m.exec(front)?.[1];
    if (basedOn) expect(byline).toContain(JSON.parse(basedOn));
    const i = chapters.indexOf(chapter);
    const href = (sel: string) => doc.querySelector(sel)?.getAttribute('href') ?? null;
    expect(href('a[rel="prev"]')).toBe(i > 0 ? `/chapters/${chapters[i - 1].slug}/` : null);
    expect(href('a[rel="next"]')).toBe(i < chapters.length - 1 ? `/chapters/${chapters[i + 1].slug}/` : null);
    expect(doc.querySelectorAll('.site-nav a').map((a) => a.getAttribute('href'))).toEqual(['/contents/', '/figures/']);
  });

  it('tells a shared link\'s preview its title and description, and names its own address as canonical', () => {
    const front = /^---\n([\s\S]*?)\n---/.exec(chapter.mdx)![1];
    const description = JSON.parse(/^description:\s*(.+)$/m.exec(front)![1]);
    const meta = (sel: string) => doc.querySelector(sel)?.getAttribute('content') ?? null;
    expect(meta('meta[property="og:title"]')).toBe(chapter.title);
    expect(meta('meta[property="og:description"]')).toBe(description);
    expect(meta('meta[name="description"]')).toBe(description);
    expect(meta('meta[name="twitter:card"]')).toBe('summary');
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`/chapters/${chapter.slug}/`);
  });

  it('keeps each inline formula on one line with the punctuation after it (a word joiner between them)', () => {
    let joined = 0;
    const loose: string[] = [];
    for (const math of doc.querySelectorAll('.katex')) {
      if (math.closest('.katex-display')) continue;
      const siblings = math.parentNode.childNodes;
      const next = siblings[siblings.indexOf(math) + 1];
      if (!next) continue;
      if (next.nodeType === 3 && /^[.,;:!?)\]]/.test(next.rawText)) loose.push(`${math.text.slice(0, 30)}|${next.rawText.slice(0, 10)}`);
      if (next.nodeType === 1 && (next as HTMLElement).classList.contains('wj')) {
        joined++;
        expect((next as HTMLElement).getAttribute('aria-hidden')).toBe('true');
        expect(next.text).toBe('\u2060');
      }
    }
    expect(loose).toEqual([]);
    // And the plugin ran: a chapter whose MDX has a formula followed by punctuation has joiners.
    // (A short chapter may have none at all.)
    if (/(?<![$\\])\$[^$\n]+\$[.,;:!?)\]]/.test(chapter.mdx)) expect(joined).toBeGreaterThan(0);
  });

  it('has each section of its MDX as a heading with that id', () => {
    const ids = [...chapter.mdx.matchAll(/<h([23]) id="([a-z0-9-]+)"/g)].map((m) => [m[1], m[2]] as const);
    expect(ids.length).toBeGreaterThan(0);
    for (const [level, id] of ids) expect(doc.getElementById(id)?.tagName.toLowerCase(), `#${id}`).toBe(`h${level}`);
  });

  it('links each section heading with an id to itself, the heading\'s words as the link\'s', () => {
    const headings = doc.querySelectorAll('main :is(h2, h3, h4)[id]');
    expect(headings.length).toBeGreaterThanOrEqual([...chapter.mdx.matchAll(/<h[234] id="/g)].length);
    for (const h of headings) {
      const link = h.querySelector('a.heading-link');
      expect(link?.getAttribute('href'), `#${h.id}`).toBe(`#${h.id}`);
      expect(link!.textContent.trim(), `#${h.id}`).toBe(h.textContent.trim());
    }
  });

  it('resolves every in-page link to an element with that id', () => {
    const ids = new Set(doc.querySelectorAll('[id]').map((el) => el.id));
    const broken = doc
      .querySelectorAll('a[href^="#"]')
      .map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1)))
      .filter((id) => !ids.has(id));
    expect(broken).toEqual([]);
  });

  it('links other chapters only to pages and anchors that exist, and writes them as chapter: links', () => {
    // A chapter: link becomes /chapters/<slug>/#anchor at build time (the build stops if the
    // anchor is missing); this checks the built result, and that no one typed such a URL by hand,
    // which would escape that check and break under a base path.
    expect(chapter.mdx.match(/\]\((\/|\.\.?\/)chapters\/[^)]*\)/g) ?? []).toEqual([]);
    const crossing = doc.querySelectorAll('main a[href^="/chapters/"]').map((a) => a.getAttribute('href')!);
    const written = [...chapter.mdx.matchAll(/\]\(chapter:([a-z0-9-]+)(#[^)]*)?\)/g)].map((m) => `/chapters/${m[1]}/${m[2] ?? ''}`);
    for (const href of written) expect(crossing, href).toContain(href);
    for (const href of crossing) {
      const [path, anchor] = href.split('#');
      const slug = path.split('/')[2];
      expect(chapters.map((c) => c.slug), href).toContain(slug);
      if (anchor) expect(loadPage(slug).getElementById(anchor), href).not.toBeNull();
    }
  });

  it('lists exactly the references it cites, and links every citation to its entry', () => {
    const cited = [...new Set([...chapter.mdx.matchAll(/<Cite k="([a-z0-9]+)"/g)].map((m) => m[1]))];
    cited.forEach((k) => lookup(k));
    const entries = doc.querySelectorAll('.references li.reference').map((li) => li.id.replace(/^ref-/, ''));
    expect(entries.sort()).toEqual([...cited].sort());
    for (const a of doc.querySelectorAll('a.cite')) {
      const target = doc.getElementById(a.getAttribute('href')!.slice(1));
      expect(target?.classList.contains('reference'), `citation ${a.getAttribute('href')}`).toBe(true);
    }
  });

  it('places its figures in document order, numbered 1, 2, 3, ..., each referred to by its number', () => {
    const placed = figurePlacements(chapter.mdx, FIGURE_COMPONENTS);
    const figures = doc.querySelectorAll('figure[data-figure]');
    expect(figures.map((f) => f.id)).toEqual(placed.map((p) => `fig-${p.id}`));
    const numberOf = new Map<string, number>();
    figures.forEach((f, i) => {
      expect(f.querySelector('figcaption')?.textContent ?? '', `caption of ${f.id}`).toMatch(new RegExp(`^\\s*Figure ${i + 1}\\.`));
      numberOf.set(f.id, i + 1);
    });
    const refs = doc.querySelectorAll('a[href^="#fig-"]');
    for (const a of refs) {
      const id = a.getAttribute('href')!.slice(1);
      expect(numberOf.has(id), `link to #${id}`).toBe(true);
      const n = /\d+/.exec(a.textContent)?.[0];
      if (n && /^(Figures? )?\d+$/.test(a.textContent.trim())) expect(Number(n), `link "${a.textContent}" to #${id}`).toBe(numberOf.get(id));
    }
    const referenced = new Set(refs.map((a) => a.getAttribute('href')!.slice(1)));
    expect([...numberOf.keys()].filter((id) => !referenced.has(id))).toEqual([]);
  });

  it('starts each figure\'s status line with its first word: no empty status word, no space before the summary', () => {
    // A screen reader reads the status line as it is; an empty first word left a stray space
    // (and an empty element) before the summary of every figure at rest.
    const lines = doc.querySelectorAll('figure[data-figure] .figure-status');
    expect(lines.length).toBe(doc.querySelectorAll('figure[data-figure]').length);
    for (const line of lines) {
      const id = line.closest('figure')!.id;
      expect(line.textContent, `status line of ${id}`).toMatch(/^\S/);
      expect(line.querySelectorAll('.status-word').filter((w) => w.textContent === '').length, `empty status word in ${id}`).toBe(0);
    }
  });

  it('numbers its equations 1, 2, 3, ... in order, and refers to each by its own number', () => {
    const expected = [...chapter.mdx.matchAll(/<Eq id="([a-z0-9-]+)"/g)].map((m) => `eq-${m[1]}`);
    const eqs = doc.querySelectorAll('.equation[id^="eq-"]');
    expect(eqs.map((e) => e.id)).toEqual(expected);
    const numberOf = new Map<string, string>();
    eqs.forEach((eq, i) => {
      expect(eq.querySelector('.eq-number')?.textContent.trim(), eq.id).toBe(`(${i + 1})`);
      expect(eq.querySelector('.katex-display'), `${eq.id} holds a display equation`).not.toBeNull();
      numberOf.set(eq.id, String(i + 1));
    });
    const refs = doc.querySelectorAll('a[href^="#eq-"]');
    for (const a of refs) {
      const id = a.getAttribute('href')!.slice(1);
      expect(numberOf.has(id), `link to #${id}`).toBe(true);
      const m = /\((\d+)\)/.exec(a.textContent);
      if (m) expect(m[1], `link "${a.textContent}" to #${id}`).toBe(numberOf.get(id));
    }
    const referenced = new Set(refs.map((a) => a.getAttribute('href')!.slice(1)));
    expect([...numberOf.keys()].filter((id) => !referenced.has(id))).toEqual([]);
  });

  it('gives a wide equation its narrow form as a second display of the same equation, with a breakpoint chapter.css has', () => {
    for (const f of doc.querySelectorAll('.eq-forms')) {
      const below = Number(f.getAttribute('data-narrow-below'));
      expect(NARROW_BREAKPOINTS).toContain(below);
      expect(f.childNodes.filter((c) => c.nodeType === 1).map((c) => (c as HTMLElement).classNames)).toEqual(['eq-wide', 'eq-narrow']);
      const [wide, narrow] = ['.eq-wide', '.eq-narrow'].map((sel) => f.querySelectorAll(`${sel} .katex-display`));
      expect([wide.length, narrow.length]).toEqual([1, 1]);
      // One label for both: a screen reader hears the same "Equation (n)" whichever shows.
      expect(narrow[0].getAttribute('aria-label')).toBe(wide[0].getAttribute('aria-label'));
      expect(narrow[0].querySelector('annotation')?.textContent).not.toBe(wide[0].querySelector('annotation')?.textContent);
    }
  });

  // A caption number must be a parameter of the figure's default run (its island's job over the
  // experiment's defaults) or a result of it, as the build computed it for the first paint (the
  // file the built page's island names), matched to the
  // precision the caption states, or the reciprocal of one (a "factor of 20" is 1 / 0.05). Whole
  // numbers up to 10 are left out: they count things ("four sigmoid neurons") or write fractions
  // such as 1/4. Sampled curves are left out, and still a number can pass by coinciding with some
  // other value of the same run; the guard is against numbers with no source at all, and each
  // specific claim has its own engine test.
  it('states in its captions only numbers that come from the figures\' own runs', () => {
    const islands = doc.querySelectorAll('astro-island');
    const unexplained: string[] = [];
    let checked = 0;
    const placed = figurePlacements(chapter.mdx, FIGURE_COMPONENTS);
    for (const [i, fig] of doc.querySelectorAll('figure[data-figure]').entries()) {
      const id = FIGURE_COMPONENTS[placed[i].name];
      const island = islands.find((el) => el.querySelector(`#${fig.id}`));
      expect(island, `the island of ${fig.id}`).toBeTruthy();
      const props = unpackProps(JSON.parse(island!.getAttribute('props')!)) as Record<string, unknown>;
      // The built page ships the first paint as a file of its own (components/lib/first-paint-store.ts).
      const ref = props.firstPaint as { key: string } | undefined;
      expect(ref, `${fig.id} has a build-time first paint`).toBeTruthy();
      expect(props.initial, `${fig.id}'s first paint is not also in the page`).toBeUndefined();
      const initial = JSON.parse(readFileSync(join(root, 'dist/first-paint', `${ref!.key}.json`), 'utf8'));
      // The run's parameters: what the island's job sends, over the experiment's own defaults.
      const job = jobOf(id);
      expect(job, `the island module of ${fig.id}`).toBeTruthy();
      const sent = job!(props.initialValues as never);
      const params = { ...defaults(getExperiment(sent.name).params), ...sent.params };
      const values = numericLeaves([initial, params]);
      const caption = fig.querySelector('figcaption')!.textContent.replace(/^\s*Figure \d+\.\s*/, '');
      for (const raw of caption.match(/\d[\d,]*(\.\d+)?/g) ?? []) {
        const token = raw.replace(/,(?=\d{3}\b)/g, '').replace(/,$/, '');
        const n = Number(token);
        if (Number.isInteger(n) && n <= 10) continue;
        checked++;
        const sig = significantDigits(token);
        const matches = (v: number) => v === n || Number(v.toPrecision(sig)) === n;
        if (values.some((v) => matches(v) || (v !== 0 && matches(1 / Math.abs(v))))) continue;
        const elsewhere = CHECKED_ELSEWHERE[id]?.find((c) => c.number === token);
        if (elsewhere && readFileSync(join(root, elsewhere.test), 'utf8').includes(token)) continue;
        unexplained.push(`${fig.id}: "${token}"`);
      }
    }
    expect(
      unexplained,
      'caption numbers that are neither a parameter nor a result of the figure\'s run as built: a caption describes the run the page shows, so after changing the figure\'s props or its experiment\'s defaults, update the caption (and the prose around it)',
    ).toEqual([]);
    // The captions do state numbers (so the loop above is not vacuous).
    if (chapter.slug === 'unstable-gradients') expect(checked).toBeGreaterThan(8);
  });
});

/** The numbers of a result, leaving out sampled curves (arrays of more than 20), whose many values would match almost anything. */
function numericLeaves(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  else if (Array.isArray(v)) {
    if (v.length <= 20) v.forEach((x) => numericLeaves(x, out));
  }
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => numericLeaves(x, out));
  return out;
}

/** Significant digits a number in prose claims: "0.45" two, "6.9" two, "500" one, "1,000" one. */
function significantDigits(token: string): number {
  const digits = token.replace(/^[0.]+/, '').replace('.', '');
  return Math.max(1, (token.includes('.') ? digits : digits.replace(/0+$/, '')).length);
}

/**
 * Caption numbers that no value of the figure's own default run carries, each with the engine
 * test that checks it (this test makes sure that test mentions the number).
 */
const CHECKED_ELSEWHERE: Record<string, { number: string; test: string }[]> = {
  'identity-neuron': [{ number: '96', test: 'tests/engine/identity-neuron.test.ts' }],
};

// Display.astro's narrow forms: CSS swaps them in with one container query per breakpoint, so
// each breakpoint an author may choose must have its rule, and no rule may be left over.
describe('chapter.css', () => {
  it('has one container query for each narrow-form breakpoint, swapping the two forms', () => {
    const css = readFileSync(join(root, 'components/chapter/chapter.css'), 'utf8');
    const rules = [...css.matchAll(/@container \(width < (\d+)px\) \{([^}]*\}[^}]*\})\s*\}/g)];
    expect(rules.map((r) => Number(r[1]))).toEqual([...NARROW_BREAKPOINTS]);
    for (const [, px, body] of rules) {
      expect(body.replace(/\s+/g, ' ').trim()).toBe(
        `.eq-forms[data-narrow-below="${px}"] > .eq-wide { display: none; } .eq-forms[data-narrow-below="${px}"] > .eq-narrow { display: block; }`,
      );
    }
  });
});
