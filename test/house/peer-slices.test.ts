// The slices of optional peers that the SDK declares instead of importing (docs/adr/0026): the
// real peers must fit them (checked by `npm run typecheck`, which compiles this file), they must
// not be `any` (the @ts-expect-error lines fail to compile if they were), and what they
// declare must work with the real peer at run time.
import { randomUUID } from 'node:crypto';
import type * as Sfn from '@aws-sdk/client-sfn';
import * as Sqs from '@aws-sdk/client-sqs';
import { setupObservability } from '@baltra/sdk/legacy';
import {
  OpenTelemetryAdapter,
  type OpenTelemetryApi,
  type OpenTelemetryContext,
  type OpenTelemetryMeter,
  type OpenTelemetrySpan,
  type OpenTelemetryTracer,
} from '@baltra/sdk/opentelemetry';
import { RedisCache, type RedisClient, redisPingCheck } from '@baltra/sdk/redis';
import {
  type AwsClientConfig,
  ensureSqsQueue,
  type SqsClient,
  SqsMessageQueue,
} from '@baltra/sdk/sqs';
import { type SfnClient, SfnWorkflowGateway } from '@baltra/sdk/step-functions';
import type * as OtelApi from '@opentelemetry/api';
import * as api from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Redis } from 'ioredis';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { describeWithMoto, motoUrl } from '../support/moto.js';
import { describeWithRedis, redisUrl, uniqueKeyPrefix } from '../support/redis.js';

/** The options of an AWS client config that the slice declares, as the AWS SDK types them. */
type DeclaredOptions<Config> = Pick<Config, keyof AwsClientConfig & keyof Config>;

describe('the OpenTelemetry slices', () => {
  it('are fitted by @opentelemetry/api itself, its Tracer, Meter, Span and Context', () => {
    expectTypeOf<typeof OtelApi>().toExtend<OpenTelemetryApi>();
    expectTypeOf<OtelApi.Tracer>().toExtend<OpenTelemetryTracer>();
    expectTypeOf<OtelApi.Meter>().toExtend<OpenTelemetryMeter>();
    expectTypeOf<OtelApi.Span>().toExtend<OpenTelemetrySpan>();
    expectTypeOf<OtelApi.Context>().toExtend<OpenTelemetryContext>();
    // Not `any`: something that is no tracer is refused.
    expectTypeOf<{ startSpan: string }>().not.toExtend<OpenTelemetryTracer>();
    // @ts-expect-error a number is no OpenTelemetry API
    void (() => new OpenTelemetryAdapter(42));
  });

  it('record a span on a Tracer of the OpenTelemetry SDK passed in as `tracer`', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const telemetry = new OpenTelemetryAdapter(api, { tracer: provider.getTracer('slices') });

    const span = telemetry.startSpan('import leads', { kind: 'producer', attributes: { n: 3 } });
    span.recordError(Object.assign(new Error('boom'), { code: 'E_BOOM' }));
    const identity = span.identity();
    span.end();

    const [finished] = exporter.getFinishedSpans();
    expect(finished?.name).toBe('import leads');
    expect(finished?.kind).toBe(api.SpanKind.PRODUCER);
    expect(finished?.attributes).toMatchObject({ n: 3 });
    expect(finished?.status).toEqual({ code: api.SpanStatusCode.ERROR, message: 'E_BOOM' });
    expect(identity?.spanId).toBe(finished?.spanContext().spanId);
  });

  it('let /legacy take the module as `api`', async () => {
    process.noDeprecation = true;
    const telemetry = await setupObservability({ serviceName: 'slices', api });

    expect(telemetry).toBeInstanceOf(OpenTelemetryAdapter);
  });
});

describe('the AWS slices', () => {
  it('are fitted by SQSClient, SFNClient and their configs, and fit the configs back', () => {
    expectTypeOf<Sqs.SQSClient>().toExtend<SqsClient>();
    expectTypeOf<Sfn.SFNClient>().toExtend<SfnClient>();
    // A config typed by the AWS SDK passes as it is …
    expectTypeOf<DeclaredOptions<Sqs.SQSClientConfig>>().toExtend<AwsClientConfig>();
    expectTypeOf<DeclaredOptions<Sfn.SFNClientConfig>>().toExtend<AwsClientConfig>();
    expectTypeOf<Sqs.SQSClientConfig>().toExtend<AwsClientConfig>();
    // … and the SDK hands the slice to the AWS SDK's constructors unchanged.
    expectTypeOf<AwsClientConfig>().toExtend<Sqs.SQSClientConfig>();
    expectTypeOf<AwsClientConfig>().toExtend<Sfn.SFNClientConfig>();
    // Not `any`: a wrong option type and an unknown option are refused.
    // @ts-expect-error the region is a string
    void new SqsMessageQueue({ clientConfig: { region: 42 } });
    void new SfnWorkflowGateway({
      stateMachineArns: { onboarding: 'arn' },
      // @ts-expect-error options beyond the slice need a client of your own
      clientConfig: { region: 'eu-west-1', requestHandler: {} },
    });
  });
});

describeWithMoto('AwsClientConfig on moto_server', () => {
  it('reaches SQS with an endpoint object, provided region and provided credentials', async () => {
    const endpoint = motoUrl() as string;
    const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
    const name = `slices-${randomUUID().slice(0, 8)}`;
    await ensureSqsQueue(
      new Sqs.SQSClient({ endpoint, region: 'us-west-2', credentials, maxAttempts: 1 }),
      name,
    );
    const logged: unknown[] = [];
    const clientConfig: AwsClientConfig = {
      region: async () => 'us-west-2',
      endpoint: { url: new URL(endpoint) },
      credentials: async () => credentials,
      maxAttempts: 1,
      logger: { debug: () => {}, info: () => {}, warn: (m) => logged.push(m), error: () => {} },
    };
    const queue = new SqsMessageQueue({ clientConfig });

    const sent = await queue.send(name, [{ body: 'through the slice' }]);
    const received = await queue.receive(name, { waitTimeSeconds: 1 });

    expect(sent.failed).toEqual([]);
    expect(received.map((message) => message.body)).toEqual(['through the slice']);
  });
});

describe('the Redis slice', () => {
  it('is fitted by an ioredis Redis, its duplicate and its MULTI', () => {
    expectTypeOf<Redis>().toExtend<RedisClient>();
    expectTypeOf<ReturnType<Redis['duplicate']>>().toExtend<RedisClient>();
    // @ts-expect-error the slice is not `any`: a client without the commands does not fit
    expectTypeOf<{ get(): Promise<null> }>().toExtend<RedisClient>();
  });
});

describeWithRedis('RedisClient on the test redis-server', () => {
  it('lets the adapters work on an ioredis Redis the user built', async () => {
    const url = redisUrl() as string;
    const own = new Redis(url, { lazyConnect: true });
    await own.connect();
    try {
      const cache = new RedisCache(own, { keyPrefix: uniqueKeyPrefix('slice') });
      await cache.set('answer', { value: 42 }, { ttlMs: 60_000 });
      expect(await cache.get('answer')).toEqual({ value: 42 });
      await expect(redisPingCheck(own)(new AbortController().signal)).resolves.toBeUndefined();
    } finally {
      await own.quit();
    }
  });
});
