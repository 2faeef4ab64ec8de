import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { inspect, promisify } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  ensureSqsQueue,
  type SqsClient,
  type SqsCommand,
  SqsError,
  SqsMessageQueue,
} from '@baltra/sdk/sqs';
import { type MessageQueueHarness, messageQueueContract } from '@baltra/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithMoto, motoUrl } from '../support/moto.js';

const REGION = 'us-west-2';
const api = { describe, it, beforeAll, afterAll };
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

function motoSqsClient(credentials = { accessKeyId: 'test', secretAccessKey: 'test' }): SQSClient {
  const endpoint = motoUrl();
  if (endpoint === null) throw new Error('no moto_server for this test run');
  return new SQSClient({ endpoint, region: REGION, credentials, maxAttempts: 1 });
}

/** Records the name of every command sent through the real client. */
function recording(client: SqsClient): SqsClient & { readonly commands: string[] } {
  const commands: string[] = [];
  return {
    commands,
    send(command, options) {
      commands.push(command.constructor.name);
      return client.send(command, options);
    },
  };
}

describeWithMoto('SqsMessageQueue on moto_server', () => {
  messageQueueContract(
    'SQS (moto_server)',
    async (): Promise<MessageQueueHarness> => {
      const client = motoSqsClient();
      return {
        queue: new SqsMessageQueue({ client, retryBaseDelayMs: 1 }),
        rejectsStaleReceiptHandles: false,
        async createQueue({ fifo = false, visibilityTimeoutSeconds, deadLetter }) {
          const suffix = fifo ? '.fifo' : '';
          const name = unique('contract') + suffix;
          const dlq = deadLetter && `${name.replace(/\.fifo$/, '')}-dlq${suffix}`;
          await ensureSqsQueue(client, name, {
            visibilityTimeoutSeconds,
            ...(dlq && deadLetter
              ? { deadLetter: { queue: dlq, maxReceiveCount: deadLetter.maxReceiveCount } }
              : {}),
          });
          return { name, ...(dlq ? { deadLetterQueue: dlq } : {}) };
        },
        async close() {
          client.destroy();
        },
      };
    },
    api,
  );

  describe('SQS specifics', () => {
    let client: SQSClient;
    beforeAll(() => {
      client = motoSqsClient();
    });
    afterAll(() => {
      client.destroy();
    });

    it('maps failed entries of several batches back to the caller ids', async () => {
      const name = unique('partial');
      await ensureSqsQueue(client, name);
      const queue = new SqsMessageQueue({ client });

      const outcome = await queue.send(
        name,
        Array.from({ length: 12 }, (_, i) => ({
          id: `e${i}`,
          body: `body ${i}`,
          ...(i === 3 || i === 11 ? { delaySeconds: 1_800 } : {}),
        })),
      );

      expect(outcome.sent.map((entry) => entry.id).sort()).toEqual(
        ['e0', 'e1', 'e2', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10'].sort(),
      );
      expect(outcome.failed).toEqual([
        expect.objectContaining({ id: 'e3', code: 'InvalidParameterValue', retryable: false }),
        expect.objectContaining({ id: 'e11', code: 'InvalidParameterValue', retryable: false }),
      ]);
    });

    it('splits a batch SQS refuses as a whole so each entry gets its own verdict', async () => {
      const name = `${unique('whole')}.fifo`;
      await ensureSqsQueue(client, name);
      const queue = new SqsMessageQueue({ client });

      // moto refuses the whole batch for one FIFO entry with a per-message delay.
      const outcome = await queue.send(name, [
        { id: 'ok-1', body: 'a', groupId: 'g', deduplicationId: 'a' },
        { id: 'bad', body: 'b', groupId: 'g', deduplicationId: 'b', delaySeconds: 5 },
        { id: 'ok-2', body: 'c', groupId: 'g', deduplicationId: 'c' },
      ]);

      expect(outcome.sent.map((entry) => entry.id)).toEqual(['ok-1', 'ok-2']);
      expect(outcome.failed).toEqual([
        expect.objectContaining({ id: 'bad', code: 'InvalidParameterValue', retryable: false }),
      ]);
    });

    it('sends a body too large for one batch alone and reports it', async () => {
      const name = unique('large');
      await ensureSqsQueue(client, name);
      // Above the client-side limit, so that SQS itself judges the message.
      const queue = new SqsMessageQueue({ client, maxMessageBytes: 2 * 1_048_576 });

      const outcome = await queue.send(name, [
        { id: 'small', body: 'small' },
        { id: 'huge', body: 'x'.repeat(1_048_577) },
      ]);

      expect(outcome.sent.map((entry) => entry.id)).toEqual(['small']);
      expect(outcome.failed).toEqual([expect.objectContaining({ id: 'huge', retryable: false })]);
    });

    it('sends a message above 256 KiB when maxMessageBytes allows it', async () => {
      const name = unique('roomy');
      await ensureSqsQueue(client, name);
      const strict = new SqsMessageQueue({ client });
      const roomy = new SqsMessageQueue({ client, maxMessageBytes: 1_048_576 });
      const body = 'x'.repeat(300_000);

      const refused = await strict.send(name, [{ id: 'big', body }]);
      const accepted = await roomy.send(name, [{ id: 'big', body }]);
      const [received] = await roomy.receive(name, { waitTimeSeconds: 1 });

      expect(refused.failed).toEqual([
        expect.objectContaining({ id: 'big', code: 'MessageTooLong', retryable: false }),
      ]);
      expect(roomy.limits).toEqual({ maxAttributes: 10, maxMessageBytes: 1_048_576 });
      expect(accepted.failed).toEqual([]);
      expect(received?.body.length).toBe(300_000);
    });

    it('translates a missing queue into QUEUE_NOT_FOUND, by name and by URL', async () => {
      const queue = new SqsMessageQueue({ client });
      const name = unique('missing');
      const url = (await ensureSqsQueue(client, unique('exists'))).queueUrl.replace(/[^/]+$/, name);

      const byName = await queue.send(name, [{ body: 'x' }]).catch((error: unknown) => error);
      const byUrl = await queue.receive(url).catch((error: unknown) => error);

      for (const error of [byName, byUrl]) {
        expect(error).toBeInstanceOf(SqsError);
        expect(error).toMatchObject({
          code: 'QUEUE_NOT_FOUND',
          retryable: false,
          context: expect.objectContaining({ awsCode: 'QueueDoesNotExist' }),
        });
      }
      expect((byName as SqsError).context).toMatchObject({ queue: name, operation: 'GetQueueUrl' });
      expect((byUrl as SqsError).context).toMatchObject({ operation: 'ReceiveMessage' });
    });

    it('resolves a name with GetQueueUrl once, and accepts URLs as they are', async () => {
      const name = unique('cached');
      const { queueUrl } = await ensureSqsQueue(client, name);
      const spy = recording(client);
      const queue = new SqsMessageQueue({ client: spy });

      await queue.send(name, [{ body: 'one' }]);
      await queue.send(name, [{ body: 'two' }]);
      await queue.receive(queueUrl, { maxMessages: 2 });

      expect(spy.commands).toEqual([
        'GetQueueUrlCommand',
        'SendMessageBatchCommand',
        'SendMessageBatchCommand',
        'ReceiveMessageCommand',
      ]);
      expect(await queue.queueUrl(name)).toBe(queueUrl);
    });

    it('never puts credentials into its errors', async () => {
      const accessKeyId = 'AKIAIOSFODNN7EXAMPLE';
      const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
      const leaky = motoSqsClient({ accessKeyId, secretAccessKey });
      const queue = new SqsMessageQueue({ client: leaky });

      const error = await queue.receive(unique('nope')).catch((caught: unknown) => caught);
      const shown = `${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`;

      expect(error).toBeInstanceOf(SqsError);
      expect(shown).not.toContain(accessKeyId);
      expect(shown).not.toContain(secretAccessKey);
      leaky.destroy();
    });

    it('creates a queue with its dead-letter queue idempotently, updating changed attributes', async () => {
      const name = unique('ensure');
      const options = {
        visibilityTimeoutSeconds: 5,
        deadLetter: { queue: `${name}-dlq`, maxReceiveCount: 4 },
      };

      const first = await ensureSqsQueue(client, name, options);
      const again = await ensureSqsQueue(client, name, options);
      const changed = await ensureSqsQueue(client, name, {
        ...options,
        visibilityTimeoutSeconds: 9,
      });
      const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
      const attributes = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: first.queueUrl, AttributeNames: ['All'] }),
      );

      expect(again).toEqual(first);
      expect(changed).toEqual(first);
      expect(first.deadLetterQueueUrl).toMatch(new RegExp(`${name}-dlq$`));
      expect(attributes.Attributes?.VisibilityTimeout).toBe('9');
      expect(JSON.parse(attributes.Attributes?.RedrivePolicy ?? '{}')).toEqual({
        deadLetterTargetArn: first.deadLetterQueueArn,
        maxReceiveCount: 4,
      });
    });
  });
});

