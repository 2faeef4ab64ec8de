import {
  ApiKeyRegistry,
  createLogger,
  DEFAULT_EDGE_LIMITS,
  EdgeOptionsError,
  generateApiKey,
  RequestAuthenticator,
  resolveEdgeLimits,
} from '@baltra/sdk';
import { createExpressEdge } from '@baltra/sdk/express';
import { baltraEdge } from '@baltra/sdk/fastify';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../shared/support/log-capture.js';
import { leakedSecrets, STACK_FRAME } from './support/leak-checks.js';
import { type RawResponse, rawRequest } from './support/raw-http.js';
import { startEdgeApp } from './support/start-edge-app.js';
import { FRAMEWORKS, type RunningService } from './support/start-example-service.js';

const key = generateApiKey({ id: 'limits01' });
const PADDING_SECRET = 'padding-secret-6f1d2c';

function edgeOptions(limits: { maxBodyBytes?: number; maxHeaderBytes?: number } = {}) {
  return {
    authenticator: new RequestAuthenticator({
      apiKeys: new ApiKeyRegistry([
        { id: key.id, hash: key.hash, subject: 'partner-a', scopes: [] },
      ]),
    }),
    logger: createLogger({ stream: captureLogs().stream, level: 'debug', service: 'limits-test' }),
    ...limits,
  };
}

/** A JSON document of exactly `bytes` bytes: `{"p":"aaa…"}`. */
function jsonOfSize(bytes: number): string {
  return `{"p":"${'a'.repeat(bytes - 8)}"}`;
}

/** The header section's size as the edge counts it: each `Name: value` line with its CRLF. */
function headerBytes(lines: ReadonlyArray<readonly [string, string]>): number {
  return lines.reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
}

/** Headers whose section (with the `Host` and `Connection` lines rawRequest adds) is `total` bytes. */
function headersTotalling(baseUrl: string, total: number): Array<[string, string]> {
  const fixed: Array<[string, string]> = [
    ['Host', new URL(baseUrl).host],
    ['X-Api-Key', key.key],
    ['Connection', 'close'],
  ];
  const padding = total - headerBytes(fixed) - headerBytes([['X-Padding', '']]);
  return [
    ['X-Api-Key', key.key],
    ['X-Padding', `${PADDING_SECRET}${'p'.repeat(padding - PADDING_SECRET.length)}`],
  ];
}

/** `POST /v1/echo` with the API key and a JSON body, sized or chunked. */
function postEcho(baseUrl: string, body: string, chunked?: number): Promise<RawResponse> {
  return rawRequest(baseUrl, {
    method: 'POST',
    path: '/v1/echo',
    headers: [
      ['X-Api-Key', key.key],
      ['Content-Type', 'application/json'],
    ],
    body,
    ...(chunked === undefined ? {} : { chunked }),
  });
}

function expectEnvelope(response: RawResponse, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(JSON.parse(response.body)).toEqual({
    ok: false,
    error: { code, message: expect.any(String) },
  });
  expect(response.body).not.toMatch(STACK_FRAME);
  expect(leakedSecrets(response.raw, [key.key, PADDING_SECRET])).toEqual([]);
}

