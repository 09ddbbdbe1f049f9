// The public surface for authors: import figures and chapter apparatus from here in MDX, e.g.
//   import { LayerSpeeds, Eq, Cite } from '../../components';
// Each figure takes `caption`, `id`, `hide`, `lock` and its own parameters (seed and the like) as
// props; a wrong or unknown prop fails the build with the figure and prop named.

// Chapter apparatus
export { default as Eq } from './chapter/Eq.astro';
export { default as Display } from './chapter/Display.astro';
export { default as Cite } from './chapter/Cite.astro';
export { default as References } from './chapter/References.astro';
export { default as Toc } from './chapter/Toc.astro';

// Live figures: every island in components/figures/, with its build-time wrapper, found by
// scripts/generate-registries.mjs (so a new figure needs no line here).
export * from './figures.generated';
