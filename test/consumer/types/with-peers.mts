// Type-checked by scripts/consumer-smoke.mjs in the strict project (skipLibCheck: false) once
// every optional peer is installed: each peer's own objects must fit the slice the SDK declares
// for it (docs/adr/0026), and the entries that name their peer must compile with it.
import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { HealthRegistry, setTelemetry } from '@baltra/sdk';
import { OpenAiAssistant } from '@baltra/sdk/ai';
import { createExpressEdge } from '@baltra/sdk/express';
import { baltraEdge } from '@baltra/sdk/fastify';
import { setupObservability } from '@baltra/sdk/legacy';
import { OpenTelemetryAdapter } from '@baltra/sdk/opentelemetry';
import { openPglite, openPostgres } from '@baltra/sdk/postgres';
import {
  loadPrometheusTelemetry,
  type PromClientModule,
  type PrometheusRegistry,
  PrometheusTelemetry,
} from '@baltra/sdk/prometheus';
import { createRedisClient, RedisCache, type RedisClient } from '@baltra/sdk/redis';
import { ensureSqsQueue, SqsMessageQueue } from '@baltra/sdk/sqs';
import { ensureStateMachine, SfnWorkflowGateway } from '@baltra/sdk/step-functions';
import { PGlite } from '@electric-sql/pglite';
import * as otel from '@opentelemetry/api';
import express from 'express';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import pg from 'pg';
import * as promClient from 'prom-client';

const ONBOARDING = 'arn:aws:states:eu-west-1:000000000000:stateMachine:onboarding';

export async function wire(): Promise<RedisClient> {
  const sqsConfig: SQSClientConfig = { region: 'eu-west-1', maxAttempts: 2 };
  const sqsClient = new SQSClient(sqsConfig);
  void new SqsMessageQueue({ client: sqsClient });
  void new SqsMessageQueue({ clientConfig: sqsConfig });
  await ensureSqsQueue(sqsClient, 'leads', {
    deadLetter: { queue: 'leads-dlq', maxReceiveCount: 5 },
  });

  const sfnConfig: SFNClientConfig = { region: 'eu-west-1' };
  const sfnClient = new SFNClient(sfnConfig);
  void new SfnWorkflowGateway({ client: sfnClient, stateMachineArns: { onboarding: ONBOARDING } });
  void new SfnWorkflowGateway({
    clientConfig: sfnConfig,
    stateMachineArns: { onboarding: ONBOARDING },
  });
  void ensureStateMachine;

  setTelemetry(
    new OpenTelemetryAdapter(otel, {
      tracer: otel.trace.getTracer('smoke'),
      meter: otel.metrics.getMeter('smoke'),
    }),
  );
  await setupObservability({ serviceName: 'smoke', api: otel });

  await openPostgres({
    pool: new pg.Pool({ connectionString: 'postgres://localhost/smoke' }),
  }).destroy();
  await openPglite({ client: new PGlite() }).destroy();

  const health = new HealthRegistry();
  const app = express();
  const edge = createExpressEdge({ health });
  app.use(edge.before);
  app.use(edge.after);

  await Fastify().register(baltraEdge, { health });

  const created: RedisClient = await createRedisClient({ url: 'redis://127.0.0.1:6379' });
  created.disconnect();
  // ioredis' own client fits the slice the SDK declares (RedisClient), and so does a duplicate.
  const own: RedisClient = new Redis({ lazyConnect: true });
  void new RedisCache(own.duplicate({ connectionName: 'smoke' }));
  // prom-client's own registry (the global one too) fits the slice the SDK declares.
  const registry: PrometheusRegistry = new promClient.Registry();
  const prometheus = await loadPrometheusTelemetry({ registry: promClient.register });
  // prom-client itself fits the slice of it the SDK declares (PromClientModule).
  const module: PromClientModule = promClient;
  void new PrometheusTelemetry(module, { registry });
  void prometheus.metrics();
  // openai's own client fits the slice the SDK declares (OpenAiClient).
  void new OpenAiAssistant({ client: new OpenAI({ apiKey: 'sk-smoke' }), model: 'gpt-4o-mini' });
  return own;
}
