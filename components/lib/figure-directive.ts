/**
 * `client:figure`: every figure island's hydration (the wrappers in components/figures/generated).
 * Like Astro's client:visible (it hydrates when the island comes within `rootMargin` of the
 * screen), and it also fetches the island's first paint, shipped as a file of its own
 * (components/lib/first-paint-store.ts says why), in parallel with the island's code, and
 * hydrates only once both are here: hydrating without it would replace the server-drawn figure
 * with an empty one. If the file cannot be had (a server that lost it, the network gone without
 * the service worker), the figure still hydrates, computes its result live, and says why in the
 * console.
 */
import type { ClientDirective } from 'astro';
import { putFirstPaint, type FirstPaintRef } from './first-paint-store';

export interface FigureDirectiveOptions {
  rootMargin?: string;
  firstPaint?: FirstPaintRef;
}

async function fetchFirstPaint(ref: FirstPaintRef): Promise<void> {
  try {
    const response = await fetch(ref.src);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    putFirstPaint(ref.key, await response.json());
  } catch (error) {
    console.warn(`Figure first paint ${ref.src} could not be loaded (${error instanceof Error ? error.message : error}); the figure computes it instead.`);
  }
}

/** Keys that move focus or leave a control, which the not-yet-live controls let through. */
const PASS_KEYS = new Set(['Tab', 'Shift', 'Escape', 'Alt', 'Control', 'Meta']);
/** The browser's own shortcuts (F5, Ctrl+F, Alt+Left, ...) are the page's, not the control's. */
const isShortcut = (e: KeyboardEvent) => e.ctrlKey || e.metaKey || e.altKey || /^F\d+$/.test(e.key);
/**
 * What changes a control: swallowed while its island is not live (see FigureFrame's fieldset).
 * touchstart too: on a phone, cancelling pointerdown does not stop a range input following a tap.
 */
const INPUT_EVENTS = ['keydown', 'beforeinput', 'pointerdown', 'mousedown', 'touchstart', 'click', 'wheel'] as const;

const figureDirective: ClientDirective = (load, options, el) => {
  const value = (typeof options.value === 'object' && options.value ? options.value : {}) as FigureDirectiveOptions;
  let started: Promise<void> | undefined;
  const start = () =>
    (started ??= (async () => {
      io.disconnect();
      const data = value.firstPaint ? fetchFirstPaint(value.firstPaint) : undefined;
      const hydrate = await load();
      await data;
      await hydrate();
      await pressAgain();
      // Live now (the render after hydration marks the fieldset so): the guards have done their part.
      el.removeEventListener('focusin', onFocus);
      for (const type of INPUT_EVENTS) el.removeEventListener(type, guard, { capture: true });
    })());
  const io = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void start();
    },
    { rootMargin: value.rootMargin },
  );
  for (const child of el.children) io.observe(child);
  // Before the island is live its controls are in the tab order but do nothing: a reader who
  // reaches one (Tab, a click, a screen reader's cursor) hydrates the island at once, and what
  // they pressed meanwhile is swallowed rather than shown and then undone by hydration.
  const notLive = (e: Event) => e.target instanceof Element && !!e.target.closest('fieldset.figure-live[data-live="false"]');
  // A button pressed meanwhile (Start, Reset, a download) is pressed again once the island is
  // live: a button's press means the same before and after, so the reader need not press it twice
  // (a menu's or a slider's input is not replayed: the value it would set may have moved).
  let pressed: HTMLButtonElement | undefined;
  const pressAgain = async () => {
    const button = pressed;
    pressed = undefined;
    if (!button) return;
    const live = () => button.closest('fieldset.figure-live')?.getAttribute('data-live') === 'true';
    for (let frame = 0; frame < 120 && !live(); frame++) await new Promise((r) => requestAnimationFrame(r));
    if (live() && button.isConnected && !button.disabled) button.click();
  };
  const guard = (e: Event) => {
    if (!notLive(e)) return;
    if (e instanceof KeyboardEvent && (PASS_KEYS.has(e.key) || isShortcut(e))) return;
    e.preventDefault();
    e.stopPropagation();
    const button = e.target instanceof Element ? e.target.closest('button') : null;
    if (button && (e.type === 'click' || (e instanceof KeyboardEvent && (e.key === 'Enter' || e.key === ' ')))) pressed = button;
    void start();
  };
  const onFocus = (e: Event) => {
    if (notLive(e)) void start();
  };
  el.addEventListener('focusin', onFocus);
  for (const type of INPUT_EVENTS) el.addEventListener(type, guard, { capture: true, passive: false });
  // A figure the page's link sets (?layer-speeds.hidden=8) goes live at once rather than when the
  // reader comes near it: the link is about that figure, and until it is live it shows the
  // server's drawing of the defaults, which is what a page printed or saved straight away showed.
  const figure = el.querySelector<HTMLElement>('figure[data-figure][id^="fig-"]');
  const prefix = figure ? `${figure.id.slice('fig-'.length)}.` : undefined;
  if (prefix && [...new URLSearchParams(location.search).keys()].some((key) => key.startsWith(prefix))) void start();
};

export default figureDirective;
