/**
 * Native, labelled controls generated from parameter declarations: a range input with its value
 * shown for numbers (on a log10 track when the declaration says scale: 'log', see log-track.ts),
 * a select for choices, a checkbox for booleans. Keyboard and touch come with the native elements.
 */
import type { Signal } from '@preact/signals';
import { useId } from 'preact/hooks';
import type { BoolParam, ChoiceParam, NumberParam } from '../../engine/params';
import { logPosition, logTrack, logValue } from '../lib/log-track';

/**
 * The id that ties a control's label to its input. `figureId` tells figures apart on the page;
 * useId tells this control apart within its island and comes out the same in the build's HTML
 * and after hydration (it counts hooks in render order, not renders).
 */
const useControlId = (figureId: string, name: string) => `${figureId}-${name}-${useId()}`;

interface SliderProps {
  figureId: string;
  name: string;
  spec: NumberParam;
  value: number;
  onInput: (value: number) => void;
  disabled?: boolean;
  /** Shown instead of the raw number, e.g. a rounded or unit-bearing value. */
  format?: (v: number) => string;
}

export function Slider({ figureId, name, spec, value, onInput, disabled, format }: SliderProps) {
  const id = useControlId(figureId, name);
  const shown = format ? format(value) : String(value);
  const log = spec.scale === 'log';
  // A log slider's input holds log10 of the value; what it reports back is mapped to a value.
  const track = log ? logTrack(spec) : spec;
  return (
    <div class="control">
      <label for={id}>{log ? `${spec.label} (log scale)` : spec.label}</label>
      <input
        id={id}
        type="range"
        name={name}
        min={track.min}
        max={track.max}
        step={track.step}
        value={log ? logPosition(value) : value}
        disabled={disabled}
        aria-valuetext={`${shown}${spec.unit ? ' ' + spec.unit : ''}`}
        onInput={(e) => {
          const x = Number((e.currentTarget as HTMLInputElement).value);
          onInput(log ? logValue(x, spec) : x);
        }}
      />
      <output for={id} aria-hidden="true">{shown}</output>
    </div>
  );
}

interface ToggleProps {
  figureId: string;
  name: string;
  spec: BoolParam;
  value: boolean;
  onChange: (value: boolean) => void;
}

export function Toggle({ figureId, name, spec, value, onChange }: ToggleProps) {
  const id = useControlId(figureId, name);
  return (
    <div class="control control-toggle">
      <label for={id}>
        <input id={id} type="checkbox" name={name} checked={value} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} />{' '}
        {spec.label}
      </label>
    </div>
  );
}

interface SelectProps {
  figureId: string;
  name: string;
  spec: ChoiceParam;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
}

export function Select({ figureId, name, spec, value, onChange, disabled }: SelectProps) {
  const id = useControlId(figureId, name);
  return (
    <div class="control">
      <label for={id}>{spec.label}</label>
      <select id={id} name={name} value={value} disabled={disabled} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        {spec.options.map((o) => (
          <option value={o.value} key={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

/** A read-only value shown in words for screen readers and everyone else. */
export function Readout({ label, value }: { label: string; value: Signal<string> | string }) {
  return (
    <p class="readout">
      <span class="readout-label">{label}</span> <strong>{value}</strong>
    </p>
  );
}
