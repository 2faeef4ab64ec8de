import { lazyOptionalPeer } from '../peer/lazy-optional-peer.js';

/** The slice of a `FacebookAdsApi` instance the adapters use. */
export interface MetaApi {
  /** With a string path the SDK requests that URL as is. */
  call(method: 'GET', path: string): Promise<unknown>;
}

/** The slice of the `FacebookAdsApi` class the adapters use. */
export interface MetaApiClass {
  readonly GRAPH: string;
  init(accessToken: string, locale: string | undefined, crashLog: boolean): MetaApi;
}

/** The slice of `facebook-nodejs-business-sdk` the adapters use. */
export interface MetaSdk {
  readonly FacebookAdsApi: MetaApiClass;
}

const metaModule = /* @__PURE__ */ lazyOptionalPeer<MetaSdk & { default?: MetaSdk }>(
  'facebook-nodejs-business-sdk',
  'Meta lead ads and ad spend',
  '@baltra/sdk/meta',
);

/**
 * Imports `facebook-nodejs-business-sdk` once, on first use (it takes ~240 ms to load, and it
 * is an optional peer: a missing package is a `MissingPeerDependencyError` naming it).
 *
 * @example
 * ```ts
 * const { FacebookAdsApi } = await loadMetaSdk();
 * const api = FacebookAdsApi.init(token, undefined, false);
 * ```
 */
export async function loadMetaSdk(): Promise<MetaSdk> {
  const module = await metaModule();
  // A CommonJS module: its exports are `default` of the namespace.
  return module.default ?? module;
}
