import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { JwtVerifier } from '../../src/shared/auth/jwt-verifier.js';
import { createServiceTokenProvider } from '../../src/shared/auth/service-token-provider.js';
import { runWithContext } from '../../src/shared/context/execution-context.js';
import { HostCircuitBreakers } from '../../src/shared/http/host-circuit-breakers.js';
import { HttpClientError } from '../../src/shared/http/http-client-error.js';
import { ResponseValidationError } from '../../src/shared/http/response-validation-error.js';
import { createServiceClient } from '../../src/shared/http/service-client.js';
import { parseTraceparent } from '../../src/shared/http/trace-context.js';
import { CircuitOpenError } from '../../src/shared/resilience/circuit-open-error.js';
import { OperationTimeoutError } from '../../src/shared/resilience/operation-timeout-error.js';
import { json, type StubServer, startStubServer } from './support/stub-server.js';

const candidate = z.object({ id: z.string(), stage: z.string() });
const FAST_RETRY = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 };
const servers: StubServer[] = [];

async function stub(...args: Parameters<typeof startStubServer>): Promise<StubServer> {
  const server = await startStubServer(...args);
  servers.push(server);
  return server;
}

/** 503 for the first `failures` requests, then a candidate envelope. */
const flaky = (failures: number) =>
  (async () =>
    stub((_hit, res, index) => {
      if (index < failures)
        json(res, 503, { ok: false, error: { code: 'INTERNAL', message: 'down' } });
      else json(res, 200, { ok: true, data: { id: 'c-1', stage: 'applied' } });
    }))();

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('ServiceClient retries', () => {
  it('retries a GET on 503 and returns the validated data', async () => {
    // Prepare
    const server = await flaky(2);
    const client = createServiceClient({ baseUrl: server.url, retry: FAST_RETRY });

    // Act
    const result = await client.get('/candidates/c-1', candidate);

    // Assess
    expect(result).toEqual({ id: 'c-1', stage: 'applied' });
    expect(server.hits.map((hit) => `${hit.method} ${hit.url}`)).toEqual([
      'GET /v1/candidates/c-1',
      'GET /v1/candidates/c-1',
      'GET /v1/candidates/c-1',
    ]);
  });

  it('does not retry a POST without an idempotency key', async () => {
    // Prepare
    const server = await flaky(2);
    const client = createServiceClient({ baseUrl: server.url, retry: FAST_RETRY });

    // Act
    const outcome = await client
      .post('/candidates', { name: 'Ana' }, candidate)
      .catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(HttpClientError);
    expect(outcome).toMatchObject({
      status: 503,
      remoteCode: 'INTERNAL',
      code: 'UPSTREAM_HTTP_ERROR',
    });
    expect(server.hits).toHaveLength(1);
  });

  it('retries a POST that carries an idempotency key, sending the same key each time', async () => {
    // Prepare
    const server = await flaky(1);
    const client = createServiceClient({ baseUrl: server.url, retry: FAST_RETRY });

    // Act
    await client.post('/candidates', { name: 'Ana' }, candidate, { idempotencyKey: 'lead-42' });

    // Assess
    expect(server.hits.map((hit) => hit.headers['idempotency-key'])).toEqual([
      'lead-42',
      'lead-42',
    ]);
    expect(server.hits.map((hit) => JSON.parse(hit.body))).toEqual([
      { name: 'Ana' },
      { name: 'Ana' },
    ]);
  });

  it('never retries a 4xx', async () => {
    // Prepare
    const server = await stub((_hit, res) =>
      json(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'no' } }),
    );
    const client = createServiceClient({ baseUrl: server.url, retry: FAST_RETRY });

    // Act
    const outcome = await client.get('/candidates/x', candidate).catch((error: unknown) => error);

    // Assess
    expect(outcome).toMatchObject({ status: 404, remoteCode: 'NOT_FOUND', retryable: false });
    expect(server.hits).toHaveLength(1);
  });

  it('reports an unreachable host as UPSTREAM_UNAVAILABLE after retrying', async () => {
    // Prepare
    const server = await stub((_hit, res) => json(res, 200, {}));
    const url = server.url;
    await server.close();
    const client = createServiceClient({ baseUrl: url, retry: { ...FAST_RETRY, maxRetries: 1 } });

    // Act
    const outcome = await client.get('/candidates/x', candidate).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(HttpClientError);
    expect(outcome).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      status: undefined,
      retryable: true,
    });
  });
});

