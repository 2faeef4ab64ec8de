// ServiceClient responses validated by Standard Schema validators other than zod (issue #21
// item 2): the data is the schema's output, typed; an async validator is awaited; the issues
// of a body that fails name paths and messages but never the values received, although
// valibot and arktype quote them.
import { type } from 'arktype';
import * as v from 'valibot';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { ResponseValidationError } from '../../src/shared/http/response-validation-error.js';
import { createServiceClient } from '../../src/shared/http/service-client.js';
import { json, type StubServer, startStubServer } from './support/stub-server.js';

const PHONE = '+5215512345678';
const servers: StubServer[] = [];

async function aServer(data: unknown): Promise<StubServer> {
  const server = await startStubServer((_hit, res) => json(res, 200, { ok: true, data }));
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('ServiceClient with a valibot or arktype schema', () => {
  it('returns the output of a valibot schema, typed', async () => {
    // Prepare
    const server = await aServer({ id: 'c-1', stage: 'applied', score: '42' });
    const client = createServiceClient({ baseUrl: server.url, retry: false });
    const schema = v.object({
      id: v.string(),
      stage: v.picklist(['applied', 'hired']),
      score: v.pipe(v.string(), v.transform(Number)),
    });

    // Act
    const candidate = await client.get('/candidates/c-1', schema);

    // Assess
    expect(candidate).toEqual({ id: 'c-1', stage: 'applied', score: 42 });
    expectTypeOf(candidate).toEqualTypeOf<{
      id: string;
      stage: 'applied' | 'hired';
      score: number;
    }>();
  });

  it('awaits an async valibot schema', async () => {
    // Prepare
    const server = await aServer({ id: 'c-1' });
    const client = createServiceClient({ baseUrl: server.url, retry: false });
    const schema = v.objectAsync({
      id: v.pipeAsync(
        v.string(),
        v.checkAsync(async (id) => id.startsWith('c-'), 'unknown id'),
      ),
    });

    // Act
    const candidate = await client.get('/candidates/c-1', schema);

    // Assess
    expect(candidate).toEqual({ id: 'c-1' });
  });

  it.each([
    ['valibot', v.object({ id: v.string(), phone: v.number(), stage: v.picklist(['hired']) })],
    ['arktype', type({ id: 'string', phone: 'number', stage: "'hired'" })],
  ])('rejects a body that fails a %s schema without echoing its values', async (_name, schema) => {
    // Prepare
    const server = await aServer({ id: 4242, phone: PHONE, stage: 'applied' });
    const client = createServiceClient({ baseUrl: server.url, retry: false });

    // Act
    const outcome = await client.get('/candidates/c-1', schema).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(ResponseValidationError);
    const { issues } = outcome as ResponseValidationError;
    expect(issues.map((issue) => issue.split(':')[0]).sort()).toEqual(['id', 'phone', 'stage']);
    expect(issues).toContain('stage: invalid value (hidden)'); // both quote "applied"
    for (const view of [JSON.stringify(outcome), (outcome as Error).message]) {
      expect(view).not.toContain(PHONE);
      expect(view).not.toContain('4242');
      expect(view).not.toContain('applied');
    }
  });
});
