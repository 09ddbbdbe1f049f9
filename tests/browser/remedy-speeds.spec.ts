// The second chapter's remedy-speeds figure on its own page: the worker computes what Node
// computes (the remedied networks run on the TypeScript reference in both, the book's network on
// the kernels), presets set the controls and say which one is on, the gain is usable only with
// the orthogonal initialiser, and the depth slider works by keyboard.
import { expect, test } from '@playwright/test';
import { figure, foreignRequests, inNode, watch, workerReady } from './helpers';

const column = (fig: import('@playwright/test').Locator, attr: string) =>
  fig.locator(`td[${attr}]`).evaluateAll((cells, a) => cells.map((c) => Number(c.getAttribute(a))), attr);

test('remedy-speeds: presets, the gain, the depth by keyboard, and Node\'s numbers', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto('./figures/remedy-speeds/?remedy-speeds.hidden=12');
  const fig = await figure(page, 'remedy-speeds');
  await workerReady(fig);
  const book = await inNode<{ speeds: number[]; book: number[] }>('remedy-speeds', { hidden: 12 });
  expect(await column(fig, 'data-speed')).toEqual(book.speeds);
  await expect(fig.getByRole('button', { name: 'The book\'s network' })).toHaveAttribute('aria-pressed', 'true');
  await expect(fig.getByRole('status')).toContainText('this is the book\'s network');
  // The caption promises the book's network dashed; when this is it, one line, and the legend says so.
  await expect(fig.locator('.series-book')).toHaveCount(0);
  await expect(fig.locator('.legend')).toHaveText('this configuration = the book\'s network');
  await expect(fig.getByRole('slider', { name: /Orthogonal gain/ })).toBeDisabled();

  // A preset: ReLU, He and skips; the gradient now grows on its way back, and the words say so.
  await fig.getByRole('button', { name: 'ReLU + He + skips' }).click();
  await expect(fig.getByRole('button', { name: 'ReLU + He + skips' })).toHaveAttribute('aria-pressed', 'true');
  await expect(fig.getByRole('combobox', { name: 'Hidden activation' })).toHaveValue('relu');
  await expect(fig.getByRole('checkbox', { name: 'Skip connections' })).toBeChecked();
  const skips = await inNode<{ speeds: number[]; book: number[] }>('remedy-speeds', { hidden: 12, activation: 'relu', init: 'he', residual: true });
  await expect.poll(() => column(fig, 'data-speed')).toEqual(skips.speeds);
  expect(await column(fig, 'data-book')).toEqual(book.book);
  await expect(fig.getByRole('status')).toContainText('the first hidden layer learns');
  await expect(fig.locator('.legend')).toHaveText(/^this configuration\s*book's network$/);
  await expect(fig.getByRole('status')).toContainText('in the book\'s network of the same depth');

  // Orthogonal weights enable the gain; one step of the depth slider by keyboard.
  await fig.getByRole('combobox', { name: /Initiali[sz]/ }).selectOption('orthogonal');
  await expect(fig.getByRole('slider', { name: /Orthogonal gain/ })).toBeEnabled();
  await expect(fig.getByRole('button', { name: 'ReLU + He + skips' })).toHaveAttribute('aria-pressed', 'false');
  const depth = fig.getByRole('slider', { name: 'Hidden layers' });
  await depth.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(depth).toHaveValue('11');
  const ortho = await inNode<{ speeds: number[] }>('remedy-speeds', { hidden: 11, activation: 'relu', init: 'orthogonal', residual: true });
  await expect.poll(() => column(fig, 'data-speed')).toEqual(ortho.speeds);
  expect(new URL(page.url()).searchParams.get('remedy-speeds.init')).toBe('orthogonal');

  expect(foreignRequests(requests, baseURL!)).toEqual([]);
  expect(errors).toEqual([]);
});
