// `npm run preview` (scripts/serve.mjs) on a build made for another base path: the pages load but
// every script and style 404s, so the server says so at start, naming the base to use.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const serve = new URL('../../scripts/serve.mjs', import.meta.url).pathname;
const dirs: string[] = [];

/** A one-page dist/ whose front page asks for its script under `base`. */
function site(base: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'serve-'));
  dirs.push(dir);
  mkdirSync(join(dir, '_astro'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><script type="module" src="${base}_astro/page.js"></script>`);
  return dir;
}

/** What the server prints on stderr before it says it is serving; then it is stopped. */
function startupErrors(dist: string, basePath?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DIST_DIR: dist, PORT: '0' };
    delete env.BASE_PATH;
    if (basePath) env.BASE_PATH = basePath;
    const child = spawn(process.execPath, [serve], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      if (String(d).includes('Serving the chapter')) child.kill();
    });
    child.on('error', reject);
    child.on('exit', () => resolve(err));
  });
}

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('npm run preview and the base path', () => {
  it('warns when the build was made for another base path, naming it', async () => {
    const err = await startupErrors(site('/course/'));
    expect(err).toContain('built for the base path /course/, but BASE_PATH here is /');
    expect(err).toContain('Serve it with BASE_PATH=/course/');
  });

  it('is quiet when they agree, at the root or under a base', async () => {
    expect(await startupErrors(site('/course/'), '/course/')).toBe('');
    expect(await startupErrors(site('/'))).toBe('');
    // The base's slashes are optional, as for the build.
    expect(await startupErrors(site('/course/'), 'course')).toBe('');
  });
});
