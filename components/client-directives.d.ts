// The props of the site's own client directive, for editors and Astro's checker: every figure
// wrapper hydrates with client:figure (components/lib/figure-directive.ts); and the build's flag
// for shipping first paints as files.
import type { FigureDirectiveOptions } from './lib/figure-directive';

declare global {
  interface ImportMetaEnv {
    /** True in `astro build` (scripts/first-paint-files.mjs): figures' first paints ship as files. */
    readonly FIRST_PAINT_FILES?: boolean;
  }
}

declare module 'astro' {
  interface AstroClientDirectives {
    'client:figure'?: FigureDirectiveOptions;
  }
}
