// `npm run new-chapter`: bad input is refused with a clear message and writes nothing; a new
// chapter's file compiles with the chapter apparatus; and a copy of the site with the new chapter
// builds it at /chapters/<slug>/, lists it on the contents page after the first chapter, and links
// the two both ways. The copy shares node_modules (and so the first-paint cache) and public/.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '@mdx-js/mdx';
import { parse } from 'node-html-parser';
import remarkMath from 'remark-math';
import { afterAll, describe, expect, it } from 'vitest';
import remarkNumbering, { figureComponents } from '../../components/lib/remark-numbering';
import { root } from './site';

const script = join(root, 'scripts/new-chapter.mjs');
const run = (args: string[]) => spawnSync('node', [script, ...args], { encoding: 'utf8' });
const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'new-chapter-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('npm run new-chapter', () => {
  it('refuses a bad slug, missing arguments and an existing file, saying why, and writes nothing', () => {
    const dir = temp();
    const bad = run(['Bad_Slug', 'Title', '--dir', dir]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('slug "Bad_Slug" must be lower-case letters and digits joined by single hyphens');
    expect(run(['only-slug', '--dir', dir]).stderr).toContain('expected exactly two arguments');
    expect(existsSync(join(dir, 'Bad_Slug.mdx')) || existsSync(join(dir, 'only-slug.mdx'))).toBe(false);
    expect(run(['twice', 'Twice', '--dir', dir]).status).toBe(0);
    const again = run(['twice', 'Other', '--dir', dir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/twice\.mdx already exists/);
    expect(readFileSync(join(dir, 'twice.mdx'), 'utf8')).toContain('title: "Twice"');
  });

  it('writes front matter ordered after the existing chapters, and an example that compiles with its references resolved', async () => {
    const dir = temp();
    cpSync(join(root, 'content/chapters/unstable-gradients.mdx'), join(dir, 'unstable-gradients.mdx'));
    expect(run(['lab', 'A "quoted" lab', '--dir', dir]).status).toBe(0);
    const mdx = readFileSync(join(dir, 'lab.mdx'), 'utf8');
    expect(mdx).toMatch(/^---\n[\s\S]*\ntitle: "A \\"quoted\\" lab"\n/);
    expect(mdx).toContain('\norder: 2\n');
    expect(mdx).toMatch(/\ndate: \d{4}-\d{2}-\d{2}\n/);
    const body = mdx.replace(/^---[\s\S]*?\n---\n/, '');
    const out = String(
      await compile(body, { remarkPlugins: [remarkMath, [remarkNumbering, { figures: figureComponents(join(root, 'components/figures')) }]] }),
    );
    expect(out).toContain('"equation (1)"');
    expect(out).toContain('"Figure 1"');
    expect(out).toMatch(/keys: "nielsen2015"/);
  });

  it('gives a chapter that the site builds, lists and links', async () => {
    const site = temp();
    for (const f of ['package.json', 'astro.config.mjs', 'tsconfig.json']) cpSync(join(root, f), join(site, f));
    for (const d of ['content', 'components', 'engine']) cpSync(join(root, d), join(site, d), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(site, 'node_modules'));
    symlinkSync(join(root, 'public'), join(site, 'public'));
    execFileSync('node', [script, 'lab-notes', 'Lab notes'], { cwd: site });
    // Asynchronously, so that the test runner's worker stays responsive during the build (~40-60 s here).
    await promisify(execFile)('npx', ['astro', 'build'], { cwd: site, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, timeout: 240_000, maxBuffer: 64 << 20 });
    const page = parse(readFileSync(join(site, 'dist/chapters/lab-notes/index.html'), 'utf8'));
    expect(page.querySelector('h1')?.textContent).toBe('Lab notes');
    expect(page.querySelector('.eq-number')?.textContent).toBe('(1)');
    expect(page.querySelector('figure[data-figure="sigmoid-prime"] figcaption')?.textContent).toMatch(/^\s*Figure 1\./);
    expect(page.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe('/chapters/unstable-gradients/');
    expect(page.querySelectorAll('.references li').map((li) => li.id)).toEqual(['ref-nielsen2015']);
    expect(page.querySelector('.byline')?.textContent).toContain('Your Name');
    const first = parse(readFileSync(join(site, 'dist/chapters/unstable-gradients/index.html'), 'utf8'));
    expect(first.querySelector('a[rel="next"]')?.getAttribute('href')).toBe('/chapters/lab-notes/');
    const contents = parse(readFileSync(join(site, 'dist/contents/index.html'), 'utf8'));
    expect(contents.querySelectorAll('li[data-chapter]').map((li) => li.getAttribute('data-chapter'))).toEqual(['unstable-gradients', 'lab-notes']);
  }, 300_000);
});
