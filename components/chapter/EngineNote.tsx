/**
 * The page's one note about the engine: shown when a worker runs on the slower TypeScript
 * reference engine (no WebAssembly SIMD here, or ?engine=reference in the link), once per page
 * however many figures compute, until the reader dismisses it. A status line at the foot of the
 * window, so it is seen from whichever figure started the first worker, and hidden in print.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { onEngineNotice } from '../lib/engine-client';

export default function EngineNote() {
  const text = useSignal('');
  const dismissed = useSignal(false);
  useEffect(() => onEngineNotice((t) => (text.value = t)), []);
  const shown = !!text.value && !dismissed.value;
  // The live region is there (empty) from the start, so that screen readers announce the note.
  return (
    <div class="engine-note" role="status" data-shown={shown || undefined}>
      {shown && (
        <>
          <p>{text.value}</p>
          <button type="button" onClick={() => (dismissed.value = true)}>Dismiss</button>
        </>
      )}
    </div>
  );
}
