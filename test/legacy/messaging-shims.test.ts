import {
  actionQueueName,
  createDomainAction,
  type DomainAction,
  type MessageQueue,
  type OutgoingMessage,
  type SendOutcome,
  toSqsQueueName,
} from '@baltra/sdk';
import { BaseWorker, consumeEvents, DomainQueueManager, publishEvent } from '@baltra/sdk/legacy';
import { InMemoryMessageQueue, silentLogger } from '@baltra/sdk/testing';
import { readDeadLetterRecord, type Worker } from '@baltra/sdk/worker';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually as waitFor } from '../support/eventually.js';
import { onlyWarning, useDeprecationSpy } from './support/deprecation-spy.js';

const eventually = (predicate: () => boolean) => waitFor(predicate, 8_000);

/** Refuses the first `failures` sends with `code` (retryable or not), then delegates. */
class RefusingQueue implements MessageQueue {
  attempts = 0;
  constructor(
    readonly inner: InMemoryMessageQueue,
    private failures: number,
    private readonly retryable = true,
  ) {}

  async send(queue: string, messages: readonly OutgoingMessage[]): Promise<SendOutcome> {
    this.attempts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      const failed = messages.map((_, index) => ({
        id: String(index),
        code: this.retryable ? 'ServiceUnavailable' : 'InvalidParameterValue',
        message: 'refused',
        retryable: this.retryable,
      }));
      return { sent: [], failed };
    }
    return this.inner.send(queue, messages);
  }
  receive: MessageQueue['receive'] = (...args) => this.inner.receive(...args);
  delete: MessageQueue['delete'] = (...args) => this.inner.delete(...args);
  changeVisibility: MessageQueue['changeVisibility'] = (...args) =>
    this.inner.changeVisibility(...args);
}

/** The envelope without the fields that differ between two sends (time, generated ids). */
function comparable(body: string): Partial<DomainAction> {
  const { created_at: _at, ...action } = JSON.parse(body) as DomainAction;
  return action;
}

