// The first chapter prints two of the book's tables in its prose (E1's accuracies, E3's speeds),
// and its figures draw the same numbers faintly beside the live ones from
// components/figures/book-values.ts. Both are typed in from the book; this holds the two copies
// to each other, and the table's "last / first" column to the speeds in its own row, so a typo in
// either place fails here rather than leaving the text and the figures disagreeing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOK_DEPTH_ACCURACY, BOOK_LAYER_SPEEDS } from '../../components/figures/book-values';
import { root } from './site';

const mdx = readFileSync(resolve(root, 'content/chapters/unstable-gradients.mdx'), 'utf8');
/** The cells of every Markdown table row whose first cell matches `first`. */
const rows = (first: RegExp) =>
  mdx
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('|---'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
    .filter((cells) => first.test(cells[0]));

describe("the book's tables in the first chapter's prose", () => {
  it("E1: the accuracies are book-values.ts's, one row per depth", () => {
    const table = rows(/^\[784(, 30)+, 10\]$/);
    expect(table.map((c) => Number(c[1]))).toEqual([1, 2, 3, 4]);
    for (const [network, hidden, accuracy] of table) {
      expect(network.split(',').length - 2, network).toBe(Number(hidden));
      expect(accuracy).toMatch(/^\d+\.\d\d %$/);
      expect(parseFloat(accuracy), network).toBe(BOOK_DEPTH_ACCURACY[Number(hidden)]);
    }
  });

  it("E3: the speeds are book-values.ts's, and each 'last / first' is a ratio its row's rounded speeds allow", () => {
    const table = rows(/^[2-4]$/);
    expect(table.map((c) => Number(c[0]))).toEqual([2, 3, 4]);
    for (const [hidden, speeds, ratio] of table) {
      const cells = speeds.split(',').map((v) => v.trim());
      const values = cells.map(Number);
      expect(values, `${hidden} hidden layers`).toEqual(BOOK_LAYER_SPEEDS[Number(hidden)]);
      // "about 4.4", "about 24", "about 96": the book printed its speeds rounded (0.012 may be
      // anything from 0.0115 to 0.0125), so the stated ratio must lie between the smallest and
      // the largest last/first those printed digits allow (for 4 hidden layers 0.285 / 0.003 is
      // 95, and 96 needs a first speed of 0.00297).
      const half = (cell: string) => 0.5 * 10 ** -(cell.split('.')[1] ?? '').length;
      const [first, last] = [cells[0], cells.at(-1)!];
      const lowest = (Number(last) - half(last)) / (Number(first) + half(first));
      const highest = (Number(last) + half(last)) / (Number(first) - half(first));
      const stated = Number(ratio.replace(/^about /, ''));
      expect(stated, `${hidden} hidden layers`).toBeGreaterThan(lowest);
      expect(stated, `${hidden} hidden layers`).toBeLessThan(highest);
      // and close to the printed digits' own ratio (within 5 %), not merely inside a wide range
      expect(Math.abs(stated / (values.at(-1)! / values[0]) - 1), `${hidden} hidden layers`).toBeLessThan(0.05);
    }
  });
});
