// Taking a figure away (components/lib/export.ts), the parts that need no DOM: a table's cells
// to CSV and back through an independent RFC 4180 reader (so quoting is checked by parsing, not
// by comparing with the same rule), file names that are safe on every file system, and the JSON
// payload with the engine version from package.json. The standalone SVG needs a real DOM and
// computed styles: tests/browser/export.spec.ts checks it in Chromium.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvData, csvField, ENGINE_VERSION, exportFileName, jsonPayload, tableRows, tablesToCsv, toCsv, toPlain, wrapText, type TableLike } from '../../components/lib/export';
import * as race from '../../components/figures/RemedyRace';
import { experiments, validate } from '../../engine/experiments/index';
import { parseParams } from '../../engine/params';
import { defaults } from '../../engine/params';

/** A strict RFC 4180 reader written for this test, independent of export.ts. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    if (c === '"' || c === '\n' || c === '\r') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    field += c; i++;
  }
  if (field !== '' || row.length) throw new Error('last line not ended by CRLF');
  return rows;
}

/** A table as tableRows() sees a DOM one: rows of cells with text and optional colSpan. */
const table = (rows: (string | [string, number])[][]): TableLike => ({
  rows: rows.map((cells) => ({ cells: cells.map((c) => (typeof c === 'string' ? { textContent: c } : { textContent: c[0], colSpan: c[1] })) })),
});

