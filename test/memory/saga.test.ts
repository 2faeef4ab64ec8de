import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defineSaga,
  isBaltraError,
  SagaCompensationFailedError,
  SagaInterruptedError,
  SagaOrchestrator,
  type SagaRecord,
  type SagaStep,
} from '../../src/domain/index.js';
import { InMemorySagaStore, sagaContract } from '../../src/infra/testing/index.js';

sagaContract('in-memory', async () => ({ store: new InMemorySagaStore() }), {
  describe,
  it,
  beforeAll,
  afterAll,
});

const fixedClock = (iso = '2026-11-23T12:00:00.000Z') => ({ now: () => new Date(iso) });

const aStep = (name: string, overrides: Partial<SagaStep<{ n: number }>> = {}) => ({
  name,
  run: async () => {},
  compensate: async () => {},
  ...overrides,
});

const aRecord = (overrides: Partial<SagaRecord> = {}): SagaRecord => ({
  id: 'saga-1',
  type: 'demo',
  status: 'running',
  input: { n: 1 },
  completedSteps: [],
  compensatedSteps: [],
  failedCompensations: [],
  updatedAt: new Date('2026-11-23T10:00:00.000Z'),
  ...overrides,
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('defineSaga', () => {
  it('rejects duplicate and empty step names and an empty type', () => {
    for (const define of [
      () => defineSaga('demo', [aStep('a'), aStep('a')]),
      () => defineSaga('demo', [aStep('')]),
      () => defineSaga('', [aStep('a')]),
    ]) {
      expect(define).toThrow(expect.objectContaining({ code: 'SAGA_INVALID' }));
    }
  });
});

describe('SagaOrchestrator', () => {
  it('persists each step before the next one runs, stamped by the clock', async () => {
    const store = new InMemorySagaStore();
    let seenByB: SagaRecord | null = null;
    const saga = defineSaga<{ n: number }>('demo', [
      aStep('a'),
      aStep('b', {
        run: async ({ sagaId }) => {
          seenByB = await store.get(sagaId);
        },
      }),
    ]);

    const record = await new SagaOrchestrator(store, fixedClock()).start(saga, 'saga-1', { n: 1 });

    expect(seenByB).toMatchObject({ status: 'running', completedSteps: ['a'] });
    expect(record.updatedAt.toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });

  it('hands each step the saga id and the input', async () => {
    const seen: unknown[] = [];
    const saga = defineSaga<{ n: number }>('demo', [
      aStep('a', { run: async (context) => void seen.push(context) }),
    ]);

    await new SagaOrchestrator(new InMemorySagaStore()).start(saga, 'saga-1', { n: 7 });

    expect(seen).toEqual([{ sagaId: 'saga-1', input: { n: 7 } }]);
  });

  it('does not compensate when a step throws SagaInterruptedError (shutdown)', async () => {
    const store = new InMemorySagaStore();
    const compensated: string[] = [];
    const saga = defineSaga<{ n: number }>('demo', [
      aStep('a', { compensate: async () => void compensated.push('a') }),
      aStep('b', {
        run: async ({ sagaId }) => {
          throw new SagaInterruptedError(sagaId);
        },
      }),
    ]);

    const error = await caught(new SagaOrchestrator(store).start(saga, 'saga-1', { n: 1 }));

    expect(error).toBeInstanceOf(SagaInterruptedError);
    expect(compensated).toEqual([]);
    expect(await store.get('saga-1')).toMatchObject({ status: 'running', completedSteps: ['a'] });
  });

  it('start resumes an unfinished saga of the same id', async () => {
    const store = new InMemorySagaStore();
    await store.create(aRecord({ completedSteps: ['a'] }));
    const ran: string[] = [];
    const saga = defineSaga<{ n: number }>('demo', [
      aStep('a', { run: async () => void ran.push('a') }),
      aStep('b', { run: async () => void ran.push('b') }),
    ]);

    const record = await new SagaOrchestrator(store).start(saga, 'saga-1', { n: 1 });

    expect(ran).toEqual(['b']);
    expect(record.status).toBe('completed');
  });

  it('fails resume with NOT_FOUND for an unknown id and SAGA_TYPE_MISMATCH for another type', async () => {
    const store = new InMemorySagaStore();
    await store.create(aRecord({ type: 'other' }));
    const orchestrator = new SagaOrchestrator(store);
    const saga = defineSaga<{ n: number }>('demo', [aStep('a')]);

    const missing = await caught(orchestrator.resume(saga, 'nope'));
    const mismatch = await caught(orchestrator.resume(saga, 'saga-1'));

    expect(isBaltraError(missing) && missing.code).toBe('NOT_FOUND');
    expect(isBaltraError(mismatch) && mismatch.code).toBe('SAGA_TYPE_MISMATCH');
  });

  it('resumeAll reports sagas whose compensation fails and carries on with the others', async () => {
    const store = new InMemorySagaStore();
    await store.create(aRecord({ id: 's1', status: 'compensating', completedSteps: ['a'] }));
    await store.create(aRecord({ id: 's2', completedSteps: ['a'] }));
    const saga = defineSaga<{ n: number }>('demo', [
      aStep('a', {
        compensate: async () => {
          throw new Error('undo a failed');
        },
      }),
      aStep('b'),
    ]);

    const report = await new SagaOrchestrator(store).resumeAll([saga]);

    expect(report.failed.map((r) => [r.id, r.status])).toEqual([['s1', 'failed']]);
    expect(report.failed[0]?.failedCompensations).toEqual([
      { step: 'a', error: 'Error: undo a failed' },
    ]);
    expect(report.finished.map((r) => [r.id, r.status])).toEqual([['s2', 'completed']]);
    expect(report.skipped).toEqual([]);
  });

  it('throws SagaCompensationFailedError carrying the failed record', async () => {
    const saga = defineSaga<{ n: number }>('demo', [
      aStep('a', {
        compensate: async () => {
          throw new Error('nope');
        },
      }),
      aStep('b', {
        run: async () => {
          throw new Error('b broke');
        },
      }),
    ]);

    const error = await caught(
      new SagaOrchestrator(new InMemorySagaStore()).start(saga, 'saga-1', { n: 1 }),
    );

    expect(error).toBeInstanceOf(SagaCompensationFailedError);
    expect((error as SagaCompensationFailedError).record).toMatchObject({
      status: 'failed',
      error: 'Error: b broke',
      failedCompensations: [{ step: 'a', error: 'Error: nope' }],
    });
    expect((error as SagaCompensationFailedError).context).toMatchObject({
      sagaId: 'saga-1',
      steps: ['a'],
    });
  });
});

describe('InMemorySagaStore', () => {
  it('lists unfinished sagas oldest first, up to the limit', async () => {
    const store = new InMemorySagaStore();
    await store.create(aRecord({ id: 'late', updatedAt: new Date('2026-11-23T11:00:00Z') }));
    await store.create(aRecord({ id: 'done', status: 'completed' }));
    await store.create(
      aRecord({ id: 'early', status: 'compensating', updatedAt: new Date('2026-11-23T09:00:00Z') }),
    );

    expect((await store.listUnfinished(10)).map((r) => r.id)).toEqual(['early', 'late']);
    expect((await store.listUnfinished(1)).map((r) => r.id)).toEqual(['early']);
  });

  it('hands out copies, so callers cannot change the stored state', async () => {
    const store = new InMemorySagaStore();
    await store.create(aRecord());

    const copy = await store.get('saga-1');
    if (copy) (copy.completedSteps as string[]).push('mutated');

    expect((await store.get('saga-1'))?.completedSteps).toEqual([]);
  });
});
