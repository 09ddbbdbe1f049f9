/**
 * The chapter's figures are left out of the first layout and laid out in idle time after the
 * page has loaded, one at a time.
 *
 * chapter.css gives every live figure below the first section heading `content-visibility: auto`
 * until it carries data-laid-out. So the first layout is the top of the page only: on Lighthouse's
 * simulated phone the figures' SVGs and controls (about 1,800 layout objects, 50 ms here, four
 * times that there) no longer stand between the reader and the first line of text, nor the fonts
 * that only figures use (the figure face's semibold, italic and Greek), which the browser would
 * otherwise fetch, at its highest priority, while the page is still arriving.
 *
 * Why lay them out afterwards rather than leave them skipped until the reader scrolls near them,
 * as the paragraphs are: a skipped block takes the placeholder height of contain-intrinsic-size
 * (or the size it last had on screen), while a figure's content can be any height and changes as
 * it computes. Until it is laid out again its controls sit where the blocks after it are, which
 * audits of target size (axe, Lighthouse) report as buttons hidden by their neighbours. Laid out
 * once, in idle time, each figure has its true size for good, and each step is one figure's
 * layout (a few ms), never a long task. `html[data-figures-laid-out]` marks the end.
 */
const IDLE_MS_NEEDED = 8;

export function layOutFigures(): void {
  const pending = [...document.querySelectorAll<HTMLElement>('main > astro-island > figure:not([data-laid-out])')];
  const step = (deadline?: IdleDeadline) => {
    do {
      const figure = pending.shift();
      if (!figure) break;
      figure.dataset.laidOut = '';
      // Lay it out now, within this idle period, rather than all together in the next frame.
      figure.getBoundingClientRect();
    } while (deadline && deadline.timeRemaining() > IDLE_MS_NEEDED);
    if (pending.length) schedule();
    else document.documentElement.dataset.figuresLaidOut = '';
  };
  // Safari has no requestIdleCallback: a short timeout between figures instead.
  const schedule = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(step, { timeout: 2000 }) : setTimeout(step, 50));
  if (document.readyState === 'complete') schedule();
  else addEventListener('load', schedule, { once: true });
}
