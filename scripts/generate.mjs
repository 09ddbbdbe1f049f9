// Everything generated from the sources before the engine or the site can be used: the registries
// (scripts/generate-registries.mjs), then the WebAssembly kernels (scripts/build-kernels.mjs, which
// skips itself when up to date). `node scripts/generate.mjs` is what build, dev, typecheck,
// experiment, bench and the unit tests' setup run.
await import('./generate-registries.mjs');
await import('./build-kernels.mjs');
