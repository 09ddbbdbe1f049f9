// The time a running figure says it has left (use-figure.ts), from its recent progress.

/** Where a run (or its resumption) began, and its recent progress readings. */
export interface RunAnchor {
  t: number;
  f: number;
  seen: { t: number; f: number }[];
}

/** The stretch of a run that the time left is extrapolated from: its last few seconds. */
const RATE_WINDOW_MS = 5000;

/**
 * Time left from the progress over the last RATE_WINDOW_MS since `anchor` (reset at each start and
 * resume, so paused time does not count): null until there is enough to extrapolate from. Not
 * from the start: progress is not always steady (a race's network that blows up in its first
 * epoch has the rest of its share counted done at once, a jump of a fifth), and an average over
 * the whole run kept saying "about 5 s left" for 14 s. `anchor.seen` holds the recent readings.
 */
export function estimateLeft(anchor: RunAnchor, f: number, now: number): number | null {
  anchor.seen.push({ t: now, f });
  // Readings that left the window go, but for the last one before it: the window's start.
  while (anchor.seen.length > 1 && anchor.seen[1].t <= now - RATE_WINDOW_MS) anchor.seen.shift();
  let base: { t: number; f: number } = anchor.seen[0].t <= now - RATE_WINDOW_MS ? anchor.seen[0] : anchor;
  // A run of more than about 17 minutes moves less than half a percent in the window: then the
  // whole run since the anchor is what there is to go by.
  if (f - base.f < 0.005) base = anchor;
  const dt = now - base.t;
  const df = f - base.f;
  if (dt < 1000 || df < 0.005) return null;
  return ((1 - f) * dt) / df;
}
