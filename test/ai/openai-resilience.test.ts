import { CircuitOpenError } from '@baltra/sdk';
import { type OpenAiAssistant, type OpenAiClient, OpenAiError } from '@baltra/sdk/ai';
import { aRawLead, expectBaltraError } from '@baltra/sdk/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anAssistant, TEST_KEY } from './support/assistant-fixtures.js';
import { FakeOpenAiServer } from './support/fake-openai-server.js';

let fake: FakeOpenAiServer;

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const rateLimited = (headers: Record<string, string>) =>
  ({ kind: 'error', status: 429, code: 'rate_limit_exceeded', headers }) as const;
const qualify = (assistant: OpenAiAssistant) => assistant.qualifyLead({ lead: aRawLead() });

describe('OpenAiAssistant under a 429 storm (injected sleep, no real waiting)', () => {
  it('waits as long as retry-after asks before each retry, then succeeds', async () => {
    // Prepare
    fake.reply(rateLimited({ 'retry-after': '7' }), 2).answer({ score: 70, reason: 'Fits.' });
    const { assistant, sleeps, events } = anAssistant(fake);

    // Act
    const result = await qualify(assistant);

    // Assess
    expect(result.score).toBe(70);
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([7_000, 7_000]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'retry', attempt: 1, delayMs: 7_000, error: 'RATE_LIMITED' }),
    );
  });

  it("prefers OpenAI's retry-after-ms and never waits less than the backoff", async () => {
    // Prepare
    fake
      .reply(rateLimited({ 'retry-after-ms': '1500', 'retry-after': '2' }))
      .reply(rateLimited({ 'retry-after-ms': '10' }))
      .answer({ score: 10, reason: 'Far away.' });
    const { assistant, sleeps } = anAssistant(fake, { retry: { initialDelayMs: 400 } });

    // Act
    await qualify(assistant);

    // Assess: backoff with random 0.5 is 400 × 0.75 = 300, then 600.
    expect(sleeps).toEqual([1_500, 600]);
  });

  it('gives up after maxRetries with RATE_LIMITED, then the open breaker fails fast without a request', async () => {
    // Prepare
    fake.replyByDefault(rateLimited({ 'retry-after': '3' }));
    const { assistant, sleeps, events } = anAssistant(fake, {
      retry: { maxRetries: 3 },
      breaker: { consecutiveFailures: 4, halfOpenAfterMs: 60_000 },
    });

    // Act
    const first = await expectBaltraError(qualify(assistant), 'RATE_LIMITED');
    const second = await expectBaltraError(qualify(assistant), 'CIRCUIT_OPEN');

    // Assess
    expect(first).toBeInstanceOf(OpenAiError);
    expect((first as OpenAiError).retryAfterMs).toBe(3_000);
    expect(second).toBeInstanceOf(CircuitOpenError);
    expect(fake.requests).toHaveLength(4);
    expect(sleeps).toEqual([3_000, 3_000, 3_000]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'circuit-state', state: 'open' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'give-up', error: 'RATE_LIMITED' }),
    );
  });

  it('throws at once when retry-after is longer than maxRetryAfterMs, for the caller to reschedule', async () => {
    // Prepare
    fake.reply(rateLimited({ 'retry-after': '120' }));
    const { assistant, sleeps } = anAssistant(fake, { retry: { maxRetryAfterMs: 60_000 } });

    // Act
    const error = await expectBaltraError(qualify(assistant), 'RATE_LIMITED');

    // Assess
    expect((error as OpenAiError).retryAfterMs).toBe(120_000);
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('records each rate-limited request on the duration histogram', async () => {
    // Prepare
    fake.reply(rateLimited({ 'retry-after': '1' })).answer({ score: 1, reason: 'No.' });
    const { assistant, telemetry } = anAssistant(fake);

    // Act
    await qualify(assistant);

    // Assess
    expect(
      telemetry.named('ai_request_duration_seconds').map((point) => point.attributes.outcome),
    ).toEqual(['rate_limited', 'success']);
  });
});

