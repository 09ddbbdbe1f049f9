// Parameter declarations validate input from any source and report every problem at once.
import { describe, expect, it } from 'vitest';
import { defaults, ParamError, parseParams } from '../../engine/index';
import type { ParamDecl } from '../../engine/index';

const decl = {
  seed: { kind: 'int', default: 1, min: 0, max: 10, step: 1, label: 'Seed' },
  eta: { kind: 'number', default: 0.1, min: 0.001, max: 10, step: 0.01, label: 'eta' },
  init: { kind: 'choice', default: 'default', options: [{ value: 'default', label: 'd' }, { value: 'he', label: 'h' }], label: 'Init' },
  sizes: { kind: 'sizes', default: [784, 30, 10], min: 1, max: 1000, minLength: 2, maxLength: 5, label: 'Sizes' },
  full: { kind: 'boolean', default: false, label: 'Full' },
} satisfies ParamDecl;

describe('parameter declarations', () => {
  it('fill defaults and parse strings', () => {
    expect(parseParams(decl, {})).toEqual(defaults(decl));
    expect(parseParams(decl, { seed: '7', eta: '0.5', sizes: '784,10', full: 'true', init: 'he' })).toEqual({
      seed: 7, eta: 0.5, init: 'he', sizes: [784, 10], full: true,
    });
  });

  it('list every problem and change nothing', () => {
    let error: unknown;
    try {
      parseParams(decl, { seed: 11, eta: 'NaN', init: 'x', sizes: '784,-1', full: 'yes', extra: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParamError);
    expect((error as ParamError).problems).toEqual([
      'seed: got 11, expected an integer from 0 to 10',
      'eta: got "NaN", expected a number from 0.001 to 10',
      'init: got "x", expected one of default (d), he (h)',
      'sizes: got "784,-1", expected 2 to 5 comma-separated integers, each from 1 to 1000',
      'full: got "yes", expected true or false',
      'unknown parameter "extra" (expected one of: seed, eta, init, sizes, full)',
    ]);
    expect(() => parseParams(decl, { seed: 2.5 })).toThrow('seed: got 2.5, expected an integer');
    expect(() => parseParams(decl, { eta: Infinity })).toThrow('eta: got Infinity');
  });

  it('read numbers written in decimal only: a link\'s 0x10 is refused, not taken as 16', () => {
    for (const [text, value] of [['8', 8], [' 8 ', 8], ['+8', 8], ['8.', 8], ['1e1', 10], ['1E+1', 10]] as const) {
      expect(parseParams(decl, { seed: text }).seed, text).toBe(value);
    }
    expect(parseParams(decl, { eta: '.5' }).eta).toBe(0.5);
    expect(parseParams(decl, { eta: '5e-2' }).eta).toBe(0.05);
    for (const text of ['0x8', '0b11', '0o7', 'Infinity', '1_0', '8px', '', ' ', '1e', '--1']) {
      expect(() => parseParams(decl, { seed: text }), JSON.stringify(text)).toThrow(`seed: got ${JSON.stringify(text)}, expected an integer`);
    }
    expect(() => parseParams(decl, { sizes: '784,0x1e,10' })).toThrow('sizes: got "784,0x1e,10"');
  });

  it('name a choice\'s values with the menu\'s words where those differ beyond case and spacing', () => {
    // A link wants he-residual and off where the menu says "ReLU + He + skips" and "(none)".
    const race = { d: { kind: 'choice', default: 'off', label: 'Configuration D', options: [{ value: 'he-residual', label: 'ReLU + He + skips' }, { value: 'off', label: '(none)' }, { value: 'relu', label: 'ReLU' }, { value: 'leaky-relu', label: 'leaky ReLU' }] } } satisfies ParamDecl;
    expect(() => parseParams(race, { d: 'skips' })).toThrow('d: got "skips", expected one of he-residual (ReLU + He + skips), off (none), relu, leaky-relu');
  });
});
