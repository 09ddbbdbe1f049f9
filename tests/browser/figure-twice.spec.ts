// The same figure placed twice on one page (Figure 3 and its ReLU copy): each placement is its own
// instance, with its own element ids, its own worker job and its own URL keys. Changing one leaves
// the other exactly as it was, and both show Node's numbers for their own settings.
import { expect, test, type Locator } from '@playwright/test';
import { FIRST_CHAPTER, figure, inNode, watch, workerReady } from './helpers';

const speedsShown = (fig: Locator) => fig.locator('td[data-speed]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-speed'))));
const base = { sizes: '784,30,30,30,30,10', samples: 1000 };

test('a figure placed twice: two instances, own ids, own jobs, own URL keys', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const sigmoid = await figure(page, 'layer-speeds');
  const relu = await figure(page, 'layer-speeds-relu');
  await workerReady(sigmoid);
  await workerReady(relu);

  // Each instance runs its own settings in the worker, equal to Node's.
  const nodeSigmoid = await inNode<{ speeds: number[] }>('layer-speeds', { ...base, seed: 1 });
  const nodeRelu1 = await inNode<{ speeds: number[] }>('layer-speeds', { ...base, seed: 1, activation: 'relu', init: 'he' });
  expect(await speedsShown(sigmoid)).toEqual(nodeSigmoid.speeds);
  expect(await speedsShown(relu)).toEqual(nodeRelu1.speeds);

  // No element id appears twice on the page (labels, SVG patterns, the figures themselves).
  const duplicates = await page.evaluate(() => {
    const seen = new Map<string, number>();
    document.querySelectorAll('[id]').forEach((el) => seen.set(el.id, (seen.get(el.id) ?? 0) + 1));
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  expect(duplicates).toEqual([]);
  // Each label names a control inside its own figure.
  for (const fig of [sigmoid, relu]) {
    const targets = await fig.locator('label[for]').evaluateAll((labels) =>
      labels.map((l) => !!l.closest('figure')?.contains(document.getElementById(l.getAttribute('for')!))),
    );
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every(Boolean)).toBe(true);
  }

  // The copy's seed by keyboard: only the copy reruns, and only its URL key is written.
  const seed = relu.getByRole('spinbutton', { name: 'Seed' });
  await seed.focus();
  await page.keyboard.press('ArrowUp');
  await expect(seed).toHaveValue('2');
  const nodeRelu2 = await inNode<{ speeds: number[] }>('layer-speeds', { ...base, seed: 2, activation: 'relu', init: 'he' });
  await expect.poll(() => speedsShown(relu)).toEqual(nodeRelu2.speeds);
  const params = new URL(page.url()).searchParams;
  expect(params.get('layer-speeds-relu.seed')).toBe('2');
  expect(params.get('layer-speeds.seed')).toBeNull();
  await expect(sigmoid.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('1');
  expect(await speedsShown(sigmoid)).toEqual(nodeSigmoid.speeds);

  // The copy's activation is fixed by the chapter (lock): shown, disabled, saying so.
  const activation = relu.getByRole('combobox', { name: /Hidden activation/ });
  await expect(activation).toBeDisabled();
  await expect(activation).toHaveValue('relu');
  await expect(relu.locator('.control-fixed')).toHaveText(' (fixed for this figure)');
  await expect(sigmoid.getByRole('combobox', { name: 'Hidden activation' })).toBeEnabled();

  // A link cannot change a fixed control: reported, not applied, the rest of the link applied.
  await page.goto(`${FIRST_CHAPTER}?layer-speeds-relu.activation=sigmoid&layer-speeds-relu.seed=4`);
  const fixed = await figure(page, 'layer-speeds-relu');
  await workerReady(fixed);
  await expect(fixed.getByRole('alert')).toContainText('activation: fixed for this figure');
  await expect(fixed.getByRole('combobox', { name: /Hidden activation/ })).toHaveValue('relu');
  const nodeRelu4 = await inNode<{ speeds: number[] }>('layer-speeds', { ...base, seed: 4, activation: 'relu', init: 'he' });
  expect(await speedsShown(fixed)).toEqual(nodeRelu4.speeds);

  // A link to the copy's state opens it so set, and leaves the original at its defaults.
  await page.goto(`${FIRST_CHAPTER}?layer-speeds-relu.seed=3`);
  const relu3 = await figure(page, 'layer-speeds-relu');
  await workerReady(relu3);
  const nodeRelu3 = await inNode<{ speeds: number[] }>('layer-speeds', { ...base, seed: 3, activation: 'relu', init: 'he' });
  expect(await speedsShown(relu3)).toEqual(nodeRelu3.speeds);
  await expect((await figure(page, 'layer-speeds')).getByRole('spinbutton', { name: 'Seed' })).toHaveValue('1');

  expect(errors, 'console errors').toEqual([]);
});