describe('CSV', () => {
  it('quotes exactly the fields that need it', () => {
    expect(csvField('0.0123')).toBe('0.0123');
    expect(csvField('-1.5e-7')).toBe('-1.5e-7');
    expect(csvField('1,000')).toBe('"1,000"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('')).toBe('');
  });

  it('reads back, field for field, through an independent RFC 4180 parser', () => {
    const rows = [
      ['Hidden layer', 'Speed (live)', 'Book (Nielsen 2015)'],
      ['1', '0.0123', '–'],
      ['a, "b"', 'line\r\nbreak', ''],
      ['×10⁻³', ' x ', '"'],
    ];
    const text = toCsv(rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual(rows);
    expect(toCsv([])).toBe('');
  });

  it('takes a table\'s cells as shown, header rows first, whitespace collapsed, spans kept in place', () => {
    const t = table([
      ['Depth', ['Accuracy (%)', 2]],
      ['', 'live', 'book'],
      ['1', '  96.5\n ', '96.48'],
    ]);
    expect(tableRows(t)).toEqual([
      ['Depth', 'Accuracy (%)', ''],
      ['', 'live', 'book'],
      ['1', '96.5', '96.48'],
    ]);
    const two = tablesToCsv([t, table([['k', 'v'], ['1', '2']])]);
    // A blank line between tables; each table's rows read back.
    expect(two).toContain('\r\n\r\nk,v\r\n');
    expect(parseCsv(two).filter((r) => r.length > 1)).toHaveLength(5);
  });

  it('takes a cell\'s data-csv fields instead of its text, so that a spreadsheet reads numbers', () => {
    // A cell as the DOM has it: text, and attributes read by name.
    const cell = (text: string, csv?: string) => ({ textContent: text, getAttribute: (name: string) => (name === 'data-csv' && csv !== undefined ? csv : null) });
    const t: TableLike = {
      rows: [
        { cells: [cell('Epoch'), cell('Accuracy', csvData('Accuracy (%)')), cell('Band', csvData('5th percentile', '50th percentile', '95th percentile'))] },
        { cells: [cell('1'), cell('96.54\u00a0%', csvData('96.54')), cell('0.1 · 0.5 · 0.9', csvData(0.1, 0.5, 0.9))] },
        { cells: [cell('2'), cell('blew up', csvData('')), cell('–')] },
        { cells: [cell('3'), cell('x', 'not json: the attribute is the field'), cell('– 1')] },
      ],
    };
    expect(tableRows(t)).toEqual([
      ['Epoch', 'Accuracy (%)', '5th percentile', '50th percentile', '95th percentile'],
      ['1', '96.54', '0.1', '0.5', '0.9'],
      // A lone dash is "nothing here": an empty field, not text in a column of numbers.
      ['2', '', ''],
      ['3', 'not json: the attribute is the field', '– 1'],
    ]);
    expect(csvData(0.25, '1e-7')).toBe('["0.25","1e-7"]');
  });
});

describe('file names', () => {
  it('name the figure and each parameter in order', () => {
    expect(exportFileName('layer-speeds', { hidden: 4, seed: 1 }, 'csv')).toBe('layer-speeds_hidden-4_seed-1.csv');
    expect(exportFileName('unstable-product', { scale: 0.25, bias: -1.5, model: 'chain', seed: 7 }, 'png')).toBe('unstable-product_scale-0.25_bias--1.5_model-chain_seed-7.png');
  });

  it('list a figure\'s parameters in its declaration\'s order: the race\'s slots a, b, c, d', () => {
    // The race narrows b, which once moved it after the others (…_seed-1_b-batch-norm).
    expect(exportFileName('remedy-race', defaults(race.params), 'csv')).toMatch(/^remedy-race_a-book_b-batch-norm_c-residual_d-he-residual_hidden-15_/);
  });

  it('are safe on every file system: no separators, spaces, colons or leading dots, and not too long', () => {
    const name = exportFileName('../fig', { path: 'a/b\\c:d e', sizes: [784, 30, 10], eta: 1e-7, on: true }, 'json');
    expect(name).toBe('fig_path-a-b-c-d-e_sizes-784-30-10_eta-1e-7_on-true.json');
    expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`parameter${i}`, i * 1000.5]));
    const long = exportFileName('training-speeds', many, 'svg');
    expect(long.length).toBeLessThanOrEqual(191); // 180, then _ and a 6-character hash, then .svg
    expect(long).toMatch(/^training-speeds_.*_[0-9a-z]{6}\.svg$/);
    // Cut at the same place, two states that differ only in what was cut off keep apart.
    expect(exportFileName('training-speeds', { ...many, parameter39: 1 }, 'svg')).not.toBe(long);
  });

  it('keep four significant digits of a number, and a hash of the exact values when that rounded something', () => {
    // The chain figure's sliders give values such as -0.9823849411202946: the name shows -0.9824.
    const a = exportFileName('chain-product', { w1: -0.9823849411202946, b1: 0.5, seed: 3 }, 'png');
    expect(a).toMatch(/^chain-product_w1--0\.9824_b1-0\.5_seed-3_[0-9a-z]{6}\.png$/);
    // A different exact value with the same four digits gets a different name.
    expect(exportFileName('chain-product', { w1: -0.98238, b1: 0.5, seed: 3 }, 'png')).not.toBe(a);
    // Nothing rounded, nothing cut: no hash.
    expect(exportFileName('chain-product', { w1: -0.98, b1: 0.5, seed: 3 }, 'png')).toBe('chain-product_w1--0.98_b1-0.5_seed-3.png');
  });
});

