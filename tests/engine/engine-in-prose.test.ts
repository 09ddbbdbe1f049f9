// Facts about the engine's own code that the chapters state in words: each held to the code, so a
// change of a constant or an initialiser fails here instead of leaving the prose describing an
// engine that no longer exists.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNetwork } from '../../engine/index';
import { NORM_EPSILON } from '../../engine/network';

const chapter = (name: string) => readFileSync(resolve(__dirname, '../../content/chapters', `${name}.mdx`), 'utf8');

describe('what the chapters say of the engine', () => {
  it('batch and layer norm\'s epsilon: the second chapter\'s "\\epsilon = 10^{-5}" is network.ts\'s NORM_EPSILON', () => {
    const stated = /\$\\epsilon = 10\^\{(-\d+)\}\$/.exec(chapter('what-fixed-it'));
    expect(stated, 'content/chapters/what-fixed-it.mdx no longer gives epsilon as "$\\epsilon = 10^{-5}$"; if you reworded it, change the pattern here to match').not.toBeNull();
    expect(Number(`1e${stated![1]}`)).toBe(NORM_EPSILON); // 10 ** -5 is 9.999999999999999e-6 in floating point
  });

  it('Xavier\'s, He\'s and the orthogonal initialisations start every bias at zero; the book\'s draws them from N(0, 1)', () => {
    // Both chapters say so ("as the engine implements them, ... start every bias at zero").
    const reworded = (name: string) =>
      `content/chapters/${name}.mdx no longer has the sentence this test holds to the engine; if you reworded it, change the pattern here to match (and keep what it says true of the code below)`;
    expect(chapter('unstable-gradients'), reworded('unstable-gradients')).toMatch(/Xavier's and He's initialisations, as the engine implements them, also start every bias at zero/);
    expect(chapter('what-fixed-it'), reworded('what-fixed-it')).toMatch(/Xavier's, He's and\s+the orthogonal initialisations, as the engine implements them, start every bias at zero/);
    const sizes = [784, 100, 100, 10];
    for (const init of ['xavier', 'he', 'orthogonal'] as const) {
      const biases = createNetwork({ sizes, seed: 3, init }).biases.flatMap((b) => [...b]);
      expect(biases.every((b) => b === 0), init).toBe(true);
    }
    // The book's: 210 draws from N(0, 1); their standard deviation within 0.85-1.15 (the sample's
    // own spread is about 0.05), so neither zero nor a different scale passes.
    const book = createNetwork({ sizes, seed: 3 }).biases.flatMap((b) => [...b]);
    const mean = book.reduce((s, b) => s + b, 0) / book.length;
    const sd = Math.sqrt(book.reduce((s, b) => s + (b - mean) ** 2, 0) / book.length);
    expect(sd).toBeGreaterThan(0.85), expect(sd).toBeLessThan(1.15);
  });
});
