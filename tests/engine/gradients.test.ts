// Backpropagation against central finite differences of the mean cost, for both costs and all
// three hidden activations, on small networks with random inputs.
import { describe, expect, it } from 'vitest';
import { costs, createNetwork, createRng, feedforward, gradients } from '../../engine/index';
import type { ActivationName, CostName, Network } from '../../engine/index';
import { createWorkspace, forwardBatch } from '../../engine/backprop';
import { batchFromArrays } from '../../engine/batch';

/**
 * Whether finite differences can be trusted at this point: every hidden |z| at least 0.01 from
 * ReLU's kink (a difference quotient straddling z = 0 measures neither side; 0.01 is far more than
 * the 2H = 2e-4 steps, times weights of order 1, can move z), and every output |z| below 8 (a
 * saturated sigmoid rounds 1 - a coarsely, so ln(1 - a) and its differences lose digits that the
 * analytic a - y does not).
 */
function wellConditioned(net: Network, xs: Float64Array[]): boolean {
  const ws = createWorkspace(net, xs.length);
  forwardBatch(net, batchFromArrays(xs, xs.map(() => 0)), ws);
  const hidden = ws.z.slice(0, -1).flatMap((z) => Array.from(z, Math.abs));
  const output = Array.from(ws.z[ws.z.length - 1], Math.abs);
  return Math.min(...hidden) >= 0.01 && Math.max(...output) < 8;
}

function meanCost(net: Network, xs: Float64Array[], ys: number[], cost: CostName): number {
  let total = 0;
  xs.forEach((x, i) => feedforward(net, x).forEach((a, j) => (total += costs[cost].fn(a, j === ys[i] ? 1 : 0))));
  return total / xs.length;
}

const H = 1e-4;

describe('gradients() matches central finite differences', () => {
  const activations: ActivationName[] = ['sigmoid', 'tanh', 'relu'];
  const costNames: CostName[] = ['cross-entropy', 'quadratic'];
  for (const activation of activations) {
    for (const cost of costNames) {
      it(`${activation} hidden layers, ${cost} cost`, () => {
        // Two hidden layers so that BP2 is exercised twice; 'large' N(0,1) weights give gradients
        // well away from zero, so relative errors are meaningful.
        const net = createNetwork({ sizes: [6, 5, 4, 3], seed: 7, init: 'large', activation });
        const rng = createRng(42);
        const draw = () => Array.from({ length: 4 }, () => Float64Array.from({ length: 6 }, () => rng.uniform(-1, 1)));
        let xs = draw();
        for (let tries = 0; !wellConditioned(net, xs); tries++) {
          expect(tries).toBeLessThan(1000);
          xs = draw();
        }
        const ys = [0, 2, 1, 2];
        const g = gradients(net, xs, ys, { cost });
        let worst = 0;
        let checked = 0;
        const params = net.weights.flatMap((w, l) => [
          [w, g.weights[l]],
          [net.biases[l], g.biases[l]],
        ]);
        for (const [p, gp] of params) {
          for (let i = 0; i < p.length; i++) {
            const old = p[i];
            const at = (d: number) => {
              p[i] = old + d;
              const c = meanCost(net, xs, ys, cost);
              p[i] = old;
              return c;
            };
            // Five-point central difference: truncation error ~H^4 = 1e-16, rounding error
            // ~eps * C / H, about 1e-11 here. Entries below 1e-4 therefore cannot show a 1e-6
            // relative error and are held to an absolute 1e-9 instead. ReLU's kink is not
            // crossed within 2H for this seed, so its derivative is well defined here.
            const fd = (8 * (at(H) - at(-H)) - (at(2 * H) - at(-2 * H))) / (12 * H);
            if (Math.abs(fd) < 1e-4) {
              expect(Math.abs(gp[i] - fd)).toBeLessThan(1e-9);
            } else {
              worst = Math.max(worst, Math.abs(gp[i] - fd) / Math.max(Math.abs(gp[i]), Math.abs(fd)));
              checked++;
            }
          }
        }
        expect(checked).toBeGreaterThan(20); // most entries are checked relatively, not trivially
        expect(worst).toBeLessThan(1e-6);
      });
    }
  }

  it('averages over the examples: the gradient of two copies of one example equals that of one', () => {
    const net = createNetwork({ sizes: [3, 4, 2], seed: 3 });
    const x = Float64Array.from([0.1, 0.5, 0.9]);
    const one = gradients(net, [x], [1]);
    const two = gradients(net, [x, x], [1, 1]);
    // (g + g) / 2 is exactly g in floating point.
    expect(Array.from(two.weights[0])).toEqual(Array.from(one.weights[0]));
    expect(Array.from(two.biases[1])).toEqual(Array.from(one.biases[1]));
  });

  it('rejects labels that are not class indices', () => {
    const net = createNetwork({ sizes: [2, 2], seed: 1 });
    expect(() => gradients(net, [new Float64Array(2)], [5])).toThrow(/label 0 is 5/);
  });
});
