/**
 * Cooperative scheduling for long runs: a training loop calls `pause()` between mini-batches; at
 * most every `intervalMs` it yields to the event loop so that a cancel message can arrive, then
 * throws if the run was aborted. Not a scheduler of many jobs: that is the engine client's job.
 */

export interface RunContext {
  signal?: AbortSignal;
  /** Called with the fraction done (0..1) and optional partial results. */
  onProgress?: (fraction: number, partial?: unknown) => void;
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

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** Returns pause(): cheap to call often; yields and checks for abort only every intervalMs. */
export function createPauser(signal: AbortSignal | undefined, intervalMs = 40): () => Promise<void> | void {
  let last = performance.now();
  return () => {
    if (signal?.aborted) throw abortError();
    const now = performance.now();
    if (now - last < intervalMs) return;
    return yieldToEventLoop().then(() => {
      last = performance.now();
      if (signal?.aborted) throw abortError();
    });
  };
}