describe('SqsMessageQueue retries and errors (scripted client)', () => {
  const url = 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs';

  /** A client that answers each call with the next scripted answer (or throws it). */
  function scripted(answers: unknown[]): SqsClient & { readonly inputs: object[] } {
    const inputs: object[] = [];
    return {
      inputs,
      async send(command: SqsCommand) {
        inputs.push(command.input);
        const answer = answers.shift();
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
  }

  function awsError(name: string, status: number): Error {
    return Object.assign(new Error(`${name} happened`), {
      name,
      $metadata: { httpStatusCode: status, requestId: 'req-1' },
    });
  }

  it('sends entries that failed for a passing reason again, and maps their ids', async () => {
    const client = scripted([
      {
        Successful: [{ Id: '0', MessageId: 'm-a' }],
        Failed: [
          { Id: '1', SenderFault: false, Code: 'InternalError' },
          { Id: '2', SenderFault: true, Code: 'InvalidParameterValue', Message: 'bad' },
        ],
      },
      { Successful: [{ Id: '0', MessageId: 'm-b' }] },
    ]);
    const queue = new SqsMessageQueue({ client, retryBaseDelayMs: 1 });

    const outcome = await queue.send(url, [
      { id: 'a', body: 'a' },
      { id: 'b', body: 'b' },
      { id: 'c', body: 'c' },
    ]);

    expect(outcome.sent).toEqual([
      { id: 'a', messageId: 'm-a' },
      { id: 'b', messageId: 'm-b' },
    ]);
    expect(outcome.failed).toEqual([
      { id: 'c', code: 'InvalidParameterValue', message: 'bad', retryable: false },
    ]);
    expect(client.inputs[1]).toMatchObject({ Entries: [{ Id: '0', MessageBody: 'b' }] });
  });

  it('reports entries as retryable once the retries are spent', async () => {
    const failing = { Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }] };
    const client = scripted([failing, failing, failing]);
    const queue = new SqsMessageQueue({ client, maxEntryRetries: 2, retryBaseDelayMs: 1 });

    const outcome = await queue.delete(url, ['handle-1']);

    expect(outcome).toEqual({
      succeeded: [],
      failed: [{ id: 'handle-1', code: 'InternalError', message: '', retryable: true }],
    });
    expect(client.inputs).toHaveLength(3);
  });

  it('retries a throttled batch as a whole, then reports QUEUE_UNAVAILABLE entries', async () => {
    const throttled = awsError('ThrottlingException', 400);
    const client = scripted([throttled, { Successful: [{ Id: '0' }] }, throttled, throttled]);
    const queue = new SqsMessageQueue({ client, maxEntryRetries: 1, retryBaseDelayMs: 1 });

    const recovered = await queue.changeVisibility(url, [
      { receiptHandle: 'h1', timeoutSeconds: 10 },
    ]);
    const exhausted = await queue.changeVisibility(url, [
      { receiptHandle: 'h2', timeoutSeconds: 10 },
    ]);

    expect(recovered).toEqual({ succeeded: ['h1'], failed: [] });
    expect(exhausted.failed).toEqual([
      expect.objectContaining({ id: 'h2', code: 'QUEUE_UNAVAILABLE', retryable: true }),
    ]);
  });

  it('throws typed errors for receive failures, scrubbing signing details', async () => {
    const denied = Object.assign(
      new Error(
        'The request signature we calculated does not match. Credential=AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/sqs/aws4_request, Signature=0123abcd',
      ),
      { name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } },
    );
    const network = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const queue = new SqsMessageQueue({ client: scripted([denied, network]) });

    const first = await queue.receive(url).catch((error: unknown) => error);
    const second = await queue.receive(url).catch((error: unknown) => error);

    expect(first).toMatchObject({ code: 'QUEUE_ACCESS_DENIED', retryable: false });
    expect(inspect(first, { depth: 10 })).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(inspect(first, { depth: 10 })).not.toContain('0123abcd');
    expect(second).toMatchObject({ code: 'QUEUE_UNAVAILABLE', retryable: true });
  });

  it('refuses messages over its limits before calling SQS, and sends the others', async () => {
    const client = scripted([{ Successful: [{ Id: '0', MessageId: 'm-ok' }] }]);
    const queue = new SqsMessageQueue({ client, maxMessageBytes: 50 });
    const attributes = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, 'v']));

    const outcome = await queue.send(url, [
      { id: 'attributes', body: 'x', attributes },
      { id: 'ok', body: 'x'.repeat(50) },
      {
        id: 'binary',
        body: 'x'.repeat(40),
        typedAttributes: { b: { dataType: 'Binary', binaryValue: new Uint8Array(4) } },
      },
    ]);
    const onlyRefused = await queue.send(url, [{ id: 'long', body: 'x'.repeat(51) }]);

    expect(queue.limits).toEqual({ maxAttributes: 10, maxMessageBytes: 50 });
    expect(outcome.sent).toEqual([{ id: 'ok', messageId: 'm-ok' }]);
    expect(outcome.failed.map((entry) => [entry.id, entry.code, entry.retryable])).toEqual([
      ['attributes', 'TooManyAttributes', false],
      ['binary', 'MessageTooLong', false],
    ]);
    expect(onlyRefused.failed).toEqual([
      expect.objectContaining({ id: 'long', code: 'MessageTooLong', retryable: false }),
    ]);
    expect(client.inputs).toEqual([
      { QueueUrl: url, Entries: [{ Id: '0', MessageBody: 'x'.repeat(50) }] },
    ]);
    expect(() => new SqsMessageQueue({ client, maxMessageBytes: 0 })).toThrow(RangeError);
  });

  it('sends typed attributes with their data type, the typed one winning over a plain one', async () => {
    const client = scripted([{ Successful: [{ Id: '0', MessageId: 'm' }] }]);
    const queue = new SqsMessageQueue({ client });
    const bytes = new Uint8Array([1, 2]);

    await queue.send(url, [
      {
        body: 'typed',
        attributes: { tenant: 'acme', n: 'plain' },
        typedAttributes: {
          n: { dataType: 'Number.int', stringValue: '3' },
          b: { dataType: 'Binary', binaryValue: bytes },
        },
      },
    ]);

    expect(client.inputs[0]).toEqual({
      QueueUrl: url,
      Entries: [
        {
          Id: '0',
          MessageBody: 'typed',
          MessageAttributes: {
            tenant: { DataType: 'String', StringValue: 'acme' },
            n: { DataType: 'Number.int', StringValue: '3' },
            b: { DataType: 'Binary', BinaryValue: bytes },
          },
        },
      ],
    });
  });

  it('counts binary attribute values as bytes when it cuts batches', async () => {
    const answer = (n: number) => ({
      Successful: Array.from({ length: n }, (_, i) => ({ Id: String(i), MessageId: `m${i}` })),
    });
    const client = scripted([answer(2), answer(1)]);
    const queue = new SqsMessageQueue({ client, maxBatchBytes: 100 });
    const binary = { b: { dataType: 'Binary', binaryValue: new Uint8Array(40) } };

    const outcome = await queue.send(url, [
      { id: '1', body: 'a', typedAttributes: binary },
      { id: '2', body: 'b', typedAttributes: binary },
      { id: '3', body: 'c', typedAttributes: binary },
    ]);

    expect(outcome.failed).toEqual([]);
    expect(client.inputs.map((input) => (input as { Entries: unknown[] }).Entries.length)).toEqual([
      2, 1,
    ]);
  });

  it('receives every attribute typed, binary ones as Uint8Array, and string ones also plainly', async () => {
    const client = scripted([
      {
        Messages: [
          {
            MessageId: 'm',
            ReceiptHandle: 'h',
            Body: 'b',
            Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1700000000000' },
            MessageAttributes: {
              s: { DataType: 'String.json', StringValue: '{}' },
              n: { DataType: 'Number', StringValue: '1.5' },
              raw: { DataType: 'Binary.gzip', BinaryValue: Buffer.from([1, 2, 3]) },
            },
          },
        ],
      },
    ]);
    const queue = new SqsMessageQueue({ client });

    const [message] = await queue.receive(url);

    expect(message?.attributes).toEqual({ s: '{}', n: '1.5' });
    expect(message?.typedAttributes).toEqual({
      s: { dataType: 'String.json', stringValue: '{}' },
      n: { dataType: 'Number', stringValue: '1.5' },
      raw: { dataType: 'Binary.gzip', binaryValue: new Uint8Array([1, 2, 3]) },
    });
    expect(Buffer.isBuffer(message?.typedAttributes?.raw?.binaryValue)).toBe(false);
    expect(message?.receiveCount).toBe(2);
  });

  it('validates receive options before calling SQS', async () => {
    const client = scripted([]);
    const queue = new SqsMessageQueue({ client });

    await expect(queue.receive(url, { maxMessages: 11 })).rejects.toThrow(RangeError);
    await expect(queue.receive(url, { waitTimeSeconds: 21 })).rejects.toThrow(RangeError);
    await expect(
      queue.send(url, [
        { body: 'a', id: 'x' },
        { body: 'b', id: 'x' },
      ]),
    ).rejects.toThrow(RangeError);
    expect(client.inputs).toEqual([]);
  });

  it('loads @aws-sdk/client-sqs only when a queue is first used', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const script = `
      import { register } from 'node:module';
      import { MessageChannel } from 'node:worker_threads';
      const { port1, port2 } = new MessageChannel();
      const seen = [];
      port1.on('message', (url) => seen.push(url));
      port1.unref();
      const hooks = 'let port; export function initialize(data) { port = data.port; }' +
        'export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }';
      register('data:text/javascript,' + encodeURIComponent(hooks), { data: { port: port2 }, transferList: [port2] });
      const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
      const sdk = (urls) => urls.filter((url) => url.includes('@aws-sdk/')).length;
      const { SqsMessageQueue } = await import(${JSON.stringify(`${root}src/infra/sqs/index.ts`)});
      const queue = new SqsMessageQueue({ client: { send: async () => ({ Successful: [{ Id: '0', MessageId: 'm' }] }) } });
      await settle();
      const atImport = sdk(seen);
      await queue.send('https://sqs.example/1/q', [{ body: 'x' }]);
      await settle();
      console.log(JSON.stringify({ atImport, afterUse: sdk(seen) }));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: root },
    );

    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      atImport: number;
      afterUse: number;
    };
    expect(report.atImport).toBe(0);
    expect(report.afterUse).toBeGreaterThan(0);
  });
});
