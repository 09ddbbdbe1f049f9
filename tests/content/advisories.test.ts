// The README's "Security" section explains, advisory by advisory, why the published Astro 5
// advisories do not reach this site: each needs a server or a feature the site does not use. This
// keeps that explanation true: it fails as soon as a source file uses one of those features, so
// whoever adds it also revisits the table (and, most likely, the Astro version).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './site';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(astro|mdx?|tsx?|m?js)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const files = [...sources(join(root, 'components')), ...sources(join(root, 'content')), join(root, 'astro.config.mjs')];

/** Feature -> the advisories in the README that need it, and how to spot it in a source file. */
const features: { what: string; advisories: string; pattern: RegExp }[] = [
  { what: 'image optimization (astro:assets)', advisories: 'GHSA-26w7-cxv4-gfx2', pattern: /astro:assets|\bgetImage\s*\(/ },
  { what: 'view transitions', advisories: 'GHSA-4g3v-8h47-v7g6, GHSA-7pw4-f3q4-r2p2', pattern: /\btransition:(name|animate|persist)\b|\bClientRouter\b|\bViewTransitions\b/ },
  { what: 'define:vars', advisories: 'GHSA-j687-52p2-xcff', pattern: /\bdefine:vars\b/ },
  { what: 'server islands', advisories: 'GHSA-xr5h-phrj-8vxv', pattern: /\bserver:defer\b/ },
];

describe('the README\'s advisory table still holds', () => {
  it('reads the sources it means to', () => {
    // The chapters, the layouts and the figures are all in the list (a moved folder would empty it).
    const names = files.map((f) => relative(root, f));
    expect(names).toContain('content/chapters/unstable-gradients.mdx');
    expect(names).toContain('components/ChapterLayout.astro');
    expect(names.filter((n) => n.startsWith('components/figures/')).length).toBeGreaterThan(5);
  });

  for (const { what, advisories, pattern } of features) {
    it(`no source uses ${what} (${advisories})`, () => {
      const users = files.filter((f) => pattern.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
      expect(users, `${what} is named in the README's advisory table (${advisories}): revisit it`).toEqual([]);
    });
  }

  it('the site is static, with no server adapter (GHSA-2pvr-wf23-7pc7, GHSA-8hv8-536x-4wqp)', () => {
    const config = readFileSync(join(root, 'astro.config.mjs'), 'utf8');
    expect(config).toMatch(/output:\s*'static'/);
    expect(config).not.toMatch(/\badapter\s*:/);
  });
});