describe('ServiceClient circuit breaker (one per host)', () => {
  it('opens after consecutive failures, fails fast, and a single half-open trial closes it', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    let healthy = false;
    let releaseTrial: () => void = () => undefined;
    const trialHeld = new Promise<void>((resolve) => {
      releaseTrial = resolve;
    });
    const server = await stub(async (_hit, res) => {
      if (!healthy) return json(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'x' } });
      await trialHeld;
      json(res, 200, { ok: true, data: { id: 'c-1', stage: 'applied' } });
    });
    const breakers = new HostCircuitBreakers({ consecutiveFailures: 2, halfOpenAfterMs: 1000 });
    const client = createServiceClient({ baseUrl: server.url, retry: false, breakers });
    const breaker = breakers.forHost(new URL(server.url).host);

    // Act: two failures open the circuit; the third call never reaches the server.
    await client.get('/candidates/c-1', candidate).catch(() => undefined);
    await client.get('/candidates/c-1', candidate).catch(() => undefined);
    const failFast = await client
      .get('/candidates/c-1', candidate)
      .catch((error: unknown) => error);
    const hitsWhileOpen = server.hits.length;
    // The host recovers; after halfOpenAfterMs three calls arrive together.
    healthy = true;
    vi.advanceTimersByTime(1001);
    const calls = [1, 2, 3].map(() => client.get('/candidates/c-1', candidate));
    await server.waitForHits(hitsWhileOpen + 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const hitsDuringTrial = server.hits.length - hitsWhileOpen;
    const stateDuringTrial = breaker.state;
    releaseTrial();
    const results = await Promise.all(calls);

    // Assess
    expect(failFast).toBeInstanceOf(CircuitOpenError);
    expect(hitsWhileOpen).toBe(2);
    expect(stateDuringTrial).toBe('half-open');
    expect(hitsDuringTrial).toBe(1);
    expect(results).toHaveLength(3);
    expect(breaker.state).toBe('closed');
  });

  it('shares one breaker between clients of the same host', async () => {
    // Prepare
    const server = await stub((_hit, res) => json(res, 503, {}));
    const breakers = new HostCircuitBreakers({ consecutiveFailures: 1, halfOpenAfterMs: 60_000 });
    const v1 = createServiceClient({ baseUrl: server.url, retry: false, breakers });
    const v2 = createServiceClient({ baseUrl: server.url, version: 'v2', retry: false, breakers });

    // Act
    await v1.get('/a', candidate).catch(() => undefined);
    const outcome = await v2.get('/b', candidate).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(CircuitOpenError);
    expect(server.hits.map((hit) => hit.url)).toEqual(['/v1/a']);
  });
});

