// A figure's state in the page URL (components/lib/url-state.ts): values -> query parameters ->
// the same values, for every kind of parameter; defaults left out of the link; a bad value
// reported with the parameter's name and what was expected, and nothing applied; other figures'
// keys and other query parameters left alone. Values are compared exactly: a number goes into
// the URL as String(x), the shortest decimal that parses back to the same double, so a round trip
// that is not bit for bit is a bug, not rounding.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { paramsFromSearch, readUrlParams, urlWithParams, writeUrlParams } from '../../components/lib/url-state';
import { activationParam, seedParam, sizesParam } from '../../engine/experiments/common';
import type { ParamDecl } from '../../engine/params';
import { defaults } from '../../engine/params';

const ID = 'fig';
/** One parameter of each kind; seed, activation and sizes are the engine's shared declarations. */
const decl = {
  seed: seedParam, // int, 0 to 999999
  bias: { kind: 'number', default: 1, min: -10, max: 10, step: 0.1, label: 'Bias b' },
  scale: { kind: 'number', default: 1, min: 0.01, max: 100, step: 0.01, label: 'Weight scale s', scale: 'log' },
  activation: activationParam, // sigmoid, tanh, relu, leaky-relu
  sizes: sizesParam([784, 30, 10]), // 2 to 16 entries, each 1 to 1000
  tanh: { kind: 'boolean', default: false, label: 'Show tanh′' },
} satisfies ParamDecl;
const base = defaults(decl);
const PAGE = 'https://example.org/chapters/unstable-gradients/';

/** The values as a link carries them: written into a URL, read back from its query string. */
function roundTrip(values: Record<string, unknown>, presets: Record<string, unknown> = base) {
  const url = urlWithParams(new URL(PAGE), ID, decl, values, presets);
  return { url, read: paramsFromSearch(url.search, ID, decl, presets) };
}

describe('URL state: round trip', () => {
  it('every kind of parameter comes back as it went in', () => {
    const values = {
      seed: 123456,
      bias: 0.1 + 0.2, // 0.30000000000000004: not a "nice" decimal, still exact
      scale: 0.0583, // a log slider's three-figure value
      activation: 'relu',
      sizes: [784, 30, 30, 30, 10],
      tanh: true,
    };
    const { url, read } = roundTrip(values);
    expect(read.problems).toEqual([]);
    expect(read.values).toStrictEqual(values);
    expect(url.search).toBe('?fig.seed=123456&fig.bias=0.30000000000000004&fig.scale=0.0583&fig.activation=relu&fig.sizes=784%2C30%2C30%2C30%2C10&fig.tanh=true');
  });

  it('the ends of each range and false for a boolean that defaults to true survive too', () => {
    const presets = { ...base, tanh: true };
    const values = { seed: 0, bias: -10, scale: 100, activation: 'tanh', sizes: Array(16).fill(1000), tanh: false };
    const { read } = roundTrip(values, presets);
    expect(read.problems).toEqual([]);
    expect(read.values).toStrictEqual(values);
  });

  it('values equal to the defaults are left out of the link', () => {
    // A fresh array equal to the default counts as the default.
    expect(roundTrip({ ...base, sizes: [784, 30, 10] }).url.href).toBe(PAGE);
    expect(roundTrip({ ...base, seed: 7 }).url.search).toBe('?fig.seed=7');
  });

  it('"defaults" are the figure\'s starting values (an instructor\'s presets), not the declaration\'s', () => {
    const presets = { ...base, seed: 42, activation: 'tanh' };
    // Back at the presets: nothing in the link. Back at the declaration's default seed: in it.
    expect(roundTrip(presets, presets).url.href).toBe(PAGE);
    const { url, read } = roundTrip({ ...presets, seed: 1 }, presets);
    expect(url.search).toBe('?fig.seed=1');
    expect(read.values).toStrictEqual({ ...presets, seed: 1 });
  });

  it('a link without the figure\'s keys gives back the base values themselves', () => {
    const r = paramsFromSearch('?other.seed=3&engine=reference', ID, decl, base);
    expect(r.values).toBe(base);
    expect(r.problems).toEqual([]);
  });

  it('a link that sets some keys keeps the base values of the others', () => {
    const presets = { ...base, seed: 42 };
    const r = paramsFromSearch('?fig.bias=-2.5&fig.activation=tanh', ID, decl, presets);
    expect(r.values).toStrictEqual({ ...presets, bias: -2.5, activation: 'tanh' });
  });
});

