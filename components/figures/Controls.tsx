/**
 * Native, labelled controls generated from parameter declarations: a range input with its value
 * shown for numbers, a select for choices. Keyboard and touch come with the native elements.
 */
import type { Signal } from '@preact/signals';
import type { ChoiceParam, NumberParam } from '../../engine/params';

let uid = 0;
const nextId = (figureId: string, name: string) => `${figureId}-${name}-${++uid}`;

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
  const id = nextId(figureId, name);
  const shown = format ? format(value) : String(value);
  return (
    <div class="control">
      <label for={id}>{spec.label}</label>
      <input
        id={id}
        type="range"
        name={name}
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={value}
        disabled={disabled}
        aria-valuetext={`${shown}${spec.unit ? ' ' + spec.unit : ''}`}
        onInput={(e) => onInput(Number((e.currentTarget as HTMLInputElement).value))}
      />
      <output for={id} aria-hidden="true">{shown}</output>
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
  const id = nextId(figureId, name);
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
