import {
  ApiKeyRegistry,
  createLogger,
  createServiceClient,
  generateApiKey,
  HealthRegistry,
  parseTraceparent,
  RequestAuthenticator,
} from '@baltra/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateStore } from '../../examples/service/candidate-store.js';
import { InMemoryCandidateStore } from '../../examples/service/candidate-store.js';
import { captureLogs, type LogCapture } from '../shared/support/log-capture.js';
import { leakedSecrets, STACK_FRAME } from './support/leak-checks.js';
import { RecordingTelemetry } from './support/recording-telemetry.js';
import {
  FRAMEWORKS,
  type RunningService,
  startExampleService,
} from './support/start-example-service.js';
import { json, type StubServer, startStubServer } from './support/stub-server.js';

const key = generateApiKey({ id: 'tester01' });
const DB_SECRET = 'hunter2-db-password';

/** A store whose `find` fails like a broken database driver would, secrets in the message. */
class BrokenStore implements CandidateStore {
  readonly #inner = new InMemoryCandidateStore();
  async find(id: string) {
    if (id === 'boom') {
      throw new Error(
        `connect to postgres://app:${DB_SECRET}@db.internal:5432/app failed (Bearer eyJhbGciOi.secret.sig)`,
      );
    }
    return this.#inner.find(id);
  }
  create(input: { name: string; phone: string }) {
    return this.#inner.create(input);
  }
}