describe('URL state: a bad value is reported and changes nothing else', () => {
  // Each bad value beside a good one (fig.seed=5): the bad one is left at the base value and named;
  // the good one still applies, so a link with one value out of date shows the rest of it.
  const cases: [string, string, string][] = [
    ['int out of range', 'fig.seed=1000000', 'seed: got "1000000", expected an integer from 0 to 999999'],
    ['int with a fraction', 'fig.seed=2.5', 'seed: got "2.5", expected an integer from 0 to 999999'],
    ['number out of range', 'fig.bias=10.5', 'bias: got "10.5", expected a number from -10 to 10'],
    ['number that is not one', 'fig.bias=abc', 'bias: got "abc", expected a number from -10 to 10'],
    ['NaN', 'fig.bias=NaN', 'bias: got "NaN", expected a number from -10 to 10'],
    ['empty number', 'fig.bias=', 'bias: got "", expected a number from -10 to 10'],
    ['Infinity on a log scale', 'fig.scale=Infinity', 'scale: got "Infinity", expected a number from 0.01 to 100'],
    ['zero on a log scale', 'fig.scale=0', 'scale: got "0", expected a number from 0.01 to 100'],
    ['unknown choice', 'fig.activation=softplus', 'activation: got "softplus", expected one of sigmoid, tanh, relu, leaky-relu'],
    ['choice in the wrong case', 'fig.activation=ReLU', 'activation: got "ReLU", expected one of sigmoid, tanh, relu, leaky-relu'],
    ['sizes with an empty entry', 'fig.sizes=784,,10', 'sizes: got "784,,10", expected 2 to 16 comma-separated integers, each from 1 to 1000'],
    ['sizes with a word', 'fig.sizes=784,x,10', 'sizes: got "784,x,10", expected 2 to 16 comma-separated integers, each from 1 to 1000'],
    ['sizes too short', 'fig.sizes=784', 'sizes: got "784", expected 2 to 16 comma-separated integers, each from 1 to 1000'],
    ['sizes entry out of range', 'fig.sizes=784,0,10', 'sizes: got "784,0,10", expected 2 to 16 comma-separated integers, each from 1 to 1000'],
    ['boolean spelled otherwise', 'fig.tanh=yes', 'tanh: got "yes", expected true or false'],
    ['unknown key of this figure', 'fig.depth=3', 'unknown parameter "depth" (expected one of: seed, bias, scale, activation, sizes, tanh)'],
  ];
  for (const [what, bad, problem] of cases) {
    it(`${what}: ${bad}`, () => {
      const r = paramsFromSearch(`?fig.seed=5&${bad}`, ID, decl, base);
      // (A bad seed replaces the good one: a key given twice keeps its last value.)
      expect(r.values).toStrictEqual(bad.startsWith('fig.seed=') ? base : { ...base, seed: 5 });
      expect(r.problems).toEqual([`link parameter ignored: ${problem}`]);
      // Alone, it leaves the base values themselves.
      const alone = paramsFromSearch(`?${bad}`, ID, decl, base);
      expect(alone.values).toBe(base);
      expect(alone.problems).toEqual([`link parameter ignored: ${problem}`]);
    });
  }

  it('several bad values are all reported at once', () => {
    const r = paramsFromSearch('?fig.seed=-1&fig.tanh=2&fig.bias=1', ID, decl, base);
    expect(r.values).toStrictEqual({ ...base, bias: 1 });
    expect(r.problems).toEqual([
      'link parameter ignored: seed: got "-1", expected an integer from 0 to 999999',
      'link parameter ignored: tanh: got "2", expected true or false',
    ]);
  });
});

