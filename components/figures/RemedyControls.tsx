/**
 * The controls the second chapter's figures share (remedy-speeds, signal-propagation): presets for
 * the comparisons the text makes, then depth, activation, initialisation (with the orthogonal
 * gain), normalisation, skips and seed, all from engine/experiments/common.ts's declaration.
 */
import type { Signal } from '@preact/signals';
import { PRESETS, remedyNetworkParams as params } from '../../engine/experiments/common';
import type { PresetName } from '../../engine/experiments/common';
import { Control, Controls, type ControlHost } from './Controls';
import { num } from './format';

export type RemedyValues = { hidden: number; activation: string; init: string; gain: number; norm: string; residual: boolean; seed: number };

/** The job's parameters: the gain means something only for the orthogonal initialiser, else 1 is sent. */
export const remedyJobParams = (v: RemedyValues) => ({ ...v, gain: v.init === 'orthogonal' ? v.gain : 1 });

/** Which preset the controls match, if any. */
export function presetOf(v: RemedyValues): PresetName | undefined {
  return (Object.keys(PRESETS) as PresetName[]).find((k) => {
    const p = PRESETS[k];
    return p.activation === v.activation && p.init === v.init && p.norm === v.norm && p.residual === v.residual;
  });
}

const label = (spec: { options: readonly { value: string; label: string }[] }, value: string) => spec.options.find((o) => o.value === value)?.label ?? value;

/** The configuration in words, for status lines and table captions. */
export function describeConfig(v: RemedyValues): string {
  // "N(0, 1/nᵢₙ) (book default) initialisation" read as two asides in a row.
  const init = v.init === 'orthogonal' ? `orthogonal (gain ${num(v.gain, 3)})`
    : v.init === 'default' ? `the book's ${label(params.init, v.init).replace(/\s*\(book default\)$/, '')}`
    : label(params.init, v.init);
  const norm = v.norm === 'none' ? 'no normalisation' : label(params.norm, v.norm);
  return `${label(params.activation, v.activation)}, ${init} initialisation, ${norm}, ${v.residual ? 'identity skips' : 'no skips'}`;
}

interface Handle extends ControlHost<typeof params> {
  values: Signal<RemedyValues>;
  setMany(changes: Partial<Record<keyof RemedyValues & string, unknown>>): boolean;
}

export function RemedyControls({ fig }: { fig: Handle }) {
  const v = fig.values.value;
  const current = presetOf(v);
  const apply = (name: PresetName) => {
    const { label: _label, ...values } = PRESETS[name];
    fig.setMany(values);
  };
  return (
    <>
      <div class="figure-buttons" role="group" aria-label="Presets" style={{ flexBasis: '100%' }}>
        {(Object.keys(PRESETS) as PresetName[]).map((k) => (
          <button key={k} type="button" aria-pressed={current === k} onClick={() => apply(k)}>{PRESETS[k].label}</button>
        ))}
      </div>
      <Controls fig={fig} names={['hidden', 'activation', 'init']} />
      <Control fig={fig} name="gain" disabled={v.init !== 'orthogonal'} />
      <Controls fig={fig} names={['norm', 'residual', 'seed']} />
    </>
  );
}
