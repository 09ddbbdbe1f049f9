// A label drawn in a colour of its own (a series, a warning) shows in that colour, and Figure 1's
// lines have a key: the figures' stylesheet once gave every SVG text the ink colour, and a CSS
// rule wins over a fill attribute, so Figure 1's four end labels were the same grey and nothing
// said which line was which depth.
import { expect, test } from '@playwright/test';
import { FIRST_CHAPTER, figure } from './helpers';

for (const path of ['./', './chapters/what-fixed-it/']) {
  test(`${path}: every figure label with a colour of its own is drawn in it, light and dark`, async ({ page }) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      await page.waitForSelector('html[data-figures-laid-out]');
      const wrong = await page.evaluate(() => {
        const probe = document.createElementNS('http://www.w3.org/2000/svg', 'text');
        const out: string[] = [];
        const labels = Array.from(document.querySelectorAll<SVGTextElement>('.figure-plot text[fill]'));
        for (const text of labels) {
          // The attribute's colour, resolved in the same place (var() and light-dark()).
          text.parentNode!.appendChild(probe);
          probe.setAttribute('style', `fill: ${text.getAttribute('fill')}`);
          const want = getComputedStyle(probe).fill;
          probe.remove();
          const got = getComputedStyle(text).fill;
          if (got !== want) out.push(`${text.closest('figure')?.id} "${text.textContent}": ${got}, not ${want}`);
        }
        return { out, count: labels.length };
      });
      expect(wrong.count, 'labels with a colour of their own').toBeGreaterThan(10);
      expect(wrong.out, scheme).toEqual([]);
    }
  });
}

test('Figure 1: each end label has its line\'s colour, dash pattern and marker as a key', async ({ page }) => {
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, 'depth-accuracy');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const keys = await fig.locator('.figure-plot svg > g').evaluateAll((groups) =>
    groups
      .filter((g) => g.querySelector('.series-key'))
      .map((g) => {
        const line = g.querySelector(':scope > path[stroke-dasharray]')!;
        const key = g.querySelector('.series-key')!;
        const sample = key.querySelector('line');
        const text = key.querySelector('text')!;
        return {
          label: text.textContent,
          lineStroke: getComputedStyle(line).stroke,
          textFill: getComputedStyle(text).fill,
          sampleDash: sample?.getAttribute('stroke-dasharray') ?? null,
          lineDash: line.getAttribute('stroke-dasharray'),
          marker: !!key.querySelector('path'),
        };
      }),
  );
  expect(keys.map((k) => k.label).sort()).toEqual(['1 hidden', '2 hidden', '3 hidden', '4 hidden']);
  for (const k of keys) {
    expect(k.textFill, k.label!).toBe(k.lineStroke);
    expect(k.sampleDash, k.label!).toBe(k.lineDash);
    expect(k.marker, k.label!).toBe(true);
  }
  // Four different colours and four different dash patterns.
  expect(new Set(keys.map((k) => k.lineStroke)).size).toBe(4);
  expect(new Set(keys.map((k) => k.lineDash)).size).toBe(4);
});