for (const framework of FRAMEWORKS) {
  describe(`${framework} edge with configured limits (body 8 KiB, headers 4 KiB)`, () => {
    let service: RunningService;
    const post = (body: string, chunked?: number) => postEcho(service.baseUrl, body, chunked);

    beforeAll(async () => {
      service = await startEdgeApp(framework, {
        edge: edgeOptions({ maxBodyBytes: 8192, maxHeaderBytes: 4096 }),
      });
    });
    afterAll(async () => {
      await service.close();
    });

    it('answers 413 PAYLOAD_TOO_LARGE to a declared Content-Length over the limit, before the body is sent', async () => {
      // Act: the head only — an answer proves the body was never waited for.
      const response = await rawRequest(service.baseUrl, {
        method: 'POST',
        path: '/v1/echo',
        headers: [
          ['X-Api-Key', key.key],
          ['Content-Type', 'application/json'],
          ['Content-Length', '8193'],
        ],
      });

      // Assess
      expectEnvelope(response, 413, 'PAYLOAD_TOO_LARGE');
      expect(JSON.parse(response.body).error.message).toBe(
        'The request body exceeds the limit of 8192 bytes',
      );
    });

    it('answers 413 PAYLOAD_TOO_LARGE to a chunked body over the limit', async () => {
      // Act
      const response = await post(jsonOfSize(9000), 1000);

      // Assess
      expectEnvelope(response, 413, 'PAYLOAD_TOO_LARGE');
      expect(JSON.parse(response.body).error.message).toContain('8192 bytes');
    });

    it('accepts a body of exactly the limit, with a length or chunked', async () => {
      // Act
      const sized = await post(jsonOfSize(8192));
      const chunked = await post(jsonOfSize(8192), 1000);

      // Assess
      expect([sized.status, chunked.status]).toEqual([200, 200]);
      expect(JSON.parse(sized.body)).toEqual({ ok: true, data: { bytes: 8192 } });
      expect(JSON.parse(chunked.body)).toEqual({ ok: true, data: { bytes: 8192 } });
    });

    it('answers 431 HEADERS_TOO_LARGE one byte over the header limit, 200 at it', async () => {
      // Act
      const at = await rawRequest(service.baseUrl, {
        path: '/v1/whoami',
        headers: headersTotalling(service.baseUrl, 4096),
      });
      const over = await rawRequest(service.baseUrl, {
        path: '/v1/whoami',
        headers: headersTotalling(service.baseUrl, 4097),
      });

      // Assess
      expect(at.status).toBe(200);
      expectEnvelope(over, 431, 'HEADERS_TOO_LARGE');
      expect(JSON.parse(over.body).error.message).toBe(
        'The request headers exceed the limit of 4096 bytes',
      );
    });
  });

  describe(`${framework} edge with the default limits`, () => {
    let service: RunningService;
    let nodeDefaults: RunningService;

    beforeAll(async () => {
      // Node's own parser limit raised, so that the edge's default is the one that answers.
      service = await startEdgeApp(framework, { edge: edgeOptions(), nodeMaxHeaderSize: 65_536 });
      nodeDefaults = await startEdgeApp(framework, { edge: edgeOptions() });
    });
    afterAll(async () => {
      await Promise.all([service.close(), nodeDefaults.close()]);
    });

    it('accepts a 1 MiB body and answers 413 to one byte more', async () => {
      // Prepare
      const send = (bytes: number) => postEcho(service.baseUrl, jsonOfSize(bytes));

      // Act
      const at = await send(1024 * 1024);
      const over = await send(1024 * 1024 + 1);

      // Assess
      expect(at.status).toBe(200);
      expect(JSON.parse(at.body)).toEqual({ ok: true, data: { bytes: 1024 * 1024 } });
      expectEnvelope(over, 413, 'PAYLOAD_TOO_LARGE');
      expect(JSON.parse(over.body).error.message).toContain('1048576 bytes');
    });

    it('accepts a 16 KiB header section and answers 431 to one byte more', async () => {
      // Act
      const at = await rawRequest(service.baseUrl, {
        path: '/v1/whoami',
        headers: headersTotalling(service.baseUrl, 16 * 1024),
      });
      const over = await rawRequest(service.baseUrl, {
        path: '/v1/whoami',
        headers: headersTotalling(service.baseUrl, 16 * 1024 + 1),
      });

      // Assess
      expect(at.status).toBe(200);
      expectEnvelope(over, 431, 'HEADERS_TOO_LARGE');
    });

    it("answers 431 with Node's own parser limit too (no body, nothing echoed)", async () => {
      // Act
      const response = await rawRequest(nodeDefaults.baseUrl, {
        path: '/v1/whoami',
        headers: headersTotalling(nodeDefaults.baseUrl, 20 * 1024),
      });

      // Assess
      // Node answers with no body; Fastify's default client-error handler with its own JSON.
      expect(response.status).toBe(431);
      expect(response.body).toBe(
        framework === 'express'
          ? ''
          : '{"error":"Request Header Fields Too Large","message":"Exceeded maximum allowed HTTP header size","statusCode":431}',
      );
      expect(leakedSecrets(response.raw, [key.key, PADDING_SECRET])).toEqual([]);
    });
  });
}

describe('edge limit options', () => {
  it('default to a 1 MiB body and a 16 KiB header section', () => {
    // Act
    const limits = resolveEdgeLimits();

    // Assess
    expect(limits).toEqual({ maxBodyBytes: 1_048_576, maxHeaderBytes: 16_384 });
    expect(DEFAULT_EDGE_LIMITS).toEqual(limits);
  });

  it('accept the bounds themselves', () => {
    // Act
    const low = resolveEdgeLimits({ maxBodyBytes: 1024, maxHeaderBytes: 1024 });
    const high = resolveEdgeLimits({ maxBodyBytes: 256 * 1024 * 1024, maxHeaderBytes: 65_536 });

    // Assess
    expect(low).toEqual({ maxBodyBytes: 1024, maxHeaderBytes: 1024 });
    expect(high).toEqual({ maxBodyBytes: 268_435_456, maxHeaderBytes: 65_536 });
  });

  it('list every out-of-bounds or non-integer limit in one EdgeOptionsError (Express)', () => {
    // Act
    let thrown: unknown;
    try {
      createExpressEdge({ maxBodyBytes: 1023, maxHeaderBytes: 1.5 });
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(EdgeOptionsError);
    const error = thrown as EdgeOptionsError;
    expect(error.code).toBe('INVALID_EDGE_OPTIONS');
    expect(error.problems).toEqual([
      { option: 'maxBodyBytes', message: 'must be between 1024 and 268435456 bytes, got 1023' },
      { option: 'maxHeaderBytes', message: 'must be an integer number of bytes, got 1.5' },
    ]);
    expect(error.message).toContain('Invalid edge options (2 problems)');
  });

  it('reject a limit above its bound or of another type when the Fastify plugin registers', async () => {
    // Prepare
    const app = Fastify({ logger: false });
    const options = { maxHeaderBytes: 65_537, maxBodyBytes: '1mb' as unknown as number };

    // Act
    const ready = app.register(baltraEdge, options).ready();

    // Assess
    await expect(ready).rejects.toBeInstanceOf(EdgeOptionsError);
    await expect(ready).rejects.toMatchObject({
      problems: [
        { option: 'maxBodyBytes', message: 'must be an integer number of bytes, got string' },
        { option: 'maxHeaderBytes', message: 'must be between 1024 and 65536 bytes, got 65537' },
      ],
    });
    await app.close();
  });
});
