/**
 * A range input laid out on a log scale, for a positive NumberParam declared with scale: 'log'
 * (Controls.tsx's Slider is linear). The thumb moves in steps of 0.01 in log10; the value it sets is
 * rounded to three significant figures so that links and readouts stay short.
 */
import type { NumberParam } from '../../engine/params';

let uid = 0;
const STEP = 0.01;

interface LogSliderProps {
  figureId: string;
  name: string;
  spec: NumberParam;
  value: number;
  onInput: (value: number) => void;
  format?: (v: number) => string;
}

export function LogSlider({ figureId, name, spec, value, onInput, format }: LogSliderProps) {
  const id = `${figureId}-${name}-log${++uid}`;
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
        step={STEP}
        value={Math.log10(value)}
        aria-valuetext={`${shown}${spec.unit ? ' ' + spec.unit : ''}`}
        onInput={(e) => onInput(toValue(Number((e.currentTarget as HTMLInputElement).value)))}
      />
      <output for={id} aria-hidden="true">{shown}</output>
    </div>
  );
}
