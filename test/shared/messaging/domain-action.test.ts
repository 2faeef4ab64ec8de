import {
  actionDomain,
  actionQueueName,
  createDomainAction,
  getExecutionContext,
  MalformedActionError,
  parseDomainAction,
  runWithActionContext,
  runWithContext,
  TIER_POLICIES,
  toSqsQueueName,
} from '@baltra/sdk';
import { describe, expect, it } from 'vitest';

function reasonOf(body: string, maxBodyBytes?: number): string {
  try {
    parseDomainAction(body, maxBodyBytes === undefined ? {} : { maxBodyBytes });
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedActionError);
    return (error as MalformedActionError).reason;
  }
  return 'parsed';
}

describe('DomainAction envelope', () => {
  it('creates a valid envelope with defaults and the current correlation id', () => {
    // Act
    const action = runWithContext({ correlationId: 'corr-1' }, () =>
      createDomainAction({ type: 'leads.ingest', tenantId: 'acme', data: { formId: '42' } }),
    );

    // Assess
    expect(action).toMatchObject({
      version: 1,
      action_type: 'leads.ingest',
      tenant_id: 'acme',
      tenant_tier: 'free',
      correlation_id: 'corr-1',
      data: { formId: '42' },
      metadata: {},
    });
    expect(action.action_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseDomainAction(JSON.stringify(action))).toEqual(action);
  });

  it('accepts a legacy envelope without version or tier', () => {
    const action = parseDomainAction(
      JSON.stringify({
        action_id: 'a1',
        action_type: 'embedding.generate',
        tenant_id: 't',
        data: {},
      }),
    );
    expect(action).toMatchObject({ version: 1, tenant_tier: 'free', metadata: {} });
  });

  it('checks action_type as domain.action', () => {
    expect(() => createDomainAction({ type: 'ingest', tenantId: 'acme', data: {} })).toThrow(
      /domain\.action/,
    );
    expect(() =>
      createDomainAction({ type: 'Leads.Ingest', tenantId: 'acme', data: {} }),
    ).toThrow();
    expect(actionDomain('leads.ingest.batch')).toBe('leads');
  });

  it('classifies every kind of malformed body with a dead-letter reason', () => {
    const valid = createDomainAction({ type: 'leads.ingest', tenantId: 'acme', data: {} });
    const { tenant_id: _t, ...noTenant } = valid;
    expect(reasonOf('{oops')).toBe('invalid_json');
    expect(reasonOf(JSON.stringify(valid), 10)).toBe('oversized');
    expect(reasonOf(JSON.stringify(noTenant))).toBe('missing_tenant');
    expect(reasonOf(JSON.stringify({ ...valid, tenant_id: '' }))).toBe('missing_tenant');
    expect(reasonOf(JSON.stringify({ ...valid, action_type: 'nodot' }))).toBe('invalid_envelope');
    expect(reasonOf(JSON.stringify({ ...valid, data: 'text' }))).toBe('invalid_envelope');
    expect(reasonOf(JSON.stringify({ ...valid, version: 2 }))).toBe('invalid_envelope');
    expect(reasonOf('null')).toBe('invalid_envelope');
  });

  it('counts oversized bodies in UTF-8 bytes, not characters', () => {
    const action = createDomainAction({ type: 'a.b', tenantId: 't', data: { s: 'é'.repeat(450) } });
    const body = JSON.stringify(action);
    expect(body.length).toBeLessThan(1_000);
    expect(reasonOf(body, 1_000)).toBe('oversized');
  });

  it('names the failing fields but never echoes their values', () => {
    const valid = createDomainAction({ type: 'leads.ingest', tenantId: 'acme', data: {} });
    try {
      parseDomainAction(JSON.stringify({ ...valid, tenant_tier: 'secret-tier-ana@example.com' }));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('tenant_tier');
      expect((error as Error).message).not.toContain('ana@example.com');
    }
  });

  it('runs work in the context of an action', () => {
    const action = createDomainAction({
      type: 'leads.ingest',
      tenantId: 'acme',
      tier: 'advance',
      data: {},
      taskId: 'task-1',
    });
    const context = runWithActionContext(action, () => getExecutionContext());
    expect(context).toMatchObject({
      correlationId: action.correlation_id ?? action.action_id,
      tenantId: 'acme',
      tenantTier: 'advance',
      actionId: action.action_id,
      actionType: 'leads.ingest',
      taskId: 'task-1',
    });
  });
});

describe('tier table and queue names', () => {
  it('holds the source systems’ quotas and timeouts', () => {
    expect(TIER_POLICIES.free).toMatchObject({
      perMinute: 10,
      perDay: 100,
      handlerTimeoutMs: 30_000,
      priority: 4,
    });
    expect(TIER_POLICIES.advance).toMatchObject({
      perMinute: 50,
      perDay: 1_000,
      handlerTimeoutMs: 60_000,
    });
    expect(TIER_POLICIES.professional).toMatchObject({
      perMinute: 200,
      perDay: 10_000,
      handlerTimeoutMs: 120_000,
    });
    expect(TIER_POLICIES.enterprise).toMatchObject({
      perMinute: null,
      perDay: null,
      handlerTimeoutMs: 300_000,
      priority: 1,
    });
  });

  it('maps {domain}:{tenant}:{tier} onto valid, distinct SQS names', () => {
    const address = { domain: 'leads', tenantId: 'acme', tier: 'enterprise' } as const;
    expect(actionQueueName(address)).toBe('leads:acme:enterprise');
    expect(toSqsQueueName(address)).toBe('leads-acme-enterprise');
    expect(toSqsQueueName(address, { prefix: 'prod-', fifo: true })).toBe(
      'prod-leads-acme-enterprise.fifo',
    );
    const odd = toSqsQueueName({ ...address, tenantId: 'ACME Corp/México' });
    const other = toSqsQueueName({ ...address, tenantId: 'ACME Corp/Mexico' });
    expect(odd).toMatch(/^leads-ACME_Corp_M_xico_[0-9a-f]{10}-enterprise$/);
    expect(odd).not.toBe(other);
    const long = toSqsQueueName({ ...address, tenantId: 't'.repeat(200) }, { fifo: true });
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[A-Za-z0-9_-]+\.fifo$/);
    expect(() => toSqsQueueName({ ...address, domain: 'Leads' })).toThrow(RangeError);
    expect(() => toSqsQueueName(address, { prefix: 'bad prefix' })).toThrow(RangeError);
  });
});
