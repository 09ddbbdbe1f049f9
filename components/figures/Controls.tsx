/**
 * Native, labelled controls generated from parameter declarations: a range input with its value
 * shown for numbers (on a log10 track when the declaration says scale: 'log'), a select for
 * choices, a checkbox for booleans. Keyboard and touch come with the native elements.
 */
import type { Signal } from '@preact/signals';
import type { BoolParam, ChoiceParam, NumberParam } from '../../engine/params';

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

export function Slider(props: SliderProps) {
  if (props.spec.scale === 'log') return <LogSlider {...props} />;
  const { figureId, name, spec, value, onInput, disabled, format } = props;
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

/** The thumb moves in log10 steps of 0.01; values are rounded to three significant figures. */
const LOG_STEP = 0.01;

function LogSlider({ figureId, name, spec, value, onInput, disabled, format }: SliderProps) {
  const id = nextId(figureId, name);
  const shown = format ? format(value) : String(value);
  const toValue = (position: number) => Math.min(spec.max, Math.max(spec.min, Number((10 ** position).toPrecision(3))));
  return (
    <div class="control">
      <label for={id}>{spec.label} (log scale)</label>
      <input
        id={id}
        type="range"
        name={name}
        min={Math.log10(spec.min)}
        max={Math.log10(spec.max)}
        step={LOG_STEP}
        value={Math.log10(value)}
        disabled={disabled}
        aria-valuetext={`${shown}${spec.unit ? ' ' + spec.unit : ''}`}
        onInput={(e) => onInput(toValue(Number((e.currentTarget as HTMLInputElement).value)))}
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
  const id = nextId(figureId, name);
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
