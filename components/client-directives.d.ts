// The props of the site's own client directive, for editors and Astro's checker: every figure
// wrapper hydrates with client:figure (components/lib/figure-directive.ts).
import type { FigureDirectiveOptions } from './lib/figure-directive';

declare module 'astro' {
  interface AstroClientDirectives {
    'client:figure'?: FigureDirectiveOptions;
  }
}
