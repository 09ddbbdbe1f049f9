/**
 * Cooperative scheduling for long runs: a training loop calls `pause()` between mini-batches; at
 * most every `intervalMs` it yields to the event loop so that a cancel or pause message can
 * arrive, then throws if the run was aborted, or waits while its gate is closed (the reader
 * pressed Pause, or the figure scrolled out of view). Not a scheduler of many jobs: that is the
 * engine client's job.
 */

export interface RunContext {
  signal?: AbortSignal;
  /** Called with the fraction done (0..1) and optional partial results. */
  onProgress?: (fraction: number, partial?: unknown) => void;
  /** While this gate is paused the run waits at its next yield (see createPauser). */
  gate?: PauseGate;
}

/**
 * A pause switch shared by a run and whoever controls it (the worker, on a message from the
 * page). Pausing costs nothing while open; a paused run holds no CPU: it awaits `opened()`.
 *
 *   open --pause()--> paused --resume()--> open      (abort while paused: the run throws)
 */
export interface PauseGate {
  readonly paused: boolean;
  pause(): void;
  resume(): void;
  /** Resolves when the gate is (or becomes) open. */
  opened(): Promise<void>;
}

export function createGate(): PauseGate {
  let paused = false;
  let waiting: (() => void)[] = [];
  return {
    get paused() {
      return paused;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      for (const wake of waiting.splice(0)) wake();
    },
    opened() {
      return paused ? new Promise<void>((r) => waiting.push(r)) : Promise.resolve();
    },
  };
}

/** A macrotask boundary without setTimeout's 4 ms clamp (MessageChannel exists in Node and workers). */
function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

export function abortError(): Error {
  const e = new Error('the run was cancelled');
  e.name = 'AbortError';
  return e;
}

/** Any AbortError: ours, a DOMException from an AbortSignal, or one rebuilt after crossing a worker boundary. */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

/** Waits for the gate to open, or rejects as soon as the run is aborted. */
function waitForGate(gate: PauseGate, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return gate.opened();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    gate.opened().then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/**
 * Returns pause(): cheap to call often; yields and checks for abort only every intervalMs, and
 * while `gate` is paused it does not return until the gate opens again (or the run is aborted).
 */
export function createPauser(signal: AbortSignal | undefined, intervalMs = 40, gate?: PauseGate): () => Promise<void> | void {
  let last = performance.now();
  return () => {
    if (signal?.aborted) throw abortError();
    const now = performance.now();
    if (now - last < intervalMs && !gate?.paused) return;
    return yieldToEventLoop().then(async () => {
      if (signal?.aborted) throw abortError();
      if (gate?.paused) await waitForGate(gate, signal);
      last = performance.now();
      if (signal?.aborted) throw abortError();
    });
  };
}
