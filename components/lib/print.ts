/**
 * Printing (or saving as PDF) opens every closed <details> of the page, so the solutions and
 * hints reach the paper, and closes them again afterwards, leaving each as the reader had it.
 * Figures' "Data behind figure N" tables stay as they are: the print stylesheet shows the plot
 * itself and hides that table (a long list of numbers per figure is not worth the pages).
 * Loaded as a module script by both layouts; the rest of printing is CSS (@media print in
 * theme.css, chapter.css and figures.css).
 */

const opened: HTMLDetailsElement[] = [];

/** Opens the closed ones and remembers which, to close them again. */
function openAll(): void {
  document.querySelectorAll<HTMLDetailsElement>('details:not([open]):not(.figure-data)').forEach((d) => {
    d.open = true;
    opened.push(d);
  });
}

function restore(): void {
  for (const d of opened.splice(0)) d.open = false;
}

window.addEventListener('beforeprint', openAll);
window.addEventListener('afterprint', restore);
