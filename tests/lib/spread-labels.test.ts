// The end-of-line labels of Figure 5 (training speeds): apart by at least a line of text, each as
// near its own line as that allows. A diverged run ends all its lines at one tiny value, and the
// labels printed over each other ("layer 4" on "layer 3" on ...).
import { describe, expect, it } from 'vitest';
import { spreadLabels } from '../../components/figures/TrainingSpeeds';

describe('spreadLabels', () => {
  it('leaves labels that are already apart where their lines end', () => {
    expect(spreadLabels([300, 200, 100], 13, 0, 400)).toEqual([300, 200, 100]);
  });

  it('stacks labels of lines that end together, the last layer on top, at least a gap apart', () => {
    const ys = spreadLabels([250, 250, 250, 250], 13, 0, 400) as number[];
    expect(ys[3]).toBe(250);
    for (let l = 0; l < 3; l++) expect(ys[l] - ys[l + 1]).toBe(13);
  });

  it('moves a stack that would leave the plot back up inside it, and skips missing lines', () => {
    const ys = spreadLabels([395, null, 395, 395], 13, 0, 400);
    expect(ys[1]).toBeNull();
    expect(Math.max(...(ys.filter((y) => y !== null) as number[]))).toBe(400);
    expect(ys).toEqual([400, null, 387, 374]);
  });
});
