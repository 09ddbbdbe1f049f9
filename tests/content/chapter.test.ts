// Checks the built chapter page as a reader would meet it: every equation rendered, every in-page
// link landing somewhere, every citation resolving to a reference, every figure the text mentions
// present, numbering in document order, and enough prose, footnotes, references and solutions for
// the chapter to stand on its own (issue 3's "done when").
//
// It reads the built HTML in dist/. `npm test` may run before any build, so beforeAll builds the
// site when dist/ is missing or older than the chapter's sources.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
// node-html-parser arrives with @astrojs/preact (via vite-prerender-plugin); it is small, and a
// real parser is safer than regular expressions for nested markup such as KaTeX's.
import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { bibliography, lookup } from '../../content/bibliography';
import { defaults, getExperiment } from '../../engine/index';

/** Each figure's island module, for the job (experiment name and parameters) it runs. */
const islandModules = import.meta.glob<{ ID: string; job: (v: never) => { name: string; params: Record<string, unknown> } }>(
  '../../components/figures/*.tsx',
  { eager: true },
);
const jobOf = (id: string) => Object.values(islandModules).find((m) => m.ID === id)?.job;

const root = resolve(__dirname, '../..');
const page = join(root, 'dist/chapters/unstable-gradients/index.html');
const sources = ['content', 'components/chapter'];

