import { lazyOptionalPeer } from '../peer/lazy-optional-peer.js';
import type { OpenAiClient } from './openai-client.js';

/** Options of the `OpenAI` constructor the adapter passes. */
export interface OpenAiConstructorOptions {
  readonly apiKey: string;
  readonly baseURL?: string;
  readonly organization?: string;
  readonly maxRetries: number;
  readonly timeout: number;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** The slice of the `openai` module the adapter uses. */
export interface OpenAiModule {
  readonly OpenAI: new (options: OpenAiConstructorOptions) => OpenAiClient;
  readonly APIError: ErrorClass;
  readonly APIConnectionError: ErrorClass;
  readonly APIConnectionTimeoutError: ErrorClass;
  readonly APIUserAbortError: ErrorClass;
}

/**
 * Imports `openai` once, on first use (an optional peer: a missing package is a
 * `MissingPeerDependencyError` naming it; see `lazyOptionalPeer`).
 *
 * @example
 * ```ts
 * const { OpenAI } = await loadOpenAi();
 * ```
 */
export const loadOpenAi: () => Promise<OpenAiModule> =
  /* @__PURE__ */ lazyOptionalPeer<OpenAiModule>(
    'openai',
    'AI assistants on OpenAI',
    '@baltra/sdk/ai',
  );
