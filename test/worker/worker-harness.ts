// Shared set-up of the worker tests: an in-memory queue with a dead-letter queue, a worker
// factory that stops every worker after each test, and DomainAction helpers.
import { createDomainAction, type DomainAction, type TenantTier } from '@baltra/sdk';
import { anEvent, InMemoryMessageQueue, silentLogger } from '@baltra/sdk/testing';
import {
  type ActionHandler,
  defineActionHandler,
  Worker,
  type WorkerOptions,
} from '@baltra/sdk/worker';
import { afterEach } from 'vitest';
import { z } from 'zod';

export { eventually } from '../support/eventually.js';

export interface Harness {
  readonly queue: InMemoryMessageQueue;
  startWorker(options: Partial<WorkerOptions> & { handlers: Iterable<ActionHandler> }): Worker;
  send(queueName: string, ...bodies: (string | DomainAction)[]): Promise<void>;
}

export function useWorkerHarness(queueNames: readonly string[] = ['jobs']): Harness {
  const workers: Worker[] = [];
  let queue = new InMemoryMessageQueue();
  const harness: Harness = {
    get queue() {
      return queue;
    },
    startWorker(options) {
      const worker = new Worker({
        queue,
        queues: queueNames,
        waitTimeSeconds: 1,
        logger: silentLogger,
        ...options,
      });
      workers.push(worker);
      return worker.start();
    },
    async send(queueName, ...bodies) {
      const outcome = await queue.send(
        queueName,
        bodies.map((body) => ({ body: typeof body === 'string' ? body : JSON.stringify(body) })),
      );
      if (outcome.failed.length > 0) throw new Error(JSON.stringify(outcome.failed));
    },
  };
  const create = () => {
    queue = new InMemoryMessageQueue();
    for (const name of queueNames) {
      queue.createQueue(name, { visibilityTimeoutSeconds: 30 });
      queue.createQueue(`${name}-dlq`);
    }
    queue.createQueue('callbacks');
  };
  create();
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop({ timeoutMs: 1_000 })));
    queue.close();
    create();
  });
  return harness;
}

export function anAction(
  type: string,
  data: Record<string, unknown>,
  overrides: {
    tenantId?: string;
    tier?: TenantTier;
    actionId?: string;
    callbackQueue?: string;
  } = {},
): DomainAction {
  return createDomainAction({
    type,
    data,
    tenantId: overrides.tenantId ?? 'acme',
    tier: overrides.tier ?? 'enterprise',
    ...(overrides.actionId && { actionId: overrides.actionId }),
    ...(overrides.callbackQueue && { callbackQueue: overrides.callbackQueue }),
  });
}

/** `jobs.record`: one outbox row per action (the effect tests count), result `{ n }`. */
export const recordHandler = defineActionHandler({
  type: 'jobs.record',
  schema: z.object({ n: z.number() }),
  async handle(data, { action, repositories }) {
    await repositories.outbox.append([anEvent({ aggregateId: action.action_id, payload: data })]);
    return { n: data.n };
  },
});