for (const framework of FRAMEWORKS) {
  describe(`${framework} example service over HTTP`, () => {
    let service: RunningService;
    let partner: StubServer;
    let logs: LogCapture;
    let telemetry: RecordingTelemetry;
    let healthy = true;
    const headers = { 'x-api-key': key.key };

    beforeAll(async () => {
      logs = captureLogs();
      telemetry = new RecordingTelemetry();
      partner = await startStubServer((_hit, res) =>
        json(res, 200, { ok: true, data: { status: 'up', region: 'mx-central' } }),
      );
      const health = new HealthRegistry({ cacheTtlMs: 0 })
        .register('database', async () => {
          if (!healthy)
            throw Object.assign(new Error(`password ${DB_SECRET}`), { code: 'ECONNREFUSED' });
        })
        .register('search', async () => Promise.reject(new Error('down')), { critical: false });
      service = await startExampleService(framework, {
        store: new BrokenStore(),
        partner: createServiceClient({ baseUrl: partner.url, retry: false, telemetry }),
        edge: {
          authenticator: new RequestAuthenticator({
            apiKeys: new ApiKeyRegistry([
              {
                id: key.id,
                hash: key.hash,
                subject: 'tester',
                scopes: ['candidates:read', 'candidates:write', 'partner:read'],
              },
            ]),
          }),
          health,
          telemetry,
          logger: createLogger({ stream: logs.stream, level: 'debug', service: 'edge-test' }),
        },
      });
    });
    afterAll(async () => {
      await service.close();
      await partner.close();
    });

    it('adopts an inbound correlation id and continues the caller trace', async () => {
      // Prepare
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

      // Act
      const response = await fetch(`${service.baseUrl}/v1/whoami`, {
        headers: { ...headers, 'x-correlation-id': 'corr-edge-1', traceparent },
      });
      const entries = await logs.entries();

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.get('x-correlation-id')).toBe('corr-edge-1');
      const line = entries.find((entry) => entry.correlationId === 'corr-edge-1');
      expect(line).toMatchObject({
        message: 'http request',
        method: 'GET',
        route: '/v1/whoami',
        status: 200,
        principal: 'tester',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      });
      expect(line?.spanId).not.toBe('00f067aa0ba902b7');
    });

    it('generates a correlation id when the inbound one is missing or unsafe', async () => {
      // Act
      const response = await fetch(`${service.baseUrl}/v1/whoami`, {
        headers: { ...headers, 'x-correlation-id': 'has spaces; and=junk' },
      });

      // Assess
      expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('propagates correlation id and trace to the services it calls', async () => {
      // Prepare
      const traceparent = '00-11111111111111111111111111111111-2222222222222222-01';

      // Act
      const response = await fetch(`${service.baseUrl}/v1/partner/status`, {
        headers: { ...headers, 'x-correlation-id': 'corr-edge-2', traceparent },
      });

      // Assess
      expect(await response.json()).toEqual({
        ok: true,
        data: { status: 'up', region: 'mx-central' },
      });
      const hit = partner.hits.at(-1);
      expect(hit?.url).toBe('/v1/status');
      expect(hit?.headers['x-correlation-id']).toBe('corr-edge-2');
      expect(parseTraceparent(hit?.headers.traceparent as string)?.traceId).toBe(
        '11111111111111111111111111111111',
      );
      expect(telemetry.named('external_call_requests_total').at(-1)?.attributes).toMatchObject({
        method: 'GET',
        status_code: '200',
        outcome: 'success',
      });
    });

    it('answers an unexpected error with a generic 500 and logs it without stack or secrets', async () => {
      // Prepare
      const before = logs.text().length;

      // Act
      const response = await fetch(`${service.baseUrl}/v1/candidates/boom`, { headers });
      const body = await response.text();
      await logs.entries();
      const logText = logs.text().slice(before);

      // Assess
      expect(response.status).toBe(500);
      expect(JSON.parse(body)).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'Internal error' },
      });
      expect(logText).toContain('"message":"request failed"');
      expect(
        leakedSecrets(`${body}${logText}`, [DB_SECRET, 'eyJhbGciOi.secret.sig', key.key]),
      ).toEqual([]);
      expect(body).not.toMatch(STACK_FRAME);
      expect(logText).not.toMatch(STACK_FRAME);
    });

    it('maps SDK errors to their status: 404 not found, 400 validation, 400 malformed JSON', async () => {
      // Act
      const missing = await fetch(`${service.baseUrl}/v1/candidates/c-404`, { headers });
      const invalid = await fetch(`${service.baseUrl}/v1/candidates`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ana', phone: '5512345678' }),
      });
      const malformed = await fetch(`${service.baseUrl}/v1/candidates`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{"name": "Ana", "password": "p4ss',
      });
      const unknownRoute = await fetch(`${service.baseUrl}/v1/nothing-here`, { headers });

      // Assess
      expect([missing.status, invalid.status, malformed.status, unknownRoute.status]).toEqual([
        404, 400, 400, 404,
      ]);
      expect(await missing.json()).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'Candidate c-404 was not found' },
      });
      expect(await invalid.json()).toEqual({
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: 'candidate is invalid: phone: must be an E.164 phone number',
        },
      });
      const malformedBody = await malformed.text();
      expect(JSON.parse(malformedBody)).toEqual({
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'The request is malformed' },
      });
      expect(malformedBody).not.toContain('p4ss');
      expect(((await unknownRoute.json()) as { error: { code: string } }).error.code).toBe(
        'NOT_FOUND',
      );
    });

    it('creates a candidate with 201 and the envelope', async () => {
      // Act
      const response = await fetch(`${service.baseUrl}/v1/candidates`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ana', phone: '+5215512345678' }),
      });

      // Assess
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({
        ok: true,
        data: { id: expect.any(String), name: 'Ana', phone: '+5215512345678', stage: 'applied' },
      });
    });

    it('serves health without credentials: live stays up while ready reports the dependency down', async () => {
      // Act
      healthy = true;
      const readyUp = await fetch(`${service.baseUrl}/health/ready`);
      const readyUpBody = await readyUp.json();
      healthy = false;
      const live = await fetch(`${service.baseUrl}/health/live`);
      const readyDown = await fetch(`${service.baseUrl}/health/ready`);
      const readyDownBody = await readyDown.text();
      healthy = true;

      // Assess
      expect(readyUp.status).toBe(200);
      expect(readyUpBody).toMatchObject({
        status: 'degraded',
        checks: { database: { status: 'up' }, search: { status: 'down', critical: false } },
      });
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'up' });
      expect(readyDown.status).toBe(503);
      expect(JSON.parse(readyDownBody)).toMatchObject({
        status: 'down',
        checks: { database: { status: 'down', error: 'ECONNREFUSED' } },
      });
      expect(readyDownBody).not.toContain(DB_SECRET);
    });

    it('records request metrics by route template, never by raw path', async () => {
      // Act
      await fetch(`${service.baseUrl}/v1/candidates/c-metrics`, { headers });

      // Assess
      const requests = telemetry.named('http_server_requests_total');
      const durations = telemetry.named('http_server_request_duration_seconds');
      expect(requests.at(-1)?.attributes).toEqual({
        method: 'GET',
        route: '/v1/candidates/:id',
        status_code: '404',
      });
      expect(durations.at(-1)?.value).toBeGreaterThanOrEqual(0);
      expect(requests.some((point) => String(point.attributes.route).includes('c-metrics'))).toBe(
        false,
      );
      const span = telemetry.spans.filter((recorded) => recorded.options.kind === 'server').at(-1);
      expect(span).toMatchObject({ name: 'HTTP GET', ended: true });
      expect(span?.attributes['http.route']).toBe('/v1/candidates/:id');
    });
  });
}
