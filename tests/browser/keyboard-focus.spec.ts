// A keyboard user running a figure: Start disables itself as the run begins, Pause gives way to
// Resume, Stop disables itself as the run ends. Each used to drop focus to the page, so the next
// Tab landed somewhere unexpected (once on "Reset to defaults", which then threw the settings
// away). Focus now stays on the figure's buttons, on the one that does the next obvious thing.
import { expect, test, type Page } from '@playwright/test';
import { figure, workerReady } from './helpers';

const ID = 'training-speeds';
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? document.activeElement?.tagName);

test('Start, Pause, Resume and Stop by keyboard keep the focus on the figure\'s buttons', async ({ page }) => {
  // 2,000 epochs: several seconds of training, long enough to pause and stop by hand.
  await page.goto(`./figures/${ID}/?${ID}.epochs=2000`);
  const fig = await figure(page, ID);
  await workerReady(fig);

  await fig.getByRole('button', { name: 'Start' }).focus();
  await page.keyboard.press('Enter');
  await expect(fig).toHaveAttribute('data-state', 'running');
  await expect.poll(() => focused(page), 'after Start: Pause').toBe('Pause');

  await page.keyboard.press('Enter');
  await expect(fig).toHaveAttribute('data-paused', 'reader');
  await expect.poll(() => focused(page), 'after Pause: Resume').toBe('Resume');

  await page.keyboard.press('Enter');
  await expect(fig).not.toHaveAttribute('data-paused', /.*/);
  await expect.poll(() => focused(page), 'after Resume: Pause').toBe('Pause');

  // Tab moves on to Stop, as the buttons are laid out.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('Stop');
  await page.keyboard.press('Enter');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await expect.poll(() => focused(page), 'after Stop: Start again').toBe('Start');

  // And a run that ends by itself while Pause has focus hands it to Start as well.
  await page.goto(`./figures/${ID}/?${ID}.epochs=100`);
  const short = await figure(page, ID);
  await workerReady(short);
  await short.getByRole('button', { name: 'Start' }).focus();
  await page.keyboard.press('Enter');
  await expect(short).toHaveAttribute('data-state', 'ready');
  await expect.poll(() => focused(page), 'after the run ended: Start').toBe('Start');
});

test('new settings in a long figure: a Run button beside them runs them, and focus goes on to Pause above', async ({ page }) => {
  // Figure 1 waits for Start after a change; Start sits above the settings (under the drawing), so
  // a keyboard user who changed one below gets a Run button there too, without going back up past them.
  await page.goto('./figures/depth-accuracy/?depth-accuracy.full=false&depth-accuracy.trainSize=1000&depth-accuracy.epochs=1');
  const fig = await figure(page, 'depth-accuracy');
  await expect(fig).toHaveAttribute('data-armed', 'true');
  const below = fig.getByRole('button', { name: 'Run with these settings' });
  await expect(below).toBeVisible();
  // It sits in the settings' own group, after them.
  await expect(fig.getByRole('group', { name: /^Controls for/ }).getByRole('button', { name: 'Run with these settings' })).toBeVisible();
  await below.focus();
  await page.keyboard.press('Enter');
  await expect(fig).toHaveAttribute('data-state', 'running');
  await expect.poll(() => focused(page), 'after Run below: Pause').toBe('Pause');
  await expect(below).toHaveCount(0); // nothing new to run any more
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('Stop');
  await page.keyboard.press('Enter');
  await expect(fig).not.toHaveAttribute('data-state', 'running');
});
