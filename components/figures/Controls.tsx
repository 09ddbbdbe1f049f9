/**
 * Native, labelled controls generated from parameter declarations: a range input with its value
 * shown for numbers (on a log10 track when the declaration says scale: 'log', see log-track.ts),
 * a select for choices, a checkbox for booleans. Keyboard and touch come with the native elements.
 */
import type { Signal } from '@preact/signals';
import { useContext, useId, useState } from 'preact/hooks';
import { KnobsContext } from '../lib/knobs';
import type { BoolParam, ChoiceParam, NumberParam, ParamDecl, ParamValues } from '../../engine/params';
import { decadeStep, logPosition, logTrack, logValue, niceStep } from '../lib/log-track';
import { exact, spoken } from './format';
import { Spoken } from './Spoken';

/**
 * The id that ties a control's label to its input. `figureId` (the placement's id) tells figures
 * apart on the page; useId tells this control apart within its island, and comes out the same in
 * the build's HTML and after hydration (it numbers its calls in tree order within the island, not
 * renders, so a re-render keeps the id).
 */
const useControlId = (figureId: string, name: string) => `${figureId}-${name}-${useId()}`;

/**
 * Whether the instructor hid this control or fixed its value (components/lib/knobs.ts). A hidden
 * control renders nothing; a fixed one shows its value, disabled, and says it is fixed.
 */
function useKnob(name: string) {
  const knobs = useContext(KnobsContext);
  return { hidden: !!knobs.hide?.includes(name), locked: !!knobs.lock?.includes(name) };
}
const Fixed = () => <span class="control-fixed"> (fixed for this figure)</span>;

interface SliderProps {
  figureId: string;
  name: string;
  spec: NumberParam;
  value: number;
  /** Applies a value; false when the figure refused it (it then says why). */
  onInput: (value: number) => boolean | void;
  disabled?: boolean;
  /** Shown instead of the raw number, e.g. a rounded or unit-bearing value. */
  format?: (v: number) => string;
}

export function Slider({ figureId, name, spec, value, onInput, disabled, format }: SliderProps) {
  const id = useControlId(figureId, name);
  const { hidden, locked } = useKnob(name);
  // While the reader types in a number field, a re-render must not write the value in use back
  // into it: "2.5" became "2" with the caret moved, and the next digit made 52.
  const [editing, setEditing] = useState(false);
  // The last value committed in the number field was refused (aria-invalid until the next one).
  const [refused, setRefused] = useState(false);
  if (hidden) return null;
  // What a reader sees and hears: a true minus sign (−2.5), never JavaScript's hyphen.
  const shown = format ? format(value) : exact(value);
  if (spec.control === 'number') {
    // A number field: the arrow keys step it (each step applies), and any value can be typed,
    // which applies on Enter or on leaving the field, not at every keystroke (typing 3.7 ran seed
    // 3 on the way, and 1000000 ran 100000). The figure refuses a value outside the declaration
    // with a message saying what it takes, the field is marked invalid and keeps the text until
    // the reader leaves it, then shows the value in use again. Text that cannot be read as a
    // number ("-", "1e") is refused the same way; an empty field applies nothing.
    return (
      <div class="control control-number">
        <label for={id}>{spec.label}{locked && <Fixed />}</label>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          name={name}
          min={spec.min}
          max={spec.max}
          step={spec.step}
          value={editing ? undefined : value}
          disabled={disabled || locked}
          aria-invalid={refused || undefined}
          onFocus={() => setEditing(true)}
          onChange={(e) => {
            const field = e.currentTarget as HTMLInputElement;
            // validity.badInput: text the field cannot read as a number, so its value is ''.
            if (field.validity.badInput) setRefused(onInput(Number.NaN) === false);
            else if (field.value.trim() !== '') setRefused(onInput(Number(field.value)) === false);
            else setRefused(false); // emptied: nothing applied, nothing wrong
          }}
          onBlur={(e) => {
            setEditing(false);
            setRefused(false);
            (e.currentTarget as HTMLInputElement).value = String(value);
          }}
        />
      </div>
    );
  }
  const log = spec.scale === 'log';
  // A log slider's input holds log10 of the value; what it reports back is mapped to a value.
  const track = log ? logTrack(spec) : spec;
  return (
    <div class="control">
      <label for={id}>{log ? `${spec.label} (log scale)` : spec.label}{locked && <Fixed />}</label>
      <input
        id={id}
        type="range"
        name={name}
        min={track.min}
        max={track.max}
        step={track.step}
        value={log ? logPosition(value) : value}
        disabled={disabled || locked}
        aria-valuetext={spoken(`${shown}${spec.unit ? '\u00a0' + spec.unit : ''}`)}
        onInput={(e) => {
          const x = Number((e.currentTarget as HTMLInputElement).value);
          onInput(log ? logValue(x, spec) : x);
        }}
        // On a log scale the arrow keys step through round values (0.5, 0.6, 0.8, 1, 1.2 ...) and
        // Page Up / Page Down by a decade; Home and End keep the input's own ends.
        onKeyDown={log ? (e) => {
          const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[e.key] as 1 | -1 | undefined;
          const decade = { PageUp: 1, PageDown: -1 }[e.key] as 1 | -1 | undefined;
          if (!step && !decade) return;
          e.preventDefault();
          onInput(step ? niceStep(value, step, spec) : decadeStep(value, decade!, spec));
        } : undefined}
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
  const { hidden, locked } = useKnob(name);
  if (hidden) return null;
  return (
    <div class="control control-toggle">
      <label for={id}>
        <input id={id} type="checkbox" name={name} checked={value} disabled={locked} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} />{' '}
        {spec.label}
        {locked && <Fixed />}
      </label>
    </div>
  );
}

