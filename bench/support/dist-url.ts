// Where benchmarks load the SDK from: the built package (bench/run.ts builds first), as
// services get it; BENCH_DIST points at another build (an older one, for a before/after).
const distRoot = process.env.BENCH_DIST ?? new URL('../../dist/', import.meta.url).pathname;

/** The file URL of `path` inside the build being measured. */
export function distUrl(path: string): string {
  return new URL(path, `file://${distRoot.replace(/\/?$/, '/')}`).href;
}
