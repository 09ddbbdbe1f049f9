// KaTeX's fonts in the built site are cut to the characters of the pages' mathematics
// (scripts/katex-fonts.mjs): each woff2 still has every glyph of its original that the
// mathematics uses (so no formula falls back to another font), nothing its original lacked, and
// every page and stylesheet names the subset files, none of the originals.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type Font } from 'fontkitten';
import { beforeAll, describe, expect, it } from 'vitest';
import { mathCharacters } from '../../scripts/katex-fonts.mjs';
import { htmlFiles } from '../../scripts/dist-files.mjs';
import { ensureBuilt, root } from './site';

const dist = join(root, 'dist');
const assets = join(dist, '_astro');
// One font per file (a woff2, not a collection).
const codePoints = (file: string) => new Set<number>((create(readFileSync(file)) as Font).characterSet);

beforeAll(() => ensureBuilt(), 300_000);

describe('KaTeX fonts cut to the mathematics', () => {
  it('keep every glyph the mathematics needs, and nothing their originals lacked', () => {
    const math = [...mathCharacters(dist)].map((c) => c.codePointAt(0)!);
    // Greek, operators and arrows the chapters write, beyond ASCII: the set is not trivially small.
    expect(math.length).toBeGreaterThan(50);
    const fonts = readdirSync(assets).filter((f) => /^KaTeX_.+\.woff2$/.test(f));
    expect(fonts.map((f) => f.replace(/\..*$/, ''))).toEqual(expect.arrayContaining(['KaTeX_Main-Regular', 'KaTeX_Math-Italic', 'KaTeX_Size1-Regular']));
    for (const name of fonts) {
      const original = codePoints(join(root, 'node_modules/katex/dist/fonts', `${name.replace(/\..*$/, '')}.woff2`));
      const subset = codePoints(join(assets, name));
      const needed = math.filter((cp) => original.has(cp));
      expect(needed.filter((cp) => !subset.has(cp)).map((cp) => String.fromCodePoint(cp)), `${name} lost glyphs the mathematics uses`).toEqual([]);
      expect([...subset].filter((cp) => !original.has(cp)), name).toEqual([]);
      // Cut down: far fewer characters than KaTeX ships (Main-Regular has 284).
      if (name.startsWith('KaTeX_Main-Regular')) expect(subset.size).toBeLessThan(original.size / 2);
    }
  });

  it('are the files the pages name, and the originals are gone', () => {
    const named = new Set<string>();
    for (const file of htmlFiles(dist)) for (const m of readFileSync(file, 'utf8').matchAll(/KaTeX_[\w-]+\.[\w-]+\.woff2/g)) named.add(m[0]);
    expect(named.size).toBeGreaterThan(3);
    for (const name of named) expect(existsSync(join(assets, name)), name).toBe(true);
    const present = readdirSync(assets).filter((f) => /^KaTeX_.+\.woff2$/.test(f));
    expect(present.filter((f) => !named.has(f))).toEqual([]);
  });
});
