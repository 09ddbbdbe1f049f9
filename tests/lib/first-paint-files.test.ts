// The build step that ships the figures' first paints as files (scripts/first-paint-files.mjs):
// exactly the results the built pages name are copied, byte for byte, and a page naming a
// result that was never computed stops the build with its name.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shipFirstPaints } from '../../scripts/first-paint-files.mjs';

function site(pages: Record<string, string>, cached: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'first-paint-'));
  const out = join(root, 'dist');
  const cache = join(root, 'cache');
  mkdirSync(cache, { recursive: true });
  for (const [path, html] of Object.entries(pages)) {
    mkdirSync(join(out, path, '..'), { recursive: true });
    writeFileSync(join(out, path), html);
  }
  for (const [key, json] of Object.entries(cached)) writeFileSync(join(cache, `${key}.json`), json);
  return { out, cache };
}

// As Astro writes an island's props: JSON inside an HTML attribute, quotes escaped.
const island = (key: string, base = '/') =>
  `<astro-island props="{&quot;firstPaint&quot;:[0,{&quot;key&quot;:[0,&quot;${key}&quot;],&quot;src&quot;:[0,&quot;${base}first-paint/${key}.json&quot;]}]}"></astro-island>`;

describe('shipping the first paints', () => {
  it('copies the results the pages name, and only those', () => {
    const { out, cache } = site(
      { 'index.html': island('layer-speeds-abc') + island('layer-speeds-abc'), 'chapters/x/index.html': island('training-speeds-d01', '/course/') },
      { 'layer-speeds-abc': '{"speeds":[0.1]}', 'training-speeds-d01': '{"speeds":[[1,2]]}', 'unused-f00': '{}' },
    );
    expect(shipFirstPaints(out, cache)).toEqual(['layer-speeds-abc', 'training-speeds-d01']);
    expect(readdirSync(join(out, 'first-paint')).sort()).toEqual(['layer-speeds-abc.json', 'training-speeds-d01.json']);
    expect(readFileSync(join(out, 'first-paint/training-speeds-d01.json'), 'utf8')).toBe('{"speeds":[[1,2]]}');
  });

  it('names the result a page refers to that was never computed', () => {
    const { out, cache } = site({ 'index.html': island('layer-speeds-abc') + island('chain-product-e1') }, { 'layer-speeds-abc': '{}' });
    expect(() => shipFirstPaints(out, cache)).toThrow(/not computed: chain-product-e1 \(expected in /);
  });

  it('makes no folder for a site without figures', () => {
    const { out, cache } = site({ 'index.html': '<p>No figures.</p>' }, {});
    expect(shipFirstPaints(out, cache)).toEqual([]);
    expect(readdirSync(out)).toEqual(['index.html']);
  });
});
