// The public surface for authors: import figures and chapter apparatus from here in MDX.
//   import { LayerSpeeds } from '../../components/index.ts';
export { default as LayerSpeeds } from './figures/LayerSpeeds.astro';
export { default as IntervalWidth } from './figures/IntervalWidth.astro';
export { default as GradientBars } from './figures/GradientBars.astro';
export { default as IdentityNeuron } from './figures/IdentityNeuron.astro';
export { default as TrainingSpeeds } from './figures/TrainingSpeeds.astro';
export { default as DepthAccuracy } from './figures/DepthAccuracy.astro';
export { default as SigmoidPrime } from './figures/SigmoidPrime.astro';
export { default as ChainProduct } from './figures/ChainProduct.astro';
export { default as UnstableProduct } from './figures/UnstableProduct.astro';
