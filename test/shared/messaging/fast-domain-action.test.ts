import { domainActionSchema } from '@baltra/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastDomainAction } from '../../../src/shared/messaging/fast-domain-action.js';

// Values near each rule's edge: valid and invalid ids, types, lengths, tiers, dates, records.
const text = fc.oneof(
  fc.constantFrom('', 'a', 'acme', 'A1', '-x', 'a b', 'a.b:c-d_e', 'é', 'x'.repeat(128)),
  fc.constantFrom('x'.repeat(129), 'x'.repeat(256), 'x'.repeat(257)),
  fc.string({ maxLength: 12 }),
);
const actionType = fc.oneof(
  fc.constantFrom('leads.ingest', 'a.b.c', 'Leads.Ingest', 'nodot', 'a.', '1a.b', 'a_1.b_2'),
  fc.constant(`a.${'b'.repeat(126)}`),
  fc.constant(`a.${'b'.repeat(127)}`),
  text,
);
const createdAt = fc.oneof(
  fc.constantFrom(
    '2026-12-07T02:41:35.123Z',
    '2026-12-07T02:41:35Z',
    '2026-12-07T02:41:35+01:00',
    '2026-12-07T02:41Z',
    '2026-12-07 02:41:35Z',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-12-07T02:41:35',
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);
const anyJson = fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), text, fc.constant([]));
const record = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constant({ '0': 1, b: 2, a: [3] }),
);
/** Mostly a valid value (so most envelopes are valid), sometimes an edge case, sometimes absent. */
const field = <T, U>(valid: fc.Arbitrary<T>, edge: fc.Arbitrary<U>) =>
  fc.option(fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: edge, weight: 1 }), {
    nil: undefined,
    freq: 4,
  });
const id = fc.constantFrom('a', 'acme', 'A1', 'a.b:c-d_e', '6f1c1d7e-3c57-4ad3-8f0e-2a4c1f0b9e11');
const validType = fc.constantFrom('leads.ingest', 'a.b.c', 'a_1.b_2');
const envelope = fc.record(
  {
    version: field(fc.constant(1), fc.constantFrom(2, '1', null)),
    action_id: fc.oneof(
      { arbitrary: id, weight: 12 },
      { arbitrary: fc.oneof(text, anyJson), weight: 1 },
    ),
    action_type: fc.oneof(
      { arbitrary: validType, weight: 12 },
      { arbitrary: actionType, weight: 1 },
    ),
    tenant_id: fc.oneof(
      { arbitrary: id, weight: 12 },
      { arbitrary: fc.oneof(text, anyJson), weight: 1 },
    ),
    tenant_tier: field(
      fc.constantFrom('free', 'advance', 'professional', 'enterprise'),
      fc.constantFrom('gold', null, 1),
    ),
    task_id: field(id, fc.oneof(text, anyJson)),
    session_id: field(id, text),
    correlation_id: field(fc.string({ minLength: 1, maxLength: 20 }), fc.oneof(text, anyJson)),
    callback_queue: field(fc.string({ minLength: 1, maxLength: 20 }), text),
    callback_action_type: field(validType, actionType),
    created_at: field(createdAt, anyJson),
    data: fc.oneof({ arbitrary: record, weight: 12 }, { arbitrary: anyJson, weight: 1 }),
    metadata: field(record, anyJson),
    extra: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
  },
  { requiredKeys: [] },
);

/** What the schema makes of a body, as JSON (key order included), or `undefined` if it refuses. */
function bySchema(body: string): string | undefined {
  const result = domainActionSchema.safeParse(JSON.parse(body));
  return result.success ? JSON.stringify(result.data) : undefined;
}

describe('fastDomainAction (the hot path of parseDomainAction)', () => {
  it('accepts exactly what the schema accepts, and builds what the schema builds', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(envelope, (candidate) => {
        const body = JSON.stringify(candidate);
        const fast = fastDomainAction(JSON.parse(body));
        const schema = bySchema(body);
        if (fast === undefined) {
          // It hands the schema only envelopes the schema refuses (or ones with `__proto__`).
          if (!body.includes('__proto__')) expect(schema).toBeUndefined();
          refused += 1;
          return;
        }
        accepted += 1;
        expect(schema).toBeDefined();
        expect(JSON.stringify(fast)).toBe(schema);
        expect(fast).toStrictEqual(domainActionSchema.parse(JSON.parse(body)));
      }),
      { numRuns: 3_000 },
    );
    // Both sides of the rules were exercised.
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });

  it('knows every field of the schema (a new field must be taught to fastDomainAction too)', () => {
    expect(Object.keys(domainActionSchema.shape)).toEqual([
      'version',
      'action_id',
      'action_type',
      'tenant_id',
      'tenant_tier',
      'task_id',
      'session_id',
      'correlation_id',
      'callback_queue',
      'callback_action_type',
      'created_at',
      'data',
      'metadata',
    ]);
  });

  it('takes the common envelopes itself', () => {
    const sent = {
      version: 1,
      action_id: '6f1c1d7e-3c57-4ad3-8f0e-2a4c1f0b9e11',
      action_type: 'bench.noop',
      tenant_id: 'acme',
      tenant_tier: 'enterprise',
      correlation_id: 'corr-1',
      created_at: '2026-12-07T02:41:35.123Z',
      data: { candidateId: 'c', sequence: 1 },
      metadata: {},
    };
    const legacy = { action_id: 'a1', action_type: 'embedding.generate', tenant_id: 't', data: {} };
    for (const body of [JSON.stringify(sent), JSON.stringify(legacy)]) {
      const fast = fastDomainAction(JSON.parse(body));
      expect(fast).toBeDefined();
      expect(JSON.stringify(fast)).toBe(bySchema(body));
    }
  });

  it('leaves a __proto__ key in data or metadata, and null where a value is optional, to the schema', () => {
    const base = '"action_id":"a","action_type":"a.b","tenant_id":"t"';
    expect(fastDomainAction(JSON.parse(`{${base},"data":{"__proto__":{"x":1}}}`))).toBeUndefined();
    expect(
      fastDomainAction(JSON.parse(`{${base},"data":{},"metadata":{"__proto__":1}}`)),
    ).toBeUndefined();
    expect(fastDomainAction(JSON.parse(`{${base},"data":{},"tenant_tier":null}`))).toBeUndefined();
    expect(bySchema(`{${base},"data":{},"tenant_tier":null}`)).toBeUndefined();
  });
});
