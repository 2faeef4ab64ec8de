import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  type ExecutionContext,
  getExecutionContext,
  newCorrelationId,
  runWithContext,
} from '../../../src/shared/context/execution-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('execution context', () => {
  it('is undefined outside runWithContext', () => {
    // Act
    const context = getExecutionContext();

    // Assess
    expect(context).toBeUndefined();
  });

  it('is visible to the function and across awaits', async () => {
    // Prepare
    const given = { correlationId: 'corr-1', tenantId: 'acme', tenantTier: 'enterprise' };

    // Act
    const seen = await runWithContext(given, async () => {
      await sleep(1);
      return getExecutionContext();
    });

    // Assess
    expect(seen).toEqual(given);
  });

  it('returns what the function returns, sync or async', async () => {
    // Act
    const sync = runWithContext({ tenantId: 't' }, () => 42);
    const async = await runWithContext({ tenantId: 't' }, async () => 'done');

    // Assess
    expect(sync).toBe(42);
    expect(async).toBe('done');
  });

  it('generates a correlation id when none is given', () => {
    // Act
    const context = runWithContext({ tenantId: 'acme' }, () => getExecutionContext());

    // Assess
    expect(context?.correlationId).toMatch(UUID);
    expect(context?.tenantId).toBe('acme');
  });

  it('merges nested contexts, inner keys winning, and restores the outer one', () => {
    // Prepare
    const seen: (ExecutionContext | undefined)[] = [];

    // Act
    runWithContext({ correlationId: 'corr-outer', tenantId: 'acme', sessionId: 's-1' }, () => {
      runWithContext({ actionId: 'act-9', tenantId: 'globex', tenantTier: undefined }, () => {
        seen.push(getExecutionContext());
      });
      seen.push(getExecutionContext());
    });
    seen.push(getExecutionContext());

    // Assess
    expect(seen[0]).toEqual({
      correlationId: 'corr-outer',
      tenantId: 'globex',
      sessionId: 's-1',
      actionId: 'act-9',
    });
    expect(seen[1]).toEqual({ correlationId: 'corr-outer', tenantId: 'acme', sessionId: 's-1' });
    expect(seen[2]).toBeUndefined();
  });

  it('keeps the outer correlation id when the inner one is empty', () => {
    // Act
    const inner = runWithContext({ correlationId: 'corr-outer' }, () =>
      runWithContext({ correlationId: '', taskId: 'task-1' }, () => getExecutionContext()),
    );

    // Assess
    expect(inner).toEqual({ correlationId: 'corr-outer', taskId: 'task-1' });
  });

  it('carries extra keys', () => {
    // Act
    const context = runWithContext({ correlationId: 'c', region: 'mx' }, () =>
      getExecutionContext(),
    );

    // Assess
    expect(context?.region).toBe('mx');
  });

  it('hands out a frozen context', () => {
    // Act
    const context = runWithContext({ correlationId: 'c' }, () => getExecutionContext());

    // Assess
    expect(Object.isFrozen(context)).toBe(true);
  });

  it('isolates concurrent tasks from each other', async () => {
    // Prepare
    const tenants = Array.from({ length: 20 }, (_, index) => `tenant-${index}`);

    // Act
    const results = await Promise.all(
      tenants.map((tenantId, index) =>
        runWithContext({ tenantId }, async () => {
          const seen: (string | undefined)[] = [];
          for (let step = 0; step < 3; step += 1) {
            await sleep((index * 7 + step * 3) % 5);
            seen.push(getExecutionContext()?.tenantId);
          }
          const nested = await runWithContext({ actionId: `a-${index}` }, async () => {
            await sleep(index % 3);
            return getExecutionContext();
          });
          return { seen, nested };
        }),
      ),
    );

    // Assess
    results.forEach(({ seen, nested }, index) => {
      expect(seen).toEqual([`tenant-${index}`, `tenant-${index}`, `tenant-${index}`]);
      expect(nested?.tenantId).toBe(`tenant-${index}`);
      expect(nested?.actionId).toBe(`a-${index}`);
    });
    const ids = new Set(results.map(({ nested }) => nested?.correlationId));
    expect(ids.size).toBe(tenants.length);
  });

  it('newCorrelationId returns distinct UUIDs', () => {
    // Act
    const ids = [newCorrelationId(), newCorrelationId()];

    // Assess
    expect(ids[0]).toMatch(UUID);
    expect(ids[1]).not.toBe(ids[0]);
  });
});
