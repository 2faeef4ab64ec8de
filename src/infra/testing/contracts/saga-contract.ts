import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { SagaJson, SagaStore } from '../../../domain/ports/saga-store.js';
import { SagaInterruptedError } from '../../../domain/services/saga-interrupted-error.js';
import {
  defineSaga,
  type SagaDefinition,
  SagaOrchestrator,
  type SagaStepEvent,
} from '../../../domain/services/saga-orchestrator.js';
import type { ContractTestApi } from './contract-test-api.js';
import { expectBaltraError } from './expect-baltra-error.js';

/** What the saga contract needs from a `SagaStore` under test. */
export interface SagaStoreHarness {
  readonly store: SagaStore;
  /** Releases connections; called once after the suite. */
  close?(): Promise<void>;
}

interface RecordingSaga {
  readonly saga: SagaDefinition<{ order: string; tags: string[] }>;
  /** `run a`, `compensate a`, … in the order they happened. */
  readonly log: string[];
}

/** A saga whose steps log what they do; `failRun`/`failCompensate` name steps that throw. */
function recordingSaga(
  steps: readonly string[],
  faults: { failRun?: string; failCompensate?: string } = {},
): RecordingSaga {
  const log: string[] = [];
  const saga = defineSaga<{ order: string; tags: string[] }>(
    `contract-saga-${randomUUID()}`,
    steps.map((name) => ({
      name,
      async run() {
        log.push(`run ${name}`);
        if (faults.failRun === name) throw new Error(`${name} failed`);
      },
      async compensate() {
        log.push(`compensate ${name}`);
        if (faults.failCompensate === name) throw new Error(`undo ${name} failed`);
      },
    })),
  );
  return { saga, log };
}

/** An `onStepCompleted` hook that simulates a crash right after `step` (in `phase`) persisted. */
function crashAfter(step: string, phase: SagaStepEvent['phase']) {
  return (event: SagaStepEvent): void => {
    if (event.step === step && event.phase === phase) throw new SagaInterruptedError(event.sagaId);
  };
}

const INPUT = { order: 'o-1', tags: ['a', 'b'] } satisfies SagaJson;

/**
 * The behaviour every `SagaStore` must support under the `SagaOrchestrator`: steps in order,
 * reverse compensation on failure, failed compensations recorded and surfaced as
 * `SAGA_COMPENSATION_FAILED`, idempotent starts, and recovery after a crash between two
 * steps or during compensation (`resume`, `resumeAll`). Ids and saga types are random, so a
 * shared database is fine.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { InMemorySagaStore, sagaContract } from '@baltra/sdk/testing';
 *
 * sagaContract('in-memory', async () => ({ store: new InMemorySagaStore() }),
 *   { describe, it, beforeAll, afterAll });
 * ```
 */
