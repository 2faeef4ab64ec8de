// Type-checked by scripts/consumer-smoke.mjs in a strict project (skipLibCheck: false) with no
// optional peer installed (docs/adr/0026): every entry's declarations must compile, except
// that /fastify may fail on its own peer (`fastify`) and nothing else. With every peer
// installed it must compile without a single error.
// The @ts-expect-error lines prove the declared slices are real types, not `any`.
import * as root from '@baltra/sdk';
import * as ai from '@baltra/sdk/ai';
import * as container from '@baltra/sdk/container';
import * as express from '@baltra/sdk/express';
import * as fastify from '@baltra/sdk/fastify';
import * as legacy from '@baltra/sdk/legacy';
import * as meta from '@baltra/sdk/meta';
import * as opentelemetry from '@baltra/sdk/opentelemetry';
import * as postgres from '@baltra/sdk/postgres';
import * as prometheus from '@baltra/sdk/prometheus';
import * as redis from '@baltra/sdk/redis';
import * as reporting from '@baltra/sdk/reporting';
import * as sqs from '@baltra/sdk/sqs';
import * as stepFunctions from '@baltra/sdk/step-functions';
import * as testing from '@baltra/sdk/testing';
import * as worker from '@baltra/sdk/worker';

export const entries = {
  root,
  ai,
  container,
  express,
  fastify,
  legacy,
  meta,
  opentelemetry,
  postgres,
  prometheus,
  redis,
  reporting,
  sqs,
  stepFunctions,
  testing,
  worker,
};

const clientConfig: sqs.AwsClientConfig = {
  region: 'eu-west-1',
  endpoint: 'http://127.0.0.1:4566',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 3,
};
export const queue = new sqs.SqsMessageQueue({ clientConfig });
export const workflows = new stepFunctions.SfnWorkflowGateway({
  clientConfig: { ...clientConfig, endpoint: { url: new URL('http://127.0.0.1:4566') } },
  stateMachineArns: { onboarding: 'arn:aws:states:eu-west-1:000000000000:stateMachine:o' },
});
export const telemetry: Promise<opentelemetry.OpenTelemetryAdapter> = legacy.setupObservability({
  serviceName: 'smoke',
});

export function notAny(otel: opentelemetry.OpenTelemetryApi): void {
  // @ts-expect-error the region is a string
  void new sqs.SqsMessageQueue({ clientConfig: { region: 42 } });
  void new stepFunctions.SfnWorkflowGateway({
    // @ts-expect-error the SDK creates clients from the declared options only
    clientConfig: { requestHandler: {} },
    stateMachineArns: { onboarding: 'arn' },
  });
  // @ts-expect-error a number is no OpenTelemetry API
  void new opentelemetry.OpenTelemetryAdapter(42);
  // @ts-expect-error a tracer has startSpan
  void new opentelemetry.OpenTelemetryAdapter(otel, { tracer: {} });
  // @ts-expect-error `api` is the OpenTelemetry API
  void legacy.setupObservability({ serviceName: 'smoke', api: {} });
  // @ts-expect-error a pool has connect and end
  void postgres.openPostgres({ pool: {} });
  // @ts-expect-error a Redis client has the commands the adapters send
  void new redis.RedisCache({ get: () => Promise.resolve(null) });
  // @ts-expect-error a registry renders its metrics
  void prometheus.prometheusSeriesNames({ contentType: 'text/plain' });
  // @ts-expect-error an OpenAI client has chat.completions.create
  void new ai.OpenAiAssistant({ client: { chat: {} } });
}

export async function redisClientFromUrl(): Promise<redis.RedisClient> {
  const client = await redis.createRedisClient({ url: 'redis://127.0.0.1:6379/0' });
  const pong: string = await client.ping();
  void pong;
  return client;
}
