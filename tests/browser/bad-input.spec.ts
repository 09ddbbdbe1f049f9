// Values set from a script that the figure cannot take: a clear notice, and nothing else changes;
// the control shows the value still in use (a refused menu choice used to leave the menu blank).
import { expect, test } from '@playwright/test';
import { FIRST_CHAPTER, figure, workerReady } from './helpers';

test('a refused menu choice and an out-of-range seed: a notice, the controls keep the values in use', async ({ page }) => {
  await page.goto('./figures/layer-speeds/');
  const fig = await figure(page, 'layer-speeds');
  await workerReady(fig);
  const activation = fig.getByRole('combobox', { name: 'Hidden activation' });
  await activation.evaluate((el: HTMLSelectElement) => {
    el.value = 'bogus';
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(fig.getByRole('alert')).toContainText('not applied');
  await expect(activation).toHaveValue('sigmoid');

  const seed = fig.getByRole('spinbutton', { name: 'Seed' });
  await seed.evaluate((el: HTMLInputElement) => {
    el.value = '1000000000';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(fig.getByRole('alert')).toContainText('seed: got 1000000000, expected an integer from 0 to 999999');
  await seed.evaluate((el: HTMLInputElement) => el.dispatchEvent(new Event('blur')));
  await expect(seed).toHaveValue('1');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(new URL(page.url()).search).toBe('');
});

test('batchnorm-scale: fewer hidden layers than the scaled one takes the scaled layer along, in the control and the link', async ({ page }) => {
  await page.goto('./figures/batchnorm-scale/?batchnorm-scale.layer=4');
  const fig = await figure(page, 'batchnorm-scale');
  await workerReady(fig);
  const hidden = fig.getByRole('slider', { name: 'Hidden layers' });
  await hidden.focus();
  await page.keyboard.press('ArrowLeft'); // 4 hidden layers -> 3, below the scaled layer 4
  await expect(hidden).toHaveValue('3');
  await expect(fig.getByRole('slider', { name: 'Scaled hidden layer' })).toHaveValue('3');
  await expect.poll(() => new URL(page.url()).searchParams.get('batchnorm-scale.layer')).toBe('3');
  await expect(fig.getByRole('status')).toContainText('into hidden layer 3');
});

test('typing in a seed field: the text stays as typed while a refused value is explained, a good one applies', async ({ page }) => {
  await page.goto('./figures/layer-speeds/');
  const fig = await figure(page, 'layer-speeds');
  await workerReady(fig);
  const seed = fig.getByRole('spinbutton', { name: 'Seed' });
  await seed.focus();
  await page.keyboard.press('Control+A');
  // Each keystroke re-renders the figure; the field must not be rewritten under the caret
  // ("2.5" became "2", and the next digit made 52).
  await page.keyboard.type('2.5', { delay: 50 });
  await expect(seed).toHaveValue('2.5');
  await expect(fig.getByRole('alert')).toContainText('seed: got 2.5, expected an integer from 0 to 999999');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('-7', { delay: 50 });
  await expect(seed).toHaveValue('-7');
  await expect(fig.getByRole('alert')).toContainText('seed: got -7');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('25', { delay: 50 });
  await expect(seed).toHaveValue('25');
  await expect(fig.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('layer-speeds.seed')).toBe('25');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  // Text that is no number at all is refused when the reader leaves the field, which then shows
  // the seed in use.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('-', { delay: 50 });
  await page.keyboard.press('Tab');
  await expect(fig.getByRole('alert')).toContainText('seed: got something that is not a number');
  await expect(seed).toHaveValue('25');
});

test('the server\'s controls are locked until their figure is live, so no early input is lost', async ({ page }) => {
  // A figure far down the chapter is not hydrated until the reader comes near it. Its menu,
  // changed before then, used to show the new value and snap back when the island took over.
  await page.goto(FIRST_CHAPTER);
  const island = page.locator('astro-island:has(figure[data-figure="identity-neuron"])');
  await expect(island).toHaveAttribute('ssr', '');
  const fig = page.locator('figure[data-figure="identity-neuron"]');
  const first = fig.locator('.figure-controls input').first();
  await expect(first).toBeDisabled();
  await expect(fig.getByRole('button', { name: /Download CSV/ })).toBeDisabled();
  await fig.scrollIntoViewIfNeeded();
  await expect(island).not.toHaveAttribute('ssr', /.*/);
  await expect(first).toBeEnabled();
  await expect(fig.getByRole('button', { name: /Download CSV/ })).toBeEnabled();
});