describe('ServiceClient timeouts, validation and safety', () => {
  it('aborts an attempt that exceeds timeoutMs with OperationTimeoutError', async () => {
    // Prepare
    let aborted = false;
    const server = await stub((_hit, res, _index, req) => {
      res.on('close', () => {
        aborted = !res.writableFinished;
      });
      void req;
    });
    const client = createServiceClient({ baseUrl: server.url, timeoutMs: 50, retry: false });

    // Act
    const outcome = await client.get('/slow', candidate).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));

    // Assess
    expect(outcome).toBeInstanceOf(OperationTimeoutError);
    expect(outcome).toMatchObject({ code: 'TIMEOUT', timeoutMs: 50 });
    expect(aborted).toBe(true);
  });

  it('rejects a 2xx body that does not match the schema, without echoing its values', async () => {
    // Prepare
    const server = await stub((_hit, res) =>
      json(res, 200, { ok: true, data: { id: 42, stage: 'applied', phone: '+5215512345678' } }),
    );
    const client = createServiceClient({ baseUrl: server.url, retry: FAST_RETRY });

    // Act
    const outcome = await client.get('/candidates/c-1', candidate).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(ResponseValidationError);
    expect((outcome as ResponseValidationError).issues).toEqual([
      'id: Invalid input: expected string, received number',
    ]);
    expect(JSON.stringify(outcome)).not.toContain('42');
    expect(server.hits).toHaveLength(1);
  });

  it('rejects bodies that are not the envelope, not JSON, or too large', async () => {
    // Prepare
    const server = await stub((hit, res) => {
      if (hit.url.endsWith('/plain')) {
        json(res, 200, { id: 'c-1', stage: 'applied' });
      } else if (hit.url.endsWith('/html')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>');
      } else {
        json(res, 200, { ok: true, data: { id: 'x'.repeat(5000), stage: 'applied' } });
      }
    });
    const client = createServiceClient({ baseUrl: server.url, maxResponseBytes: 1024 });
    const plain = createServiceClient({ baseUrl: server.url, envelope: false });

    // Act
    const outcomes = await Promise.all(
      ['/plain', '/html', '/big'].map((path) =>
        client.get(path, candidate).catch((error: ResponseValidationError) => error.issues[0]),
      ),
    );
    const unwrapped = await plain.get('/plain', candidate);

    // Assess
    expect(outcomes).toEqual([
      '(root): expected { ok: true, data }',
      '(root): body is not JSON',
      '(root): body exceeds 1024 bytes',
    ]);
    expect(unwrapped).toEqual({ id: 'c-1', stage: 'applied' });
  });

  it('propagates correlation id, traceparent and the service token', async () => {
    // Prepare
    const secret = 'client-test-secret-0123456789-abcdef';
    const server = await stub((_hit, res) =>
      json(res, 200, { ok: true, data: { id: 'c-1', stage: 'applied' } }),
    );
    const tokenProvider = createServiceTokenProvider({
      algorithm: 'HS256',
      key: secret,
      issuer: 'lead-ingestion',
      subject: 'lead-ingestion',
      audience: 'candidates-api',
      scopes: ['candidates:read'],
    });
    const client = createServiceClient({
      baseUrl: server.url,
      tokenProvider,
      headers: { 'user-agent': 'lead-ingestion/1.0' },
    });
    const inbound = {
      correlationId: 'corr-123',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
    };

    // Act
    await runWithContext(inbound, () =>
      client.get('/candidates/c-1', candidate, { query: { expand: 'stage', skip: undefined } }),
    );

    // Assess
    const [hit] = server.hits;
    expect(hit?.url).toBe('/v1/candidates/c-1?expand=stage');
    expect(hit?.headers['x-correlation-id']).toBe('corr-123');
    expect(hit?.headers['user-agent']).toBe('lead-ingestion/1.0');
    const trace = parseTraceparent(hit?.headers.traceparent as string);
    expect(trace?.traceId).toBe(inbound.traceId);
    expect(trace?.spanId).not.toBe(inbound.spanId);
    const token = String(hit?.headers.authorization).replace(/^Bearer /, '');
    const verifier = new JwtVerifier({
      issuer: 'lead-ingestion',
      audience: 'candidates-api',
      algorithms: ['HS256'],
      secret,
    });
    expect((await verifier.verify(token)).scopes).toEqual(['candidates:read']);
  });

  it('does not follow redirects, so the token never reaches another host', async () => {
    // Prepare
    const elsewhere = await stub((_hit, res) => json(res, 200, {}));
    const server = await stub((_hit, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/steal` });
      res.end();
    });
    const client = createServiceClient({
      baseUrl: server.url,
      tokenProvider: () => 'secret-token',
    });

    // Act
    const outcome = await client.get('/candidates/c-1', candidate).catch((error: unknown) => error);

    // Assess
    expect(outcome).toMatchObject({ status: 302, retryable: false });
    expect(elsewhere.hits).toEqual([]);
  });

  it('refuses paths that could leave the versioned base', async () => {
    // Prepare
    const client = createServiceClient({ baseUrl: 'http://127.0.0.1:9' });

    // Act / Assess
    for (const path of [
      'candidates',
      '//evil.example/x',
      '/../admin',
      '/a/../../b',
      '/a?x=1',
      '/a#b',
    ]) {
      await expect(client.request({ path, schema: candidate })).rejects.toThrow(TypeError);
    }
    expect(() => createServiceClient({ baseUrl: 'ftp://host' })).toThrow(TypeError);
    expect(() => createServiceClient({ baseUrl: 'http://user:pw@host' })).toThrow(TypeError);
  });
});
