// The numbering plugin on small MDX documents compiled by the same MDX compiler Astro uses:
// numbers in document order, references filled in, and every way of getting it wrong stopping
// the build with the file and the target named.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import remarkNumbering, { figureComponents } from '../../components/lib/remark-numbering';

const figures = { LayerSpeeds: 'layer-speeds', SigmoidPrime: 'sigmoid-prime' };
const build = async (mdx: string) =>
  String(await compile({ value: mdx, path: 'test.mdx' }, { remarkPlugins: [remarkMath, [remarkNumbering, { figures }]] }));

const EQ = (id: string) => `<Eq id="${id}">\n\n$$\nx\n$$\n\n</Eq>\n`;

describe('remark-numbering', () => {
  it('numbers equations and figures in document order and fills in the references', async () => {
    const out = await build(
      `See [](#eq-b), [Equation (#)](#eq-a), [equations (#)](#eq-a) and [(#)](#eq-b), [](#fig-sigmoid-prime) and [Figures #](#fig-layer-speeds).\n\n` +
        EQ('a') + '\n<LayerSpeeds caption="x" />\n\n' + EQ('b') + '\n<SigmoidPrime />\n',
    );
    // The compiled JSX carries the props as string literals and the link texts as children.
    expect(out).toMatch(/_components\.Eq|Eq, \{/);
    expect(out).toMatch(/id: "a",\s*n: "1"/);
    expect(out).toMatch(/id: "b",\s*n: "2"/);
    expect(out).toMatch(/caption: "x",\s*number: "1"/);
    expect(out).toMatch(/SigmoidPrime, \{\s*number: "2"/);
    for (const text of ['"equation (2)"', '"Equation (1)"', '"equations (1)"', '"(2)"', '"Figure 2"', '"Figures 1"']) expect(out).toContain(text);
    // Each figure learns where it is placed, for the messages about its props.
    expect(out).toMatch(/caption: "x",\s*number: "1",\s*placedAt: "test.mdx:11"/);
    expect(out).toMatch(/SigmoidPrime, \{\s*number: "2",\s*placedAt: "test.mdx:21"/);
  });

  it('reads the figures again for each chapter, so a figure made while `npm run dev` runs can be placed', async () => {
    // The dev server sets its plugins up once: astro.config.mjs must pass a function that reads
    // components/figures/ (figureComponents), not the list it read at startup.
    expect(readFileSync(resolve(__dirname, '../../astro.config.mjs'), 'utf8')).toContain("figures: () => figureComponents('./components/figures')");
    const dir = mkdtempSync(join(tmpdir(), 'figures-'));
    writeFileSync(join(dir, 'LayerSpeeds.tsx'), "export const ID = 'layer-speeds';\n");
    const processor = { remarkPlugins: [remarkMath, [remarkNumbering, { figures: () => figureComponents(dir) }]] } as Parameters<typeof compile>[1];
    const chapter = '<WeightPeek />\n\n[](#fig-weight-peek)\n';
    await expect(compile({ value: chapter, path: 'a.mdx' }, processor)).rejects.toThrow(/no figure with that id/);
    writeFileSync(join(dir, 'WeightPeek.tsx'), "export const ID = 'weight-peek';\n"); // npm run new-figure -- weight-peek
    const out = String(await compile({ value: chapter, path: 'a.mdx' }, processor));
    expect(out).toMatch(/WeightPeek, \{\s*number: "1"/);
    expect(out).toContain('"Figure 1"');
  });

  it('gives a second placement of the same figure its own instance id, which references can use', async () => {
    const out = await build('<LayerSpeeds seed={1} />\n\n<LayerSpeeds seed={2} />\n\n<LayerSpeeds id="deep" />\n\n[](#fig-layer-speeds-2) [](#fig-deep)\n');
    expect(out).toMatch(/number: "2",\s*instance: "layer-speeds-2"/);
    expect(out).toMatch(/number: "3",\s*instance: "deep"/);
    expect(out).toContain('"Figure 2"');
    expect(out).toContain('"Figure 3"');
  });

  it('leaves reference text without a number alone', async () => {
    expect(await build('[the preset](#fig-sigmoid-prime)\n\n<SigmoidPrime />\n')).toContain('"the preset"');
  });

  it('stops the build on a link to a missing target, naming it and what exists', async () => {
    await expect(build('[](#eq-nope)\n\n' + EQ('a'))).rejects.toThrow(/test\.mdx:1: link to #eq-nope, but the chapter has no equation with that id \(known: eq-a\)/);
    await expect(build('[](#fig-nope)\n\n<SigmoidPrime />\n')).rejects.toThrow(/no figure with that id \(known: fig-sigmoid-prime\)/);
  });

  it('stops the build on hand-typed numbers and on duplicate ids', async () => {
    await expect(build('<Eq id="a" n={3}>\n\n$$\nx\n$$\n\n</Eq>\n')).rejects.toThrow(/numbers itself in document order; remove its n prop/);
    await expect(build('<SigmoidPrime number={2} />\n')).rejects.toThrow(/<SigmoidPrime> numbers itself.*remove its number prop/);
    await expect(build('[equation (3)](#eq-a)\n\n' + EQ('a'))).rejects.toThrow(/types a number; write # where the number goes/);
    await expect(build(EQ('a') + '\n' + EQ('a'))).rejects.toThrow(/equation id "a" is used twice/);
    await expect(build('<LayerSpeeds id="x" />\n\n<SigmoidPrime id="x" />\n')).rejects.toThrow(/figure id "x" is used twice/);
  });

  it('stops the build on an unknown citation key, at the file and line of the <Cite>', async () => {
    const cite = async (mdx: string) =>
      String(await compile({ value: mdx, path: 'test.mdx' }, { remarkPlugins: [remarkMath, [remarkNumbering, { figures, citeKeys: () => ['glorot2010', 'he2015'] }]] }));
    await expect(cite('As <Cite k="glorot2010" /> found.\n\nAnd <Cite k="pascanu2031" /> too.\n')).rejects.toThrow(
      /^test\.mdx:3: <Cite k="pascanu2031">: no reference with that key in content\/bibliography\.ts \(known: glorot2010, he2015;/,
    );
    expect(await cite('As <Cite k="he2015" /> found.\n')).toContain('he2015');
  });

  it('finds the project\'s figure components from their islands', () => {
    const found = figureComponents(resolve(__dirname, '../../components/figures'));
    expect(found.LayerSpeeds).toBe('layer-speeds');
    expect(found.ChainProduct).toBe('chain-product');
    // Every island (a .tsx that exports its ID), and nothing else such as Controls or FigureFrame.
    const islands = readdirSync(resolve(__dirname, '../../components/figures')).filter((f) => f.endsWith('.tsx') && /export const ID = /.test(readFileSync(resolve(__dirname, '../../components/figures', f), 'utf8')));
    expect(islands.length).toBeGreaterThanOrEqual(13);
    expect(Object.keys(found).sort()).toEqual(islands.map((f) => f.replace(/\.tsx$/, '')).sort());
  });

  describe('links to another chapter', () => {
    // Two small chapters in a directory of their own: the target's numbers are its own, counted
    // the same way as when it is built, and its front matter gives the title and draft state.
    const dir = mkdtempSync(join(tmpdir(), 'chapters-'));
    writeFileSync(join(dir, 'next.mdx'), `---\ntitle: "The next chapter in full"\nshortTitle: "Next"\ndraft: false\n---\n\n<h2 id="intro">Intro</h2>\n\n${EQ('one')}\n<SigmoidPrime />\n\n${EQ('two')}\n<LayerSpeeds id="deep" />\n`);
    writeFileSync(join(dir, 'later.mdx'), `---\ntitle: "Not yet"\ndraft: true\n---\n\n<h2 id="x">X</h2>\n`);
    const cross = async (mdx: string, base = '/course/') =>
      String(await compile({ value: mdx, path: 'test.mdx' }, { remarkPlugins: [remarkMath, [remarkNumbering, { figures, chapters: dir, base }]] }));

    it('point at the chapter\'s page under the base path, with its numbers and title filled in', async () => {
      const out = await cross('[](chapter:next) [the intro](chapter:next#intro) [equation (#) there](chapter:next#eq-two) [](chapter:next#eq-one) [](chapter:next#fig-deep) [Figure #](chapter:next#fig-sigmoid-prime)\n');
      for (const href of ['"/course/chapters/next/"', '"/course/chapters/next/#intro"', '"/course/chapters/next/#eq-two"', '"/course/chapters/next/#fig-deep"']) expect(out).toContain(href);
      for (const text of ['"Next"', '"the intro"', '"equation (2) there"', '"equation (1) of Next"', '"Figure 2 of Next"', '"Figure 1"']) expect(out).toContain(text);
      expect(await cross('[](chapter:next)\n', '/')).toContain('"/chapters/next/"');
    });

    it('stop the build on a missing chapter, a draft, a missing anchor or a typed number', async () => {
      await expect(cross('[](chapter:nope)\n')).rejects.toThrow(/test\.mdx:1: link to chapter:nope, but there is no .*nope\.mdx \(chapters: (later, next|next, later)\)/);
      await expect(cross('[](chapter:later#x)\n')).rejects.toThrow(/chapter:later, which is a draft/);
      await expect(cross('[](chapter:next#outro)\n')).rejects.toThrow(/no element with id "outro" \(known: eq-one, fig-sigmoid-prime, eq-two, fig-deep, intro\)/);
      await expect(cross('[equation (2)](chapter:next#eq-two)\n')).rejects.toThrow(/types a number/);
      await expect(cross('[section #](chapter:next#intro)\n')).rejects.toThrow(/has a # but its target is not an equation or figure/);
      await expect(cross('[x](chapter:Next)\n')).rejects.toThrow(/chapter:Next is not a chapter link; write chapter:<slug>/);
      await expect(build('[](chapter:next)\n')).rejects.toThrow(/not given the chapters' directory/);
    });
  });
});
