// One request followed across the outbox and two queues: an HTTP request (Express edge) moves
// a candidate, which appends an event to the outbox; the relay publishes it; a consumer of the
// events (user code) sends a DomainAction with a callback queue; the Worker runs it and sends
// the callback. Shared by the in-memory and the SQS (moto) variants.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDomainAction,
  FunnelService,
  getTelemetry,
  type MessageQueue,
  type ReceivedMessage,
  readMessageTraceContext,
  type UnitOfWork,
} from '@baltra/sdk';
import { createExpressEdge } from '@baltra/sdk/express';
import { aCandidate, aCompany, silentLogger } from '@baltra/sdk/testing';
import { defineActionHandler, OutboxRelay, Worker } from '@baltra/sdk/worker';
import express from 'express';
import { expect } from 'vitest';
import { z } from 'zod';
import { eventually } from '../support/eventually.js';

/** The queues of the scenario (all created by the caller; `jobs` with `jobs-dlq`). */
export interface ScenarioQueues {
  readonly events: string;
  readonly jobs: string;
  readonly results: string;
}

export interface ScenarioResult {
  /** The callback message the Worker sent for the action. */
  readonly callback: ReceivedMessage;
}

export const ACTION_TYPE = 'funnel.notify_screening';

export async function runCrossQueueScenario(options: {
  readonly queue: MessageQueue;
  readonly names: ScenarioQueues;
  readonly unitOfWork: UnitOfWork;
  /** Sent as the request's `traceparent` header; without it the edge starts the trace. */
  readonly traceparent?: string;
}): Promise<ScenarioResult> {
  const { queue, names, unitOfWork } = options;
  const company = aCompany();
  const candidate = aCandidate({ companyId: company.id });
  await unitOfWork.run(async ({ companies, candidates }) => {
    await companies.add(company);
    await candidates.add(candidate);
  });

  // 1. The request: the use case appends `candidate.stage_changed` to the outbox.
  const edge = createExpressEdge({ logger: silentLogger, logRequests: false });
  const app = express();
  app.use(edge.before);
  app.post('/v1/candidates/:id/screening', async (req, res) => {
    await unitOfWork.run((repos) =>
      new FunnelService(repos).moveCandidate({ candidateId: req.params.id, to: 'screening' }),
    );
    res.status(204).end();
  });
  app.use(edge.after);
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(
      `http://127.0.0.1:${port}/v1/candidates/${candidate.id}/screening`,
      {
        method: 'POST',
        headers: options.traceparent === undefined ? {} : { traceparent: options.traceparent },
      },
    );
    expect(response.status).toBe(204);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  // 2. The relay publishes the event.
  const relay = new OutboxRelay({ unitOfWork, queue, destination: names.events });
  expect(await relay.relayOnce()).toMatchObject({ published: 1 });

  // 3. A consumer of the events (user code) turns it into an action, in the event's trace.
  const [event] = await receiveOne(queue, names.events);
  const telemetry = getTelemetry();
  const parent = readMessageTraceContext(event);
  const span = telemetry.startSpan(`process ${names.events}`, {
    kind: 'consumer',
    ...(parent === undefined ? {} : { parent, links: [parent] }),
  });
  await telemetry.withSpan(span, () =>
    queue.send(names.jobs, [
      {
        body: JSON.stringify(
          createDomainAction({
            type: ACTION_TYPE,
            tenantId: 'acme',
            data: { candidate_id: candidate.id },
            callbackQueue: names.results,
          }),
        ),
      },
    ]),
  );
  span.end();
  await queue.delete(names.events, [event.receiptHandle]);

  // 4. The Worker runs the action and answers on the callback queue.
  const notify = defineActionHandler({
    type: ACTION_TYPE,
    schema: z.object({ candidate_id: z.string() }),
    async handle(data) {
      return { notified: data.candidate_id };
    },
  });
  const worker = new Worker({
    queue,
    queues: [names.jobs],
    handlers: [notify],
    waitTimeSeconds: 1,
    logger: silentLogger,
  }).start();
  try {
    await eventually(() => worker.stats().succeeded === 1, 20_000);
  } finally {
    await worker.stop({ timeoutMs: 5_000 });
  }
  const [callback] = await receiveOne(queue, names.results);
  return { callback };
}

async function receiveOne(
  queue: MessageQueue,
  name: string,
): Promise<[ReceivedMessage, ...ReceivedMessage[]]> {
  for (let polls = 0; polls < 10; polls += 1) {
    const messages = await queue.receive(name, { waitTimeSeconds: 1 });
    const [first] = messages;
    if (first !== undefined) return [first, ...messages.slice(1)];
  }
  throw new Error(`no message on ${name}`);
}
