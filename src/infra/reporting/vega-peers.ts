import { lazyOptionalPeer } from '../peer/lazy-optional-peer.js';

/** The slice of `vega`'s module the chart renderer uses (declared here: no peer in .d.ts). */
export interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (
    runtime: unknown,
    options: { renderer: 'none' },
  ) => { toSVG(): Promise<string>; finalize(): void };
  expressionFunction(name: string, fn: (...args: never[]) => unknown): unknown;
}

/** The slice of `vega-lite`'s module the chart renderer uses. */
export interface VegaLiteModule {
  compile(spec: unknown, options?: { logger?: unknown }): { spec: unknown };
}

const FEATURE = 'SVG charts in reports';
const ENTRY = '@baltra/sdk/reporting';

export const loadVega = lazyOptionalPeer<VegaModule>('vega', FEATURE, ENTRY);
export const loadVegaLite = lazyOptionalPeer<VegaLiteModule>('vega-lite', FEATURE, ENTRY);