describe('legacy messaging shims', () => {
  const deprecations = useDeprecationSpy();
  const workers: { stop(options?: { timeoutMs?: number }): Promise<unknown> }[] = [];
  let queue = new InMemoryMessageQueue();
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop({ timeoutMs: 1_000 })));
    queue.close();
    queue = new InMemoryMessageQueue();
  });

  describe('publishEvent', () => {
    it('sends the DomainAction createDomainAction + MessageQueue.send would send, and warns once', async () => {
      // Prepare
      queue.createQueue('citizen-registered');
      const event = { type: 'citizen.registered', payload: { citizenId: '1234567890' } };

      // Act
      const id = await publishEvent(queue, 'citizen-registered', event, {
        tenantId: 'acme',
        eventId: 'evt-1',
      });
      await publishEvent(queue, 'citizen-registered', event, {
        tenantId: 'acme',
        eventId: 'evt-2',
      });
      const action = createDomainAction({
        type: 'citizen.registered',
        tenantId: 'acme',
        actionId: 'evt-1',
        data: event.payload,
      });
      await queue.send('citizen-registered', [{ body: JSON.stringify(action) }]);

      // Assess
      const [legacy, , current] = queue.drain('citizen-registered');
      expect(id).toBe('evt-1');
      expect(comparable(legacy?.body ?? '{}')).toEqual(comparable(current?.body ?? '{}'));
      const warning = onlyWarning(deprecations, 'BALTRA_DEP005');
      expect(warning.message).toContain('publishEvent()');
      expect(warning.message).toContain('createDomainAction() with MessageQueue.send()');
    });

    it('retries transient refusals with backoff until the send goes out', async () => {
      // Prepare
      queue.createQueue('events');
      const flaky = new RefusingQueue(queue, 2);

      // Act
      await publishEvent(
        flaky,
        'events',
        { type: 'citizen.registered', payload: {} },
        {
          initialDelayMs: 1,
        },
      );

      // Assess
      expect(flaky.attempts).toBe(3);
      expect(queue.depth('events').total).toBe(1);
    });

    it('gives up after maxRetries attempts, and never retries a permanent refusal', async () => {
      // Prepare
      queue.createQueue('events');
      const down = new RefusingQueue(queue, 10);
      const refusing = new RefusingQueue(queue, 10, false);
      const event = { type: 'citizen.registered', payload: {} };

      // Act
      const exhausted = publishEvent(down, 'events', event, { maxRetries: 2, initialDelayMs: 1 });
      const refused = publishEvent(refusing, 'events', event, { initialDelayMs: 1 });

      const [exhaustedOutcome, refusedOutcome] = await Promise.allSettled([exhausted, refused]);

      // Assess
      expect(exhaustedOutcome).toMatchObject({
        status: 'rejected',
        reason: { code: 'ServiceUnavailable' },
      });
      expect(refusedOutcome).toMatchObject({
        status: 'rejected',
        reason: { code: 'InvalidParameterValue' },
      });
      expect(down.attempts).toBe(2);
      expect(refusing.attempts).toBe(1);
      expect(queue.depth('events').total).toBe(0);
    });
  });

  describe('consumeEvents', () => {
    it('hands each published payload to the handler through a Worker, and warns once', async () => {
      // Prepare
      queue.createQueue('citizen-registered');
      queue.createQueue('citizen-registered-dlq');
      const seen: unknown[] = [];
      await publishEvent(queue, 'citizen-registered', {
        type: 'citizen.registered',
        payload: { citizenId: '42' },
      });

      // Act
      const worker = consumeEvents(
        queue,
        'citizen-registered',
        (payload) => {
          seen.push(payload);
        },
        { waitTimeSeconds: 1, logger: silentLogger },
      );
      workers.push(worker);
      await eventually(() => queue.depth('citizen-registered').total === 0);

      // Assess
      expect(seen).toEqual([{ citizenId: '42' }]);
      expect(worker.stats().succeeded).toBe(1);
      const warning = onlyWarning(deprecations, 'BALTRA_DEP006');
      expect(warning.message).toContain('consumeEvents()');
      expect(warning.message).toContain('Worker with defineActionHandler()');
    });

    it('abandons a failing event and dead-letters it after maxRetries failed attempts, as the Worker does', async () => {
      // Prepare
      queue.createQueue('events');
      queue.createQueue('events-dlq');
      let attempts = 0;
      const id = await publishEvent(queue, 'events', { type: 'citizen.registered', payload: {} });
      await queue.send('events', [{ body: '{"citizen_id": 1}' }]); // not a DomainAction

      // Act
      const worker: Worker = consumeEvents(
        queue,
        'events',
        () => {
          attempts += 1;
          throw new Error('read model unavailable');
        },
        {
          maxRetries: 2,
          retry: { baseSeconds: 1, maxSeconds: 1 },
          waitTimeSeconds: 1,
          logger: silentLogger,
        },
      );
      workers.push(worker);
      await eventually(() => worker.stats().deadLettered === 2);

      // Assess
      expect(attempts).toBe(2);
      const dead = queue.drain('events-dlq');
      const byReason = Object.fromEntries(
        dead.map((message) => [readDeadLetterRecord(message)?.reason, message]),
      );
      const exhausted = byReason.max_attempts_exceeded;
      expect(exhausted && readDeadLetterRecord(exhausted)).toMatchObject({
        action_id: id,
        error_message: 'read model unavailable',
        receive_count: 2,
      });
      expect(byReason.invalid_envelope?.body).toBe('{"citizen_id": 1}');
    });

    it('dead-letters event types outside eventTypes as unknown_action_type', async () => {
      // Prepare
      queue.createQueue('events');
      queue.createQueue('audit-dlq');
      await publishEvent(queue, 'events', { type: 'citizen.deleted', payload: {} });

      // Act
      const worker = consumeEvents(queue, 'events', () => undefined, {
        eventTypes: ['citizen.registered'],
        deadLetterQueue: 'audit-dlq',
        waitTimeSeconds: 1,
        logger: silentLogger,
      });
      workers.push(worker);
      await eventually(() => worker.stats().deadLettered === 1);

      // Assess
      const [dead] = queue.drain('audit-dlq');
      expect(dead && readDeadLetterRecord(dead)?.reason).toBe('unknown_action_type');
    });
  });

  describe('DomainQueueManager', () => {
    it('names queues like toSqsQueueName / actionQueueName and enqueues by domain, tenant and tier; warns once', async () => {
      // Prepare
      const manager = new DomainQueueManager({ queue, prefix: 'prod-' });
      const logical = new DomainQueueManager({ queue, naming: 'logical' });
      const address = { domain: 'embedding', tenantId: 'tenant123', tier: 'professional' } as const;
      for (const tier of ['enterprise', 'professional', 'advance', 'free'] as const) {
        queue.createQueue(manager.getQueueName('embedding', 'tenant123', tier));
      }
      queue.createQueue('embedding:tenant123:free');

      // Act
      const sqsName = manager.getQueueName('embedding', 'tenant123', 'professional');
      const target = await manager.enqueueAction({
        type: 'embedding.generate',
        tenantId: 'tenant123',
        tier: 'professional',
        data: { text: 'hola' },
      });
      const ready = createDomainAction({
        type: 'embedding.generate',
        tenantId: 'tenant123',
        data: {},
      });
      const logicalTarget = await logical.enqueueAction(ready);

      // Assess
      expect(sqsName).toBe(toSqsQueueName(address, { prefix: 'prod-' }));
      expect(logical.getQueueName('embedding', 'tenant123', 'professional')).toBe(
        actionQueueName(address),
      );
      expect(target).toBe(sqsName);
      const [sent] = queue.drain(sqsName);
      expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({
        action_type: 'embedding.generate',
        tenant_tier: 'professional',
        data: { text: 'hola' },
      });
      expect(logicalTarget).toBe('embedding:tenant123:free');
      expect(JSON.parse(queue.drain(logicalTarget)[0]?.body ?? '{}')).toEqual(ready);
      expect(manager.getWorkerQueues('embedding', 'tenant123').map((q) => q.tier)).toEqual([
        'enterprise',
        'professional',
        'advance',
        'free',
      ]);
      expect(manager.getTierPriority('enterprise')).toBe(1);
      expect(manager.getTierPriority('free')).toBe(4);
      const warning = onlyWarning(deprecations, 'BALTRA_DEP009');
      expect(warning.message).toContain('DomainQueueManager');
      expect(warning.message).toContain('toSqsQueueName()');
    });

    it('enqueues on FIFO queues with a group and a deduplication id, to a target domain', async () => {
      // Prepare
      const manager = new DomainQueueManager({ queue, fifo: true });
      const name = manager.getQueueName('query', 'acme', 'free');
      queue.createQueue(name);
      const action = createDomainAction({
        type: 'embedding.generate',
        tenantId: 'acme',
        taskId: 'task-1',
        data: {},
      });

      // Act
      await manager.enqueueAction(action, 'query');
      await manager.enqueueAction(action, 'query'); // a duplicate within the window

      // Assess
      expect(name).toBe('query-acme-free.fifo');
      const stored = queue.drain(name);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ groupId: 'task-1', deduplicationId: action.action_id });
    });
  });

  describe('BaseWorker', () => {
    class EmbeddingWorker extends BaseWorker {
      readonly handled: DomainAction[] = [];
      protected async handleAction(action: DomainAction) {
        this.handled.push(action);
        return { length: String(action.data.text ?? '').length };
      }
    }

    it('runs handleAction for each action through a Worker; results go to the callback queue; warns once', async () => {
      // Prepare
      const manager = new DomainQueueManager({ queue, naming: 'logical' });
      const queues = manager.getWorkerQueues('embedding', 'acme');
      for (const { name } of queues) queue.createQueue(name);
      queue.createQueue('callbacks');
      await manager.enqueueAction({
        type: 'embedding.generate',
        tenantId: 'acme',
        tier: 'advance',
        data: { text: 'hola' },
        callbackQueue: 'callbacks',
      });

      // Act
      const worker = new EmbeddingWorker({
        queue,
        queues,
        waitTimeSeconds: 1,
        logger: silentLogger,
      }).start();
      workers.push(worker);
      new EmbeddingWorker({ queue, queues });
      await eventually(() => worker.worker.stats().succeeded === 1);
      const report = await worker.stop();

      // Assess
      expect(worker.handled.map((action) => action.data)).toEqual([{ text: 'hola' }]);
      const [callback] = queue.drain('callbacks');
      expect(JSON.parse(callback?.body ?? '{}')).toMatchObject({
        action_type: 'embedding.callback',
        data: { ok: true, result: { length: 4 } },
      });
      expect(report.drained).toBe(true);
      const warning = onlyWarning(deprecations, 'BALTRA_DEP010');
      expect(warning.message).toContain('BaseWorker');
      expect(warning.message).toContain('Worker with defineActionHandler()');
    });

    it('dead-letters action types it was not given, as the Worker does', async () => {
      // Prepare
      queue.createQueue('jobs');
      queue.createQueue('jobs-dlq');
      await queue.send('jobs', [
        {
          body: JSON.stringify(
            createDomainAction({ type: 'query.search', tenantId: 'acme', data: {} }),
          ),
        },
      ]);

      // Act
      const worker = new EmbeddingWorker({
        queue,
        queues: ['jobs'],
        actionTypes: ['embedding.generate'],
        waitTimeSeconds: 1,
        logger: silentLogger,
      }).start();
      workers.push(worker);
      await eventually(() => worker.worker.stats().deadLettered === 1);

      // Assess
      expect(worker.handled).toEqual([]);
      const [dead] = queue.drain('jobs-dlq');
      expect(dead && readDeadLetterRecord(dead)?.reason).toBe('unknown_action_type');
    });
  });
});