interface SelectProps {
  figureId: string;
  name: string;
  spec: ChoiceParam;
  value: string;
  /** False when the figure refused the value. */
  onChange: (value: string) => boolean | void;
  disabled?: boolean;
  /** Options that cannot be chosen now, each with a few words saying why ("in A"). */
  unavailable?: Record<string, string>;
}

export function Select({ figureId, name, spec, value, onChange, disabled, unavailable }: SelectProps) {
  const id = useControlId(figureId, name);
  const { hidden, locked } = useKnob(name);
  if (hidden) return null;
  return (
    <div class="control control-choice">
      <label for={id}>{spec.label}{locked && <Fixed />}</label>
      <select id={id} name={name} value={value} disabled={disabled || locked} onChange={(e) => {
        const el = e.currentTarget as HTMLSelectElement;
        // A value the figure refused (set from a script: no option has it, so the menu went blank)
        // shows the one still in use again; the figure's notice says why.
        if (onChange(el.value) === false) el.value = value;
      }}>
        {spec.options.map((o) => {
          // An option the figure cannot take now (another slot has it): shown, disabled, with why.
          const why = o.value !== value ? unavailable?.[o.value] : undefined;
          return <option value={o.value} key={o.value} disabled={!!why}>{why ? `${o.label} (${why})` : o.label}</option>;
        })}
      </select>
    </div>
  );
}

/** A read-only value shown in words for screen readers and everyone else. */
export function Readout({ label, value }: { label: string; value: Signal<string> | string }) {
  return (
    <p class="readout">
      <span class="readout-label">{label}</span> <strong><Spoken text={typeof value === 'string' ? value : value.value} /></strong>
    </p>
  );
}

/** What a generated control needs of a figure's useFigure() handle. */
export interface ControlHost<D extends ParamDecl> {
  figureId: string;
  decl: D;
  values: { value: ParamValues<D> };
  set(name: keyof D & string, raw: unknown): boolean;
}

interface ControlProps<D extends ParamDecl> {
  fig: ControlHost<D>;
  name: keyof D & string;
  /** For numbers: shown instead of the raw value. */
  format?: (v: number) => string;
  disabled?: boolean;
}

/**
 * The control for one parameter, its kind taken from the declaration: a slider for a number, a
 * select for a choice, a checkbox for a boolean. Setting it goes through the figure's checks.
 * An island lays its controls out with these and writes no wiring of its own.
 */
export function Control<D extends ParamDecl>({ fig, name, format, disabled }: ControlProps<D>) {
  const spec = fig.decl[name];
  if (!spec) throw new Error(`${fig.figureId}: no parameter "${name}" in its declaration`);
  const value = (fig.values.value as Record<string, unknown>)[name];
  const common = { figureId: fig.figureId, name };
  switch (spec.kind) {
    case 'number':
    case 'int':
      return <Slider {...common} spec={spec} value={value as number} format={format} disabled={disabled} onInput={(n) => fig.set(name, n)} />;
    case 'choice':
      return <Select {...common} spec={spec} value={value as string} disabled={disabled} onChange={(s) => fig.set(name, s)} />;
    case 'boolean':
      return <Toggle {...common} spec={spec} value={value as boolean} onChange={(b) => fig.set(name, b)} />;
    default:
      throw new Error(`${fig.figureId}: parameter "${name}" (${spec.kind}) has no generated control`);
  }
}

/** Several generated controls in a row, in the order given. */
export function Controls<D extends ParamDecl>({ fig, names }: { fig: ControlHost<D>; names: (keyof D & string)[] }) {
  return <>{names.map((name) => <Control key={name} fig={fig} name={name} />)}</>;
}

