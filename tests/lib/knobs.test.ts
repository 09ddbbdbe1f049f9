// The instructor's knobs as the reader meets them, in the figure's server-rendered HTML (what the
// build writes and hydration keeps): a hidden control is absent, a fixed one is shown disabled and
// says so, and every other control is untouched.
import { h } from 'preact';
import renderToString from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import LayerSpeeds, * as layerSpeeds from '../../components/figures/LayerSpeeds';
import RemedyRace, * as remedyRace from '../../components/figures/RemedyRace';
import { figureProps } from '../../components/lib/figure-props';

const render = async (p: Record<string, unknown>) => renderToString(h(LayerSpeeds, (await figureProps(layerSpeeds, { number: '3', ...p })) as never));

describe('hide and lock in the rendered figure', () => {
  it('hides a control, fixes another, leaves the rest', async () => {
    const html = await render({ hide: ['seed'], lock: ['hidden'], hidden: 5 });
    expect(html).not.toMatch(/<input[^>]*name="seed"/);
    expect(html).toMatch(/<input[^>]*name="hidden"[^>]*disabled/);
    expect(html).toMatch(/Hidden layers<span class="control-fixed"> \(fixed for this figure\)<\/span>/);
    expect(html).toMatch(/<select[^>]*name="init"/);
    expect(html).not.toMatch(/<select[^>]*name="init"[^>]*disabled/);
  });

  it('without knobs, every control is there and enabled', async () => {
    // The server's HTML marks the controls (and the downloads) not yet live, in a fieldset the
    // hydration directive watches (FigureFrame.tsx); no control is disabled, so Tab reaches them.
    const locks = '<fieldset class="figure-live" role="none" data-live="false">';
    const html = await render({});
    expect(html.split(locks).length - 1).toBe(2); // the controls and the downloads
    for (const name of ['hidden', 'seed']) expect(html).toMatch(new RegExp(`<input[^>]*name="${name}"`));
    expect(html.replaceAll(locks, '')).not.toContain('disabled');
    expect(html).not.toContain('control-fixed');
  });

  it('a race slot the instructor hid still races: other menus call its configuration "already racing", not by a letter the reader cannot find', async () => {
    const html = renderToString(h(RemedyRace, (await figureProps(remedyRace, { number: '1', hide: ['c'] })) as never));
    expect(html).not.toMatch(/<select[^>]*name="c"/);
    // C races sigmoid + skips by default; A's menu offers it as taken, without naming C.
    const menuA = html.match(/<select[^>]*name="a"[^>]*>(.*?)<\/select>/s)![1];
    expect(menuA).toMatch(/<option[^>]*value="residual"[^>]*disabled[^>]*>[^<]*\(already racing\)<\/option>/);
    expect(menuA).toMatch(/value="batch-norm"[^>]*>[^<]*\(in B\)</);
    expect(html).not.toContain('(in C)');
  });
});