describe('URL state: other figures and other parameters', () => {
  it('reading ignores other figures\' keys, including one whose id starts like this one\'s', () => {
    // "fig-2.seed" and "figure.seed" share the letters "fig" but not the prefix "fig.".
    const r = paramsFromSearch('?fig-2.seed=bad&figure.seed=-1&other.activation=nope&fig.seed=9&engine=reference', ID, decl, base);
    expect(r.problems).toEqual([]);
    expect(r.values).toStrictEqual({ ...base, seed: 9 });
  });

  it('writing keeps other figures\' keys, other parameters and the fragment, in their order', () => {
    const page = new URL(`${PAGE}?other.seed=3&fig.seed=9&engine=reference&fig-2.bias=4#fig-layer-speeds`);
    const url = urlWithParams(page, ID, decl, { ...base, bias: 2 }, base);
    expect(url.href).toBe(`${PAGE}?other.seed=3&engine=reference&fig-2.bias=4&fig.bias=2#fig-layer-speeds`);
  });

  it('a key already in the link keeps its place when its value changes', () => {
    const url = urlWithParams(new URL(`${PAGE}?other.seed=3&fig.seed=9&engine=reference`), ID, decl, { ...base, seed: 10 }, base);
    expect(url.search).toBe('?other.seed=3&fig.seed=10&engine=reference');
  });

  it('writing the defaults removes the figure\'s keys, a stale unknown one included', () => {
    const url = urlWithParams(new URL(`${PAGE}?fig.seed=9&fig.depth=3&other.seed=3`), ID, decl, base, base);
    expect(url.search).toBe('?other.seed=3');
  });
});

describe('URL state: bound to the page', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('in the build (no location) reading gives the base values and writing does nothing', () => {
    expect(typeof location).toBe('undefined');
    const r = readUrlParams(ID, decl, base);
    expect(r.values).toBe(base);
    expect(() => writeUrlParams(ID, decl, { ...base, seed: 3 }, base)).not.toThrow();
  });

  it('in the page, the link is read from location and written with replaceState, only when it changes', () => {
    // A URL stands in for window.location (same href and search); history records its calls.
    const loc = new URL(`${PAGE}?fig.seed=9&engine=reference`);
    const replaceState = vi.fn((_state: unknown, _title: string, url: URL) => (loc.href = url.href));
    vi.stubGlobal('location', loc);
    vi.stubGlobal('history', { state: { scroll: 1 }, replaceState });

    expect(readUrlParams(ID, decl, base).values).toStrictEqual({ ...base, seed: 9 });
    writeUrlParams(ID, decl, { ...base, seed: 9 }, base);
    expect(replaceState).not.toHaveBeenCalled(); // same link: no history call at all
    writeUrlParams(ID, decl, { ...base, seed: 10 }, base);
    expect(replaceState).toHaveBeenCalledTimes(1);
    expect(replaceState.mock.calls[0][0]).toEqual({ scroll: 1 }); // the page's history state is kept
    expect(loc.search).toBe('?fig.seed=10&engine=reference');
  });
});

// A figure with named presets (the chain's): a link may name one, as a chapter's `preset` prop
// does, and the link's own values win over it.
describe('URL state: a preset named in a link', () => {
  const presets = {
    names: ['steep', 'flat'],
    apply: (name: string, v: Record<string, unknown>) => ({ ...v, bias: name === 'steep' ? 5 : 0, scale: Number(v.seed) / 1000 }),
  };
  it('sets the values it stands for, computed from the link\'s other values, which win over it', () => {
    expect(paramsFromSearch('?fig.preset=steep', ID, decl, base, presets)).toEqual({ values: { ...base, bias: 5, scale: base.seed / 1000 }, problems: [] });
    // The seed feeds the preset (a typical draw of that seed); an explicit bias overrides it.
    expect(paramsFromSearch('?fig.seed=250&fig.preset=steep&fig.bias=-1', ID, decl, base, presets)).toEqual({
      values: { ...base, seed: 250, bias: -1, scale: 0.25 },
      problems: [],
    });
  });
  it('names an unknown preset and the ones there are, and applies the rest of the link', () => {
    expect(paramsFromSearch('?fig.preset=wild&fig.seed=9', ID, decl, base, presets)).toEqual({
      values: { ...base, seed: 9 },
      problems: ['link parameter ignored: preset=wild: expected one of steep, flat'],
    });
  });
  it('is an unknown parameter for a figure without presets', () => {
    const r = paramsFromSearch('?fig.preset=steep', ID, decl, base);
    expect(r.values).toBe(base);
    expect(r.problems).toEqual([expect.stringMatching(/^link parameter ignored: .*preset/)]);
  });
});
