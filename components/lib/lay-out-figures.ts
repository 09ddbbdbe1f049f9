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
 *
 * Then, the same way, the text blocks that hold something to click or focus (a link, a solution's
 * summary): inside a skipped block Chromium keeps the positions such elements had before the
 * figures above them took their true heights, so an audit of target sizes (Lighthouse's, axe's)
 * found a citation link "covering" a figure's button 900 px below where the link really is.
 * `html[data-blocks-laid-out]` marks the end of that.
 */
const IDLE_MS_NEEDED = 8;
/**
 * At most this long per idle callback (ms), however much idle time is left: on a phone four times
 * slower than this machine a step stays well under the 50 ms of a long task.
 */
const STEP_MS = 10;

/** The skipped text blocks (chapter.css) with a link, button, field or summary inside. */
const TARGETS = 'a[href], button, input, select, textarea, summary';
const blocksWithTargets = () =>
  [...document.querySelectorAll<HTMLElement>('main > .toc ~ h2 ~ :is(p, div, details, ol, ul):not([data-laid-out])')].filter((el) => el.querySelector(TARGETS));

export function layOutFigures(): void {
  const pending = [...document.querySelectorAll<HTMLElement>('main > astro-island > figure:not([data-laid-out])')];
  let blocks: HTMLElement[] | null = null;
  const step = (deadline?: IdleDeadline) => {
    const start = performance.now();
    do {
      const next = pending.shift();
      if (!next) break;
      next.dataset.laidOut = '';
      // Lay it out now, within this idle period, rather than all together in the next frame.
      next.getBoundingClientRect();
      // Text blocks one per callback: many, each small, and none of them urgent.
    } while (blocks === null && deadline && deadline.timeRemaining() > IDLE_MS_NEEDED && performance.now() - start < STEP_MS);
    if (pending.length) return schedule();
    const root = document.documentElement.dataset;
    if (blocks === null) {
      root.figuresLaidOut = '';
      pending.push(...(blocks = blocksWithTargets()));
      if (pending.length) return schedule();
    }
    root.blocksLaidOut = '';
  };
  // Safari has no requestIdleCallback: a short timeout between figures instead.
  const schedule = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(step, { timeout: 2000 }) : setTimeout(step, 50));
  if (document.readyState === 'complete') schedule();
  else addEventListener('load', schedule, { once: true });
}
