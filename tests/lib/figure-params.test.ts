// A figure and its experiment cannot disagree: every control a figure shares with its experiment
// (same name) is a narrowing of the experiment's declaration (same kind, a sub-range, a whole
// multiple of its step, a subset of its options, a default it accepts), and whatever the figure's
// controls are set to, at either end of each range and at every option, the job the figure sends
// is one its experiment accepts. Each shared control is the experiment's own declaration or narrow()ed
// from it, so a default changed in the experiment changes the figure.
import { describe, expect, it } from 'vitest';
import { defaults, getExperiment, validate } from '../../engine/index';
import type { ChoiceParam, NumberParam, ParamDecl, ParamSpec } from '../../engine/params';
import { narrow, narrowedFrom, narrowingProblems } from '../../engine/params';

interface Island {
  ID: string;
  params: ParamDecl;
  job(v: Record<string, unknown>): { name: string; params: Record<string, unknown> };
}
const islands = Object.values(import.meta.glob<Island>('../../components/figures/*.tsx', { eager: true })).filter((m) => m.ID && m.params);

/** Values a reader can reach for one control: its default, both ends, every option. */
function reachable(spec: ParamSpec): unknown[] {
  switch (spec.kind) {
    case 'number':
    case 'int':
      return [spec.default, spec.min, spec.max];
    case 'choice':
      return spec.options.map((o) => o.value);
    case 'boolean':
      return [true, false];
    case 'sizes':
      return [spec.default];
  }
}

describe('figures and their experiments', () => {
  it('finds all the figures', () => {
    expect(islands.map((m) => m.ID).sort()).toContain('layer-speeds');
    expect(islands.length).toBeGreaterThanOrEqual(9);
  });

  for (const island of islands) {
    it(`${island.ID}: shared controls narrow the experiment's declaration, and every reachable setting sends a valid job`, () => {
      const base = defaults(island.params) as Record<string, unknown>;
      const experiment = getExperiment(island.job(base).name);
      for (const [name, spec] of Object.entries(island.params)) {
        const own = (experiment.params as ParamDecl)[name];
        if (own) {
          expect(narrowingProblems(own, spec), `${island.ID}.${name}`).toEqual([]);
          // The experiment's own object or narrow()ed from it: a copy would keep its default (and
          // range) when an instructor changes the experiment's, and the figure would silently differ.
          expect(spec === own || narrowedFrom(spec) === own, `${island.ID}.${name} is a copy of the experiment's declaration: use it, or narrow() it`).toBe(true);
        }
        for (const value of reachable(spec)) {
          const job = island.job({ ...base, [name]: value });
          expect(() => validate(experiment, job.params), `${island.ID} with ${name} = ${JSON.stringify(value)}`).not.toThrow();
        }
      }
    });
  }
});

describe('narrow()', () => {
  const lambda: NumberParam = { kind: 'number', default: 5, min: 0, max: 100, step: 0.1, label: 'λ' };
  it('accepts a sub-range, a coarser whole-multiple step and its own default', () => {
    expect(narrow(lambda, { step: 0.5, max: 50, default: 1 })).toEqual({ ...lambda, step: 0.5, max: 50, default: 1 });
  });
  it('refuses what the experiment would not accept, naming it', () => {
    expect(() => narrow(lambda, { max: 200 })).toThrow(/range 0\.\.200 leaves the experiment's 0\.\.100/);
    expect(() => narrow(lambda, { step: 0.25 })).toThrow(/step 0\.25 is not a whole multiple of the experiment's 0\.1/);
    expect(() => narrow(lambda, { default: -1 })).toThrow(/default -1 is one the experiment rejects/);
    const choice: ChoiceParam = { kind: 'choice', default: 'a', label: 'c', options: [{ value: 'a', label: 'A' }] };
    expect(narrowingProblems(choice, { ...choice, options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] })).toEqual(['options b are not the experiment\'s']);
  });
});