const SECTIONS = ['opening', 'vanishing', 'causes', 'complex-networks', 'obstacles', 'after-the-book'];
const FIGURES = [
  'sigmoid-prime', 'chain-product', 'gradient-bars', 'layer-speeds', 'training-speeds',
  'depth-accuracy', 'interval-width', 'identity-neuron', 'unstable-product',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let doc: HTMLElement;
let main: HTMLElement;

beforeAll(() => {
  const sourcesTime = Math.max(...sources.map((d) => newestMtime(join(root, d))));
  if (!existsSync(page) || statSync(page).mtimeMs < sourcesTime) {
    try {
      execSync('npm run --silent build', { cwd: root, stdio: 'pipe', timeout: 180_000 });
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(
        `The site build failed, so the chapter cannot be checked. Run \`npm run build\` to see why.\n` +
          `${e.stderr?.toString() ?? ''}${e.stdout?.toString().slice(-4000) ?? ''}`,
      );
    }
  }
  if (!existsSync(page)) {
    throw new Error(`${page} does not exist after building: run \`npm run build\` first and check its output.`);
  }
  doc = parse(readFileSync(page, 'utf8'));
  main = doc.querySelector('main') ?? doc;
}, 200_000);

/** Visible prose: the page's main text without mathematics, figures, navigation, code or the reference list. */
function proseWords(): number {
  const copy = parse(main.toString());
  for (const sel of ['.katex', 'figure', 'nav', 'script', 'style', '.references', 'h1']) {
    copy.querySelectorAll(sel).forEach((el) => el.remove());
  }
  return copy.textContent.split(/\s+/).filter((w) => /[A-Za-z]/.test(w)).length;
}

describe('the chapter page', () => {
  it('renders every equation with KaTeX and has at least 12 display equations', () => {
    expect(doc.querySelectorAll('.katex-error').map((e) => e.textContent)).toEqual([]);
    expect(doc.querySelectorAll('.katex-display').length).toBeGreaterThanOrEqual(12);
  });

  it('has all six sections, each a heading with a stable id', () => {
    for (const id of SECTIONS) {
      const el = doc.getElementById(id);
      expect(el, `section heading #${id}`).not.toBeNull();
      expect(el!.tagName.toLowerCase()).toBe('h2');
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

  it('links every citation to an entry of the reference list, and cites every entry', () => {
    const cites = doc.querySelectorAll('a.cite');
    expect(cites.length).toBeGreaterThan(0);
    for (const a of cites) {
      const target = doc.getElementById(a.getAttribute('href')!.slice(1));
      expect(target?.classList.contains('reference'), `citation ${a.getAttribute('href')}`).toBe(true);
    }
    const entries = doc.querySelectorAll('.references > li.reference');
    expect(entries.length).toBeGreaterThanOrEqual(8);
    expect(entries.length).toBe(Object.keys(bibliography).length);
    const cited = new Set(cites.map((a) => a.getAttribute('href')));
    const uncited = entries.map((li) => `#${li.id}`).filter((href) => !cited.has(href));
    expect(uncited).toEqual([]);
  });

  it('fails loudly on an unknown citation key (which is what stops the build)', () => {
    expect(() => lookup('nosuchkey1999')).toThrow(/nosuchkey1999.*Known keys/);
  });

  it('places all nine figures, numbered 1, 2, 3, ... in document order', () => {
    const figures = doc.querySelectorAll('figure[id^="fig-"]');
    expect(figures.map((f) => f.id.slice(4)).sort()).toEqual([...FIGURES].sort());
    figures.forEach((f, i) => {
      const label = f.querySelector('figcaption')?.textContent ?? '';
      expect(label, `caption of ${f.id}`).toMatch(new RegExp(`^\\s*Figure ${i + 1}\\.`));
    });
  });

  it('refers to each figure by its own number', () => {
    const refs = doc.querySelectorAll('a[href^="#fig-"]');
    expect(refs.length).toBeGreaterThanOrEqual(FIGURES.length);
    for (const a of refs) {
      const fig = doc.getElementById(a.getAttribute('href')!.slice(1));
      expect(fig?.tagName.toLowerCase(), `target of ${a.getAttribute('href')}`).toBe('figure');
      const n = /^\s*Figure (\d+)\./.exec(fig!.querySelector('figcaption')?.textContent ?? '')?.[1];
      const text = a.textContent.trim();
      if (/^Figure \d+$/.test(text)) expect(text).toBe(`Figure ${n}`);
    }
    const referenced = new Set(refs.map((a) => a.getAttribute('href')!.slice(5)));
    expect(FIGURES.filter((id) => !referenced.has(id))).toEqual([]);
  });

  it('numbers equations 1, 2, 3, ... in order, and refers to each by its own number', () => {
    const eqs = doc.querySelectorAll('.equation[id^="eq-"]');
    expect(eqs.length).toBeGreaterThanOrEqual(8);
    const numberOf = new Map<string, string>();
    eqs.forEach((eq, i) => {
      expect(eq.querySelector('.eq-number')?.textContent.trim(), eq.id).toBe(`(${i + 1})`);
      expect(eq.querySelector('.katex-display'), `${eq.id} holds a display equation`).not.toBeNull();
      numberOf.set(eq.id, String(i + 1));
    });
    const refs = doc.querySelectorAll('a[href^="#eq-"]');
    for (const a of refs) {
      const id = a.getAttribute('href')!.slice(1);
      const m = /\((\d+)\)/.exec(a.textContent);
      if (m) expect(m[1], `link "${a.textContent}" to #${id}`).toBe(numberOf.get(id));
    }
    const referenced = new Set(refs.map((a) => a.getAttribute('href')!.slice(1)));
    const unreferenced = [...numberOf.keys()].filter((id) => !referenced.has(id));
    expect(unreferenced).toEqual([]);
  });

  it('has at least three footnotes, each linked both ways', () => {
    const notes = doc.querySelectorAll('section[data-footnotes] li[id]');
    expect(notes.length).toBeGreaterThanOrEqual(3);
    expect(doc.querySelectorAll('a[data-footnote-ref]').length).toBeGreaterThanOrEqual(notes.length);
  });

  it('has at least three worked solutions, closed by default', () => {
    const solutions = doc
      .querySelectorAll('details')
      .filter((d) => /solution/i.test(d.querySelector('summary')?.textContent ?? ''));
    expect(solutions.length).toBeGreaterThanOrEqual(3);
    for (const d of solutions) expect(d.hasAttribute('open')).toBe(false);
  });

  it('has at least 4,500 words of prose', () => {
    expect(proseWords()).toBeGreaterThanOrEqual(4500);
  });

  it('credits the book, MNIST and the licences', () => {
    const credits = doc.getElementById('credits')?.parentNode?.textContent ?? '';
    for (const phrase of ['Nielsen', 'Neural Networks and Deep Learning', 'LeCun', 'Cortes', 'Burges', 'CC BY 4.0', 'MIT']) {
      expect(credits, phrase).toContain(phrase);
    }
  });
});

// Text and figure agree: what the paragraph before Figure 1 and its caption say about the run,
// checked against the numbers the built figure shows (its first paint is the book's full protocol,
// computed by the engine at build time). data-learning-from is when a network first passed 50 %
// validation accuracy (in epochs, fractional: within-epoch points count).
describe('Figure 1 says what its text says', () => {
  const rows = () =>
    Object.fromEntries(
      doc.querySelectorAll('figure[data-figure="depth-accuracy"] tr[data-hidden-layers]').map((tr) => [
        Number(tr.getAttribute('data-hidden-layers')),
        { accuracy: Number(tr.getAttribute('data-accuracy')), learningFrom: Number(tr.getAttribute('data-learning-from')) },
      ]),
    );

  it('shows the full protocol: four networks, each with a final accuracy and a time it began to learn', () => {
    const r = rows();
    expect(Object.keys(r).map(Number)).toEqual([1, 2, 3, 4]);
    for (const h of [1, 2, 3, 4]) {
      expect(r[h].accuracy, `hidden ${h}`).toBeGreaterThan(0.9); // 30 epochs of the book's protocol
      expect(Number.isFinite(r[h].learningFrom), `hidden ${h}`).toBe(true);
    }
  });

  it('"far above chance early in its first epoch" (one hidden layer) and "near chance through its whole first epoch" (four)', () => {
    const r = rows();
    expect(r[1].learningFrom).toBeLessThanOrEqual(0.4);
    expect(r[4].learningFrom).toBeGreaterThan(1);
    // The data table: one row per evaluation time (data-at, in epochs), a cell per network in
    // order of depth. Chance is 10 %; "near chance" is read as below 20 % at every point of the
    // first epoch, its end included, for the deepest network, while the shallowest is past 80 %
    // at the first point.
    const table = doc.querySelectorAll('figure[data-figure="depth-accuracy"] tr[data-at]').map((tr) => ({
      at: Number(tr.getAttribute('data-at')),
      values: tr.querySelectorAll('td').map((td) => Number(td.getAttribute('data-value'))),
    }));
    const firstEpoch = table.filter((row) => row.at <= 1);
    expect(firstEpoch.length).toBeGreaterThanOrEqual(5);
    for (const row of firstEpoch) expect(row.values[3], `4 hidden layers at ${row.at} epochs`).toBeLessThan(0.2);
    expect(firstEpoch[0].values[0]).toBeGreaterThan(0.8);
  });

  it('"no deeper network ends better than the one with two hidden layers"', () => {
    const r = rows();
    expect(r[3].accuracy).toBeLessThanOrEqual(r[2].accuracy);
    expect(r[4].accuracy).toBeLessThanOrEqual(r[2].accuracy);
  });
});

// Astro serialises an island's props as [type, value] pairs: 0 a plain value (objects hold pairs
// in turn), 1 an array of pairs; the typed arrays and other types do not occur in our figures.
function unpackProps(v: unknown): unknown {
  if (!Array.isArray(v)) {
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unpackProps(x)]));
    return v;
  }
  const [type, value] = v as [number, unknown];
  if (type === 1) return (value as unknown[]).map(unpackProps);
  if (type === 0) return value && typeof value === 'object' ? unpackProps(value) : value;
  throw new Error(`unexpected serialised prop type ${type}`);
}

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

describe('every number in a caption comes from the figure\'s own run', () => {
  // A caption number must be a parameter of the figure's default run (its island's job over the
  // experiment's defaults) or a result of it, as the build computed it for the first paint (the
  // island's props in the built page), matched to the
  // precision the caption states, or the reciprocal of one (a "factor of 20" is 1 / 0.05). Whole
  // numbers up to 10 are left out: they count things ("four sigmoid neurons") or write fractions
  // such as 1/4. Sampled curves are left out, and still a number can pass by coinciding with some
  // other value of the same run; the guard is against numbers with no source at all, and each
  // specific claim has its own engine test.
  it('holds for all nine captions', () => {
    const islands = doc.querySelectorAll('astro-island');
    const unexplained: string[] = [];
    let checked = 0;
    for (const fig of doc.querySelectorAll('figure[id^="fig-"]')) {
      const id = fig.id.slice(4);
      const island = islands.find((i) => i.querySelector(`#${fig.id}`) || i.getAttribute('props')?.includes(`"number":[0,${/Figure (\d+)/.exec(fig.querySelector('figcaption')!.textContent)![1]}]`));
      expect(island, `the island of ${fig.id}`).toBeTruthy();
      const props = unpackProps(JSON.parse(island!.getAttribute('props')!)) as Record<string, unknown>;
      expect(props.initial, `${fig.id} has a build-time first paint`).toBeTruthy();
      // The run's parameters: what the island's job sends, over the experiment's own defaults.
      const job = jobOf(id);
      expect(job, `the island module of ${fig.id}`).toBeTruthy();
      const sent = job!(props.initialValues as never);
      const params = { ...defaults(getExperiment(sent.name).params), ...sent.params };
      const values = numericLeaves([props.initial, params]);
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
    expect(unexplained).toEqual([]);
    // The captions do state numbers (so the loop above is not vacuous).
    expect(checked).toBeGreaterThan(8);
  });
});
