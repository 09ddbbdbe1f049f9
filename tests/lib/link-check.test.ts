// A link's keys that no figure on the page reads are named to the reader (components/lib/link-check.ts):
// a setting without its figure's name, a figure the page does not have (with the near ones).
import { describe, expect, it } from 'vitest';
import { strayLinkKeys } from '../../components/lib/link-check';

const figures = ['layer-speeds', 'layer-speeds-2', 'remedy-race'];
const controls: Record<string, string[]> = { 'layer-speeds': ['hidden', 'seed'], 'layer-speeds-2': ['hidden', 'seed'], 'remedy-race': ['a', 'hidden', 'seed'] };
const stray = (search: string) => strayLinkKeys(search, figures, (f) => controls[f] ?? []);

describe('link settings no figure reads', () => {
  it('leaves alone the figures\' own keys (good or bad: each figure reports its own) and the page\'s', () => {
    expect(stray('?layer-speeds.seed=3&layer-speeds-2.hidden=999&remedy-race.a=he&engine=reference')).toEqual([]);
    expect(stray('')).toEqual([]);
  });
  it('names a setting written without its figure, with the figures that have it', () => {
    expect(stray('?hidden=12')).toEqual(['Link setting hidden=12 not applied: a setting is named after its figure, e.g. layer-speeds.hidden=12, layer-speeds-2.hidden=12 or remedy-race.hidden=12.']);
    // Keys no figure has are not the reader's: a shared link's trackers, an LMS's own.
    expect(stray('?colour=red&utm_source=newsletter&fbclid=IwAR0x')).toEqual([]);
  });
  it('names a figure the page does not have, suggesting the near ones', () => {
    expect(stray('?remedy-racee.hidden=12')).toEqual(['Link setting remedy-racee.hidden=12 not applied: this page has no figure remedy-racee (did you mean remedy-race.hidden=12?).']);
    expect(stray('?depth-accuracy.seed=2')).toEqual(['Link setting depth-accuracy.seed=2 not applied: this page has no figure depth-accuracy; its figures are layer-speeds, layer-speeds-2 and remedy-race.']);
  });
  it('names an engine a link cannot ask for (only engine=reference exists)', () => {
    expect(stray('?engine=bogus')).toEqual(['Link setting engine=bogus not applied: the only engine a link can ask for is engine=reference (the figures then run on the TypeScript reference engine, with the same results, only slower).']);
    expect(stray('?engine=')).toHaveLength(1);
  });
});
