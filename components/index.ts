// The public surface for authors: import figures and chapter apparatus from here in MDX, e.g.
//   import { LayerSpeeds, Eq, Cite } from '../../components/index.ts';
// Each figure takes `number`, `caption` and its own parameters (seed and the like) as props;
// a wrong or unknown prop fails the build with the figure and prop named.

// Chapter apparatus
export { default as Eq } from './chapter/Eq.astro';
export { default as Cite } from './chapter/Cite.astro';
export { default as References } from './chapter/References.astro';
export { default as Toc } from './chapter/Toc.astro';

// Live figures, in the order the chapter uses them
export { default as DepthAccuracy } from './figures/DepthAccuracy.astro';
export { default as GradientBars } from './figures/GradientBars.astro';
export { default as LayerSpeeds } from './figures/LayerSpeeds.astro';
export { default as TrainingSpeeds } from './figures/TrainingSpeeds.astro';
export { default as SigmoidPrime } from './figures/SigmoidPrime.astro';
export { default as ChainProduct } from './figures/ChainProduct.astro';
export { default as UnstableProduct } from './figures/UnstableProduct.astro';
export { default as IntervalWidth } from './figures/IntervalWidth.astro';
export { default as IdentityNeuron } from './figures/IdentityNeuron.astro';
