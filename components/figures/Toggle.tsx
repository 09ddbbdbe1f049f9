/**
 * A labelled native checkbox for a boolean parameter (figure overlays). Lives beside Controls.tsx
 * rather than in it only because that file belongs to the shared frame; same conventions.
 */
import type { BoolParam } from '../../engine/params';

let uid = 0;

interface ToggleProps {
  figureId: string;
  name: string;
  spec: BoolParam;
  value: boolean;
  onChange: (value: boolean) => void;
}

export function Toggle({ figureId, name, spec, value, onChange }: ToggleProps) {
  const id = `${figureId}-${name}-t${++uid}`;
  return (
    <div class="control control-toggle">
      <label for={id}>
        <input id={id} type="checkbox" name={name} checked={value} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} />{' '}
        {spec.label}
      </label>
    </div>
  );
}
