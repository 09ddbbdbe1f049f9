/**
 * The fonts an exported SVG needs, embedded in it: the plot's text is set in the page's figure
 * face (Source Sans 3), which a file opened on its own in a browser, or drawn as an image on a
 * canvas (the PNG), does not have. (Editors such as Inkscape ignore @font-face: they use the
 * named family if it is installed.) Without it another, wider face stood in, and labels ran past the
 * edge ("sigmoid + batch norr") or over the tick labels. So the file carries, as data: URLs, the
 * woff2 faces the page itself uses for that text: only the weights and styles its text asks for,
 * and only the subsets (unicode-range) its characters fall in, about 16 kB a face.
 */

export interface FaceRule {
  family: string;
  style: string;
  weight: number;
  unicodeRange: string;
  /** The woff2 file's absolute URL. */
  url: string;
}

/** What the text of the plot asks for: family, style and weight, and the characters set in them. */
export interface TextUse {
  family: string;
  style: string;
  weight: number;
  chars: string;
}

const unquote = (s: string) => s.trim().replace(/^["']|["']$/g, '');

/** The code points a unicode-range covers, as [from, to] pairs (U+0370-0377, U+0131, U+4??). */
export function parseUnicodeRange(range: string): [number, number][] {
  if (!range.trim()) return [[0, 0x10ffff]];
  return range.split(',').map((part) => {
    const p = part.trim().replace(/^U\+/i, '');
    if (p.includes('?')) return [parseInt(p.replace(/\?/g, '0'), 16), parseInt(p.replace(/\?/g, 'F'), 16)];
    const [a, b] = p.split('-');
    return [parseInt(a, 16), parseInt(b ?? a, 16)];
  });
}

const covers = (ranges: [number, number][], chars: string) =>
  [...chars].some((c) => {
    const cp = c.codePointAt(0)!;
    return ranges.some(([a, b]) => cp >= a && cp <= b);
  });

/**
 * The faces a browser would draw this text with, per CSS font matching on weight among the faces
 * the family has in that style (at or below 500 the nearest lighter first, above it the nearest
 * heavier first), kept only where the face's subset holds some of the text's characters.
 */
export function facesFor(uses: readonly TextUse[], faces: readonly FaceRule[]): FaceRule[] {
  const chosen = new Set<FaceRule>();
  for (const use of uses) {
    const family = faces.filter((f) => f.family.toLowerCase() === use.family.toLowerCase() && f.style === use.style);
    const weights = [...new Set(family.map((f) => f.weight))].sort((a, b) => a - b);
    if (!weights.length) continue;
    // CSS Fonts 4, font-weight matching: the weight itself; then from 400 to 500, heavier up to
    // 500 first; below 400 lighter first, above 500 heavier first; then the other way.
    const w = use.weight;
    const lighter = weights.filter((x) => x < w).reverse();
    const heavier = weights.filter((x) => x > w);
    const order = weights.includes(w) ? [w]
      : w >= 400 && w <= 500 ? [...heavier.filter((x) => x <= 500), ...lighter, ...heavier.filter((x) => x > 500)]
      : w < 400 ? [...lighter, ...heavier]
      : [...heavier, ...lighter];
    const weight = order[0];
    for (const f of family) if (f.weight === weight && covers(parseUnicodeRange(f.unicodeRange), use.chars)) chosen.add(f);
  }
  return [...chosen];
}

/** Every @font-face of the page's own stylesheets (other origins' cannot be read, and there are none). */
export function pageFaces(doc: Document): FaceRule[] {
  const out: FaceRule[] = [];
  const visit = (rules: CSSRuleList, base: string) => {
    for (const rule of Array.from(rules)) {
      if (rule instanceof CSSFontFaceRule) {
        const src = /url\(\s*["']?([^"')]+\.woff2(?:[?#][^"')]*)?)["']?\s*\)/.exec(rule.style.getPropertyValue('src'))?.[1];
        if (!src) continue;
        out.push({
          family: unquote(rule.style.getPropertyValue('font-family')),
          style: rule.style.getPropertyValue('font-style') || 'normal',
          weight: Number(rule.style.getPropertyValue('font-weight')) || 400,
          unicodeRange: rule.style.getPropertyValue('unicode-range'),
          url: new URL(src, base).href,
        });
      } else if ('cssRules' in rule && (rule as CSSGroupingRule).cssRules) visit((rule as CSSGroupingRule).cssRules, base);
    }
  };
  for (const sheet of Array.from(doc.styleSheets)) {
    try {
      visit(sheet.cssRules, sheet.href ?? doc.baseURI);
    } catch {
      // A sheet from another origin: its rules are not readable (the site has none).
    }
  }
  return out;
}

/** What the text elements under these roots are set in, from their computed styles. */
export function textUses(roots: readonly Element[]): TextUse[] {
  const uses = new Map<string, TextUse>();
  for (const root of roots) {
    for (const el of Array.from(root.querySelectorAll('text, tspan'))) {
      const cs = getComputedStyle(el);
      const family = unquote(cs.fontFamily.split(',')[0] ?? '');
      const style = cs.fontStyle === 'italic' || cs.fontStyle === 'oblique' ? 'italic' : 'normal';
      const weight = Number(cs.fontWeight) || 400;
      const key = `${family}|${style}|${weight}`;
      const use = uses.get(key) ?? { family, style, weight, chars: '' };
      use.chars += el.textContent ?? '';
      uses.set(key, use);
    }
  }
  return [...uses.values()];
}

const fetched = new Map<string, Promise<string>>();

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A face's file as a data: URL (fetched once a page; offline it comes from the service worker's cache). */
function dataUrl(url: string): Promise<string> {
  let p = fetched.get(url);
  if (!p) {
    p = fetch(url, { signal: AbortSignal.timeout(10_000) }) // a stalled network must not hang the download
      .then((r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        return r.arrayBuffer();
      })
      .then((b) => `data:font/woff2;base64,${base64(new Uint8Array(b))}`);
    fetched.set(url, p);
    p.catch(() => fetched.delete(url));
  }
  return p;
}

/** The @font-face rules, fonts inlined, that the plot's text under `roots` needs. */
export async function embeddedFontFaces(roots: readonly Element[], doc: Document = document): Promise<string> {
  const faces = facesFor(textUses(roots), pageFaces(doc));
  // One face that cannot be had (offline, never cached) leaves the others in the file.
  const rules = await Promise.allSettled(
    faces.map(async (f) => {
      const range = f.unicodeRange ? `unicode-range:${f.unicodeRange};` : '';
      return `@font-face{font-family:"${f.family}";font-style:${f.style};font-weight:${f.weight};src:url(${await dataUrl(f.url)}) format("woff2");${range}}`;
    }),
  );
  return rules.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])).join('\n');
}
