// Controls are generated from the declaration: every island, rendered as the build renders it
// (server-side, before any result), shows one labelled control per parameter it declares, of the
// kind the declaration says: a range input for a number, a select listing exactly the declared
// options for a choice, a checkbox for a boolean. An island that lays out a control by hand (a
// slider whose range follows another value) is held to the same rule.
import { h } from 'preact';
import renderToString from 'preact-render-to-string';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import type { ParamDecl } from '../../engine/params';

const islands = Object.entries(
  import.meta.glob<{ ID?: string; params?: ParamDecl; default: (p: unknown) => unknown }>('../../components/figures/*.tsx', { eager: true }),
).filter(([, m]) => typeof m.ID === 'string' && m.params);

/**
 * Starting values under which an island shows controls its defaults hide: unstable-product offers
 * the bias for its chain model and the spread of z for the independent one, one at a time.
 */
const ALSO: Record<string, Record<string, unknown>[]> = { 'unstable-product': [{ model: 'independent' }] };

describe.each(islands.map(([file, m]) => ({ id: m.ID!, file, m })))('$id', ({ id, m }) => {
  it('renders one labelled control per declared parameter, of the declared kind', () => {
    const docs = [{}, ...(ALSO[id] ?? [])].map((initialValues) => parse(renderToString(h(m.default as never, { number: 1, initialValues } as never))));
    for (const [name, spec] of Object.entries(m.params!)) {
      const doc = docs.find((d) => d.querySelector(`[name="${name}"]`)) ?? docs[0];
      const el = doc.querySelector(`[name="${name}"]`);
      expect(el, `${id}: control for ${name}`).not.toBeNull();
      const label = doc.querySelector(`label[for="${el!.id}"]`);
      expect(label?.textContent, `${id}: label of ${name}`).toContain(spec.label);
      // A slider, or a number field where the declaration asks for one (the seed: 0 to 999,999).
      if (spec.kind === 'number' || spec.kind === 'int') expect(el!.getAttribute('type'), name).toBe(spec.control === 'number' ? 'number' : 'range');
      if (spec.kind === 'boolean') expect(el!.getAttribute('type'), name).toBe('checkbox');
      if (spec.kind === 'choice') {
        expect(el!.tagName.toLowerCase(), name).toBe('select');
        expect(el!.querySelectorAll('option').map((o) => o.getAttribute('value')), name).toEqual(spec.options.map((o) => o.value));
      }
    }
  });
});

it('finds every island', () => {
  expect(islands.length).toBeGreaterThanOrEqual(14);
});
