// Plain `tsc` cannot read .astro files (Astro's own checker can); this lets .ts files such as
// components/index.ts re-export Astro components. Their props are checked inside each component.
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
