// What a figure's MDX props may say, checked when the site is built: a typo or a wrong value
// stops the build with the figure and the prop named; the instructor's knobs (hide, lock) name
// real controls; a preset only where the figure has presets.
import { describe, expect, it } from 'vitest';
import * as chain from '../../components/figures/ChainProduct';
import * as layerSpeeds from '../../components/figures/LayerSpeeds';
import * as batchnormScale from '../../components/figures/BatchnormScale';
import * as remedyRace from '../../components/figures/RemedyRace';
import { figureProps } from '../../components/lib/figure-props';

const props = (p: Record<string, unknown>) => figureProps(layerSpeeds, { number: '3', ...p });

describe('figure props at build time', () => {
  it('passes the knobs through, with the starting values and the first paint', async () => {
    const r = await props({ hidden: 5, hide: ['seed', 'seed'], lock: ['hidden'] });
    expect(r.number).toBe(3);
    expect(r.initialValues).toEqual({ hidden: 5 });
    expect(r.knobs).toEqual({ hide: ['seed'], lock: ['hidden'] });
    expect((r.initial as { speeds: number[] }).speeds).toHaveLength(5);
  });

  it('names the figure and the prop when something is wrong', async () => {
    await expect(props({ hide: ['sed'] })).rejects.toThrow('<figure layer-speeds> prop hide: unknown control sed (it has hidden, seed, init, activation)');
    await expect(props({ lock: 'hidden' })).rejects.toThrow(/<figure layer-speeds> prop lock: expected a list of control names such as lock=\{\['seed'\]\}/);
    await expect(props({ hiden: 5 })).rejects.toThrow(/<figure layer-speeds>: unknown prop hiden \(it takes caption, hide, lock, hidden, seed, init, activation\)/);
    await expect(props({ hidden: 11 })).rejects.toThrow(/<figure layer-speeds> prop hidden: got 11, expected an integer from 1 to 10/);
    await expect(props({ preset: 'exploding' })).rejects.toThrow(/unknown prop preset/);
    await expect(props({ instance: 'Bad Id' })).rejects.toThrow(/instance must be kebab-case/);
    await expect(figureProps(layerSpeeds, { caption: 'x' })).rejects.toThrow(/no figure number/);
  });

  it('refuses props that are each fine but do not go together, as the figure would refuse them from a reader', async () => {
    // Before, the build passed (the job quietly capped the layer) and the figure then refused
    // every change a reader made, for a problem the reader had not made.
    await expect(figureProps(batchnormScale, { number: '3', layer: 5 })).rejects.toThrow('<figure batchnorm-scale>: props that do not go together: layer: got 5, but the network has only 4 hidden layers');
    await expect(figureProps(remedyRace, { number: '5', a: 'batch-norm' })).rejects.toThrow(/props that do not go together: b: sigmoid \+ batch norm already races as Configuration A/);
  });

  it('puts the placement the numbering plugin noted first in every message, and passes nothing of it on', async () => {
    await expect(props({ hidden: 11, placedAt: 'content/chapters/x.mdx:42' })).rejects.toThrow(
      /^content\/chapters\/x\.mdx:42: <figure layer-speeds> prop hidden: got 11/,
    );
    await expect(props({ hiden: 5, placedAt: 'content/chapters/x.mdx:42' })).rejects.toThrow(/^content\/chapters\/x\.mdx:42: <figure layer-speeds>: unknown prop hiden /);
    const r = await props({ hidden: 5, placedAt: 'content/chapters/x.mdx:42' });
    expect(r).not.toHaveProperty('placedAt');
    expect(r.initialValues).toEqual({ hidden: 5 });
  });

  it('takes a preset where the figure has them, and refuses an unknown one', async () => {
    const r = await figureProps(chain, { number: '6', preset: 'exploding' });
    expect(r.initialValues).toMatchObject({ w1: 100, w2: 100, w3: 100, w4: 100 });
    await expect(figureProps(chain, { number: '6', preset: 'boom' })).rejects.toThrow(/prop preset: got "boom", expected one of typical, exploding, balanced/);
  });
});