describe('JSON payload', () => {
  it('carries the result with the figure, experiment, parameters, seed and package.json\'s version', () => {
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
    expect(ENGINE_VERSION).toBe(version);
    const p = jsonPayload({
      figure: 'layer-speeds',
      experiment: 'layer-speeds',
      values: { hidden: 2, seed: 3, init: 'default' },
      params: { sizes: [784, 30, 30, 10], seed: 3, samples: 1000 },
      result: { speeds: new Float64Array([0.01, 0.1]), ratio: 10 },
      complete: true,
      url: 'https://example.org/chapters/x/?layer-speeds.seed=3#fig-layer-speeds',
    });
    expect(p).toEqual({
      about: expect.any(Object),
      figure: 'layer-speeds',
      experiment: 'layer-speeds',
      engineVersion: version,
      values: { hidden: 2, seed: 3, init: 'default' },
      seed: 3,
      params: { sizes: [784, 30, 30, 10], seed: 3, samples: 1000 },
      complete: true,
      result: { speeds: [0.01, 0.1], ratio: 10 },
      url: 'https://example.org/chapters/x/?layer-speeds.seed=3#fig-layer-speeds',
    });
    // Survives JSON text unchanged (no typed arrays or non-finite numbers left in it).
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('has no seed field for a figure without one, and keeps a diverged run\'s non-finite numbers', () => {
    const p = jsonPayload({ figure: 'sigmoid-prime', experiment: 'sigmoid-prime', values: { zMax: 6 }, params: { zMax: 6 }, result: { y: [1, NaN, Infinity, -Infinity] }, complete: false });
    expect('seed' in p).toBe(false);
    expect(p.complete).toBe(false);
    expect(p.result).toEqual({ y: [1, 'NaN', 'Infinity', '-Infinity'] });
  });

  it('says what its fields are, and gives the command that computes the result again for every experiment', () => {
    const p = jsonPayload({ figure: 'layer-speeds', experiment: 'layer-speeds', values: { hidden: 2, seed: 3 }, params: { sizes: [784, 30, 30, 10], seed: 3, samples: 1000 }, result: {}, complete: true });
    // Every field of the file is explained (about itself aside).
    for (const key of Object.keys(p).filter((k) => k !== 'about')) expect(p.about[key], key).toBeTruthy();
    expect(p.about.recompute).toBe('npm run --silent experiment -- layer-speeds --sizes 784,30,30,10 --seed 3 --samples 1000 --json');
    // The command line reads each experiment's defaults back from it, booleans and lists included
    // (scripts/experiment.ts takes --name value pairs and parses them as parseParams does).
    for (const e of Object.values(experiments)) {
      const params = validate(e, {}) as Record<string, unknown>;
      const command = jsonPayload({ figure: e.name, experiment: e.name, values: {}, params, result: {}, complete: true }).about.recompute;
      const args = command.replace(`npm run --silent experiment -- ${e.name} `, '').replace(/ --json$/, '').split(' ');
      const raw: Record<string, string> = {};
      for (let i = 0; i < args.length; i += 2) raw[args[i].replace(/^--/, '')] = args[i + 1];
      expect(parseParams(e.params, raw), e.name).toEqual(params);
    }
  });

  it('toPlain leaves plain data alone and unwraps typed arrays at any depth', () => {
    expect(toPlain({ a: [1, 'x', null, false], b: { c: new Float32Array([0.5]), d: new Int32Array([1, -2]) } })).toEqual({ a: [1, 'x', null, false], b: { c: [0.5], d: [1, -2] } });
  });
});

describe('the caption under an exported plot', () => {
  // One unit per character, so that line widths are easy to read off.
  const measure = (s: string) => s.length;
  it('breaks lines at spaces, never at a non-breaking one (a number stays with its % and its × 10ⁿ)', () => {
    const text = 'Drawn during a run, 24\u00a0% done: the last layer learns 1.4\u00a0×\u00a010⁶ times as fast.';
    const lines = wrapText(text, 12, measure);
    expect(lines.join(' ')).toBe(text);
    expect(lines.some((l) => l.includes('24\u00a0%'))).toBe(true);
    expect(lines.some((l) => l.includes('1.4\u00a0×\u00a010⁶'))).toBe(true);
    for (const l of lines) expect(l).not.toMatch(/^\u00a0|\u00a0$/);
  });

  it('breaks a link wider than the line, after its separators where it can, and loses none of it', () => {
    // The figure's link with its settings is longer than any line: the PNG cut it off at the
    // edge, with the seed that reproduces the figure.
    const link = 'https://example.org/course/?chain-product.w1=-1.2&chain-product.b1=0.3&chain-product.seed=14#fig-chain-product';
    const lines = wrapText(`Source: ${link}`, 30, measure);
    expect(lines[0]).toBe('Source:');
    expect(lines.slice(1).join('')).toBe(link);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    // Each break but the last falls after a separator ("...&", ".../"), none mid-name.
    for (const l of lines.slice(1, -1)) expect(l).toMatch(/[&?#/]$/);
    // With no separator in reach it breaks where the line is full, and still fits.
    const run = 'x'.repeat(70);
    expect(wrapText(run, 30, measure)).toEqual(['x'.repeat(30), 'x'.repeat(30), 'x'.repeat(10)]);
  });
});
