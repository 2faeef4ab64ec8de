import * as openai from 'openai';
import { describe, expect, it } from 'vitest';
import type { OpenAiModule } from '../../src/infra/ai/load-openai.js';
import { OpenAiError } from '../../src/infra/ai/openai-error.js';
import { translateOpenAiError } from '../../src/infra/ai/translate-openai-error.js';

const module = openai as unknown as OpenAiModule;
const NOW = Date.parse('2026-12-07T00:00:00Z');
const rateLimited = (headers: Record<string, string>) =>
  openai.APIError.generate(429, { message: 'slow down' }, undefined, new Headers(headers));

describe('translateOpenAiError', () => {
  it.each([
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': '3' }, 3_000],
    [{ 'retry-after': 'Mon, 07 Dec 2026 00:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('reads the wait of a 429 from %o', (headers, expected) => {
    // Act
    const error = translateOpenAiError(rateLimited(headers), module, NOW);

    // Assess
    expect(error).toBeInstanceOf(OpenAiError);
    expect((error as OpenAiError).code).toBe('RATE_LIMITED');
    expect((error as OpenAiError).retryAfterMs).toBe(expected);
  });

  it('masks what the message repeats', () => {
    // Prepare
    const error = openai.APIError.generate(
      400,
      { message: "Invalid 'messages': ana.perez@example.com" },
      undefined,
      new Headers(),
    );

    // Act
    const translated = translateOpenAiError(error, module, NOW) as OpenAiError;

    // Assess
    expect(translated.code).toBe('AI_REQUEST_REJECTED');
    expect(translated.message).not.toContain('ana.perez');
  });

  it("translates a status-bearing error of a user's own client by its status", () => {
    // Prepare
    const own = Object.assign(new Error('busy'), {
      status: 503,
      headers: { 'retry-after': '1' }, // a plain object: no get()
    });

    // Act
    const translated = translateOpenAiError(own, undefined, NOW) as OpenAiError;

    // Assess
    expect(translated.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(translated.retryable).toBe(true);
  });

  it("leaves a caller's abort and foreign errors as they are", () => {
    // Prepare
    const abort = new openai.APIUserAbortError();
    const foreign = new TypeError('boom');

    // Act + Assess
    expect(translateOpenAiError(abort, module, NOW)).toBe(abort);
    expect(translateOpenAiError(foreign, module, NOW)).toBe(foreign);
  });

  it('makes a connection timeout TIMEOUT and a lost connection UPSTREAM_UNAVAILABLE', () => {
    // Act
    const timeout = translateOpenAiError(new openai.APIConnectionTimeoutError(), module, NOW);
    const lost = translateOpenAiError(
      new openai.APIConnectionError({ message: 'Connection error.' }),
      module,
      NOW,
    );

    // Assess
    expect((timeout as OpenAiError).code).toBe('TIMEOUT');
    expect((lost as OpenAiError).code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
