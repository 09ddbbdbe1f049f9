// The strict Content-Security-Policy in use (issue 10 item 6: "CSP violations fail the test"). On
// each kind of page (chapter, contents, gallery, a figure's own page) the built meta policy is
// present and has no 'unsafe-inline' or 'unsafe-eval' for scripts; with every figure hydrated, one
// figure computed by a worker on the WebAssembly kernels (not the TypeScript fallback), a PNG
// exported (blob: URLs) and the theme toggled, the page reports no `securitypolicyviolation` and
// no console error. A control shows the listener and the policy work: an injected inline script
// is refused, and reported. (Chromium gives a worker loaded from a URL the policy of its own
// response, none from a static server, so the kernels' compile there is not under the meta; the
// no-fallback check guards it anyway, and 'wasm-unsafe-eval' is listed so that the same policy,
// sent as a header for every file by a host that can, still lets the workers compile.)
import { expect, test, type Page } from '@playwright/test';
import { figure, SIMD_PROBE, watch, workerReady } from './helpers';

test.describe.configure({ mode: 'parallel' });

/** Collects the page's CSP violations (from before its first script) and its console errors. */
async function guard(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __cspViolations: string[] }).__cspViolations = []);
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const { errors } = watch(page);
  const violations = () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  return { errors, violations };
}

/** The page's meta policy as directive -> sources. */
async function policy(page: Page): Promise<Map<string, string[]>> {
  const meta = page.locator('head meta[http-equiv="Content-Security-Policy"]');
  await expect(meta).toHaveCount(1);
  const content = (await meta.getAttribute('content')) ?? '';
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

async function expectStrict(page: Page) {
  const p = await policy(page);
  const scripts = p.get('script-src') ?? [];
  expect(scripts).toContain("'self'");
  expect(scripts).toContain("'wasm-unsafe-eval'");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(p.get('object-src')).toEqual(["'none'"]);
  expect(p.get('worker-src')).toEqual(["'self'"]);
}

/**
 * Scrolls each island that is still server-rendered into view, in page order, and waits for it
 * to hydrate (Astro removes the ssr attribute then): every figure's code runs under the policy.
 */
async function hydrateAll(page: Page) {
  for (const island of await page.locator('astro-island[ssr]').elementHandles()) {
    // An island that draws nothing (the offline control, hidden where no service worker runs, as
    // in these tests) has no box to scroll to; it hydrates when the page is idle all the same.
    const drawn = await island.evaluate((el) => [...(el as Element).querySelectorAll('*')].some((c) => c.getClientRects().length > 0));
    if (drawn) await island.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => !(el as Element).hasAttribute('ssr'), island, { timeout: 30_000 });
  }
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
}

test('chapter: every figure hydrates, one computes on the WebAssembly kernels, the theme toggles; no violation', async ({ page }) => {
  test.setTimeout(120_000);
  const { errors, violations } = await guard(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('./');
  await expectStrict(page);
  // The first figure computes alone (before the scroll starts the others' work).
  await workerReady(await figure(page, 'layer-speeds'));
  await hydrateAll(page);
  // The worker is one of Vite's chunk files on this origin (worker-src 'self').
  expect(workers.length).toBeGreaterThan(0);
  for (const url of workers) expect(new URL(url).origin).toBe(new URL(page.url()).origin);
  // No fallback to the TypeScript engine where the browser has WebAssembly SIMD (as in
  // engine-note.spec): the worker has said which engine it uses well before a run finishes.
  const simd = await page.evaluate((bytes) => WebAssembly.validate(new Uint8Array(bytes)), SIMD_PROBE);
  expect(simd, 'this Chromium has WebAssembly SIMD, so the kernels must be in use').toBe(true);
  await page.waitForTimeout(300);
  await expect(page.locator('.engine-note[data-shown]')).toHaveCount(0);

  const toggle = page.getByRole('button', { name: 'Dark mode' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  expect(await violations(), 'CSP violations').toEqual([]);
  expect(errors, 'console errors').toEqual([]);
});

for (const { name, path } of [
  { name: 'contents', path: 'contents/' },
  { name: 'figure gallery', path: 'figures/' },
]) {
  test(`${name}: hydrated, theme toggled and kept over a reload; no violation`, async ({ page }) => {
    const { errors, violations } = await guard(page);
    await page.goto(path);
    await expectStrict(page);
    await hydrateAll(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: 'Dark mode' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    // The inline theme script in the head (allowed by its hash) applies the choice on the next load.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'true');
    expect(await violations(), 'CSP violations').toEqual([]);
    expect(errors, 'console errors').toEqual([]);
  });
}

test('figure page: computes and exports a PNG through blob: URLs; an injected inline script is refused', async ({ page }) => {
  test.setTimeout(90_000);
  const { errors, violations } = await guard(page);
  await page.goto('figures/layer-speeds/');
  await expectStrict(page);
  const fig = await figure(page, 'layer-speeds');
  await workerReady(fig);
  const [download] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name: 'PNG' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.png$/);
  expect(await violations(), 'CSP violations').toEqual([]);
  expect(errors, 'console errors').toEqual([]);

  // Control: a script the policy does not list must not run, and must be reported (so the
  // listener above would have seen one).
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.head.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __injected?: boolean }).__injected ?? false;
  });
  expect(ran).toBe(false);
  expect(await violations()).toEqual([expect.stringMatching(/^script-src-elem blocked inline/)]);
});
