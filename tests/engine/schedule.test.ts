// The pause gate of long runs: a paused loop really stops (no iterations while paused), carries on
// where it was after resume, and a cancel while paused ends it at once.
import { describe, expect, it } from 'vitest';
import { createGate, createPauser } from '../../engine/schedule';
import { isAbortError } from '../../engine/index';

/** A loop that counts iterations, yielding through the pauser as training does. */
async function loop(counter: { n: number }, pause: () => Promise<void> | void, until: number) {
  while (counter.n < until) {
    counter.n++;
    const p = pause();
    if (p) await p;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pause gate', () => {
  it('holds the loop while paused and lets it finish after resume', async () => {
    const gate = createGate();
    const counter = { n: 0 };
    // intervalMs 0: yield on every call, so a pause takes effect at the next iteration.
    const done = loop(counter, createPauser(undefined, 0, gate), 1e9);
    await sleep(20);
    gate.pause();
    await sleep(20);
    const atPause = counter.n;
    await sleep(100);
    // Paused: not a single iteration in 100 ms (a running loop does thousands).
    expect(counter.n).toBe(atPause);
    gate.resume();
    await sleep(20);
    expect(counter.n).toBeGreaterThan(atPause);
    counter.n = 1e9; // let it end
    await done;
  });

  it('a cancel while paused rejects with an AbortError without waiting for resume', async () => {
    const gate = createGate();
    const controller = new AbortController();
    const counter = { n: 0 };
    gate.pause();
    const done = loop(counter, createPauser(controller.signal, 0, gate), 1e9).then(() => null, (e) => e);
    await sleep(20);
    expect(counter.n).toBe(1); // one step, then it waits at the gate
    controller.abort();
    expect(isAbortError(await done)).toBe(true);
  });

  it('without a gate the pauser behaves as before: yields at most every interval', async () => {
    const pause = createPauser(undefined, 1e6);
    expect(pause()).toBeUndefined();
  });
});