export function sagaContract(
  adapterName: string,
  setup: () => Promise<SagaStoreHarness>,
  { describe, it, beforeAll, afterAll }: ContractTestApi,
): void {
  let harness: SagaStoreHarness | undefined;
  const store = (): SagaStore => {
    assert.ok(harness, 'the saga store harness was not set up');
    return harness.store;
  };
  const orchestrator = (onStepCompleted?: (event: SagaStepEvent) => void) =>
    new SagaOrchestrator(store(), {}, onStepCompleted ? { onStepCompleted } : {});
  const anId = () => `saga-${randomUUID()}`;

  describe(`${adapterName}: SagaStore contract`, () => {
    beforeAll(async () => {
      harness = await setup();
    });
    afterAll(async () => {
      await harness?.close?.();
    });

    it('stores records: get returns what was created, duplicates and unknown ids fail', async () => {
      const id = anId();
      const record = {
        id,
        type: 'contract-store',
        status: 'running' as const,
        input: { nested: { list: [1, 'two', null, true] } },
        completedSteps: ['a'],
        compensatedSteps: [],
        failedCompensations: [{ step: 'x', error: 'boom' }],
        updatedAt: new Date('2026-11-23T10:00:00.000Z'),
      };

      await store().create(record);

      assert.deepEqual(await store().get(id), record);
      assert.equal(await store().get(anId()), null);
      await expectBaltraError(store().create(record), 'SAGA_ALREADY_EXISTS');
      await expectBaltraError(store().save({ ...record, id: anId() }), 'NOT_FOUND');
      await store().save({ ...record, status: 'completed', error: 'why' });
      assert.deepEqual(await store().get(id), { ...record, status: 'completed', error: 'why' });
    });

    it('runs the steps in order and completes', async () => {
      const { saga, log } = recordingSaga(['a', 'b', 'c']);
      const id = anId();

      const record = await orchestrator().start(saga, id, INPUT);

      assert.deepEqual(log, ['run a', 'run b', 'run c']);
      assert.equal(record.status, 'completed');
      assert.deepEqual(record.completedSteps, ['a', 'b', 'c']);
      assert.deepEqual(await store().get(id), record);
    });

    it('compensates the completed steps in reverse order when step k fails', async () => {
      const { saga, log } = recordingSaga(['a', 'b', 'c', 'd'], { failRun: 'c' });
      const id = anId();

      const record = await orchestrator().start(saga, id, INPUT);

      assert.deepEqual(log, ['run a', 'run b', 'run c', 'compensate b', 'compensate a']);
      assert.equal(record.status, 'compensated');
      assert.deepEqual(record.completedSteps, ['a', 'b']);
      assert.deepEqual(record.compensatedSteps, ['b', 'a']);
      assert.match(record.error ?? '', /c failed/);
      assert.deepEqual(await store().get(id), record);
    });

    it('records a failed compensation, still runs the others and throws SAGA_COMPENSATION_FAILED', async () => {
      const { saga, log } = recordingSaga(['a', 'b', 'c'], { failRun: 'c', failCompensate: 'b' });
      const id = anId();

      await expectBaltraError(orchestrator().start(saga, id, INPUT), 'SAGA_COMPENSATION_FAILED');

      assert.deepEqual(log, ['run a', 'run b', 'run c', 'compensate b', 'compensate a']);
      const stored = await store().get(id);
      assert.equal(stored?.status, 'failed');
      assert.deepEqual(stored?.compensatedSteps, ['a']);
      assert.equal(stored?.failedCompensations.length, 1);
      assert.equal(stored?.failedCompensations[0]?.step, 'b');
      assert.match(stored?.failedCompensations[0]?.error ?? '', /undo b failed/);
      await expectBaltraError(orchestrator().start(saga, id, INPUT), 'SAGA_COMPENSATION_FAILED');
      assert.equal(log.length, 5, 'a failed saga is not run again');
    });

    it('starts idempotently: a finished saga returns its record without running anything', async () => {
      const { saga, log } = recordingSaga(['a', 'b']);
      const id = anId();
      const first = await orchestrator().start(saga, id, INPUT);

      const second = await orchestrator().start(saga, id, INPUT);

      assert.deepEqual(log, ['run a', 'run b']);
      assert.deepEqual(second, first);
    });

    it('resumes a saga that crashed between two steps and completes it', async () => {
      const { saga, log } = recordingSaga(['a', 'b', 'c']);
      const id = anId();
      await expectBaltraError(
        orchestrator(crashAfter('a', 'run')).start(saga, id, INPUT),
        'SAGA_INTERRUPTED',
      );
      const crashed = await store().get(id);

      const record = await orchestrator().resume(saga, id);

      assert.equal(crashed?.status, 'running');
      assert.deepEqual(crashed?.completedSteps, ['a']);
      assert.deepEqual(log, ['run a', 'run b', 'run c']);
      assert.equal(record.status, 'completed');
      assert.deepEqual(await store().get(id), record);
    });

    it('resumes a saga that crashed during compensation and finishes compensating', async () => {
      const { saga, log } = recordingSaga(['a', 'b', 'c'], { failRun: 'c' });
      const id = anId();
      await expectBaltraError(
        orchestrator(crashAfter('b', 'compensate')).start(saga, id, INPUT),
        'SAGA_INTERRUPTED',
      );
      const crashed = await store().get(id);

      const record = await orchestrator().resume(saga, id);

      assert.equal(crashed?.status, 'compensating');
      assert.deepEqual(crashed?.compensatedSteps, ['b']);
      assert.deepEqual(log, ['run a', 'run b', 'run c', 'compensate b', 'compensate a']);
      assert.equal(record.status, 'compensated');
      assert.deepEqual(record.compensatedSteps, ['b', 'a']);
    });

    it('resumeAll finishes the unfinished sagas of known types and skips the others', async () => {
      const forward = recordingSaga(['a', 'b']);
      const backward = recordingSaga(['a', 'b', 'c'], { failRun: 'c' });
      const unknown = recordingSaga(['a', 'b']);
      const ids = { forward: anId(), backward: anId(), unknown: anId() };
      await expectBaltraError(
        orchestrator(crashAfter('a', 'run')).start(forward.saga, ids.forward, INPUT),
        'SAGA_INTERRUPTED',
      );
      await expectBaltraError(
        orchestrator(crashAfter('b', 'compensate')).start(backward.saga, ids.backward, INPUT),
        'SAGA_INTERRUPTED',
      );
      await expectBaltraError(
        orchestrator(crashAfter('a', 'run')).start(unknown.saga, ids.unknown, INPUT),
        'SAGA_INTERRUPTED',
      );

      const report = await orchestrator().resumeAll([forward.saga, backward.saga], 1_000);

      const statusOf = (id: string) => report.finished.find((r) => r.id === id)?.status;
      assert.equal(statusOf(ids.forward), 'completed');
      assert.equal(statusOf(ids.backward), 'compensated');
      assert.ok(report.skipped.some((r) => r.id === ids.unknown));
      const unfinished = (await store().listUnfinished(1_000)).map((r) => r.id);
      assert.ok(!unfinished.includes(ids.forward) && !unfinished.includes(ids.backward));
      assert.ok(unfinished.includes(ids.unknown));
    });
  });
}