describe('OpenAiAssistant: other failures', () => {
  it('retries a 5xx with exponential backoff and jitter', async () => {
    // Prepare
    fake.reply({ kind: 'error', status: 503 }, 2).answer({ score: 90, reason: 'Great fit.' });
    const { assistant, sleeps } = anAssistant(fake, { retry: { initialDelayMs: 100 } });

    // Act
    const result = await qualify(assistant);

    // Assess
    expect(result.score).toBe(90);
    expect(sleeps).toEqual([75, 150]);
  });

  it.each([
    [401, 'AI_AUTH_FAILED'],
    [403, 'AI_AUTH_FAILED'],
    [400, 'AI_REQUEST_REJECTED'],
    [404, 'AI_REQUEST_REJECTED'],
  ] as const)(
    'does not retry a %i (%s) and keeps the key out of the error',
    async (status, code) => {
      // Prepare
      fake.reply({ kind: 'error', status, message: `Incorrect API key provided: ${TEST_KEY}` });
      const { assistant, sleeps } = anAssistant(fake);

      // Act
      const error = await expectBaltraError(qualify(assistant), code);

      // Assess
      expect(fake.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect((error as OpenAiError).status).toBe(status);
      expect((error as OpenAiError).context).toMatchObject({ requestId: 'req_1' });
    },
  );

  it('times out a request that never answers (TIMEOUT), retrying it once', async () => {
    // Prepare
    fake.replyByDefault({ kind: 'hang' });
    const { assistant, telemetry } = anAssistant(fake, {
      timeoutMs: 100,
      retry: { maxRetries: 1 },
    });

    // Act
    await expectBaltraError(qualify(assistant), 'TIMEOUT');

    // Assess
    expect(fake.requests).toHaveLength(2);
    expect(
      telemetry.named('ai_request_duration_seconds').map((point) => point.attributes.outcome),
    ).toEqual(['timeout', 'timeout']);
  });

  it("turns off a given client's own retries: one request per attempt", async () => {
    // Prepare
    fake.replyByDefault({ kind: 'error', status: 500 });
    const client = new OpenAI({ apiKey: TEST_KEY, baseURL: fake.url }); // maxRetries 2 by default
    const { assistant } = anAssistant(fake, { client, retry: false });

    // Act
    await expectBaltraError(qualify(assistant), 'UPSTREAM_UNAVAILABLE');

    // Assess
    expect(fake.requests).toHaveLength(1);
  });

  it("honours the 429s of a client of the user's own making (any OpenAiClient)", async () => {
    // Prepare
    let calls = 0;
    const client: OpenAiClient = {
      chat: {
        completions: {
          create: async () => {
            calls += 1;
            if (calls === 1) {
              throw Object.assign(new Error('limited'), {
                status: 429,
                headers: new Headers({ 'retry-after': '2' }),
              });
            }
            return {
              model: 'own',
              choices: [
                { finish_reason: 'stop', message: { content: '{"score":5,"reason":"Ok."}' } },
              ],
            };
          },
        },
      },
    };
    const { assistant, sleeps } = anAssistant(fake, { client });

    // Act
    const result = await qualify(assistant);

    // Assess
    expect(result).toEqual({ score: 5, reason: 'Ok.' });
    expect(sleeps).toEqual([2_000]);
    expect(fake.requests).toHaveLength(0);
  });

  it('reports a server that cannot be reached as UPSTREAM_UNAVAILABLE', async () => {
    // Prepare
    const closed = await FakeOpenAiServer.start();
    const url = closed.url;
    await closed.close();
    const { assistant, sleeps } = anAssistant(fake, { baseURL: url, retry: { maxRetries: 1 } });

    // Act
    await expectBaltraError(qualify(assistant), 'UPSTREAM_UNAVAILABLE');

    // Assess
    expect(sleeps).toHaveLength(1);
  });
});
