// Helpers for test files that need the moto_server of moto-global-setup.ts.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { describe, inject, it } from 'vitest';

/** The base URL of the test moto_server, or null when there is none. */
export function motoUrl(): string | null {
  return inject('motoUrl');
}

/**
 * `describe` for suites that need moto_server. Without it the suite is skipped with the reason
 * in its name; in CI (CI=true) it fails instead.
 */
export function describeWithMoto(name: string, body: () => void): void {
  if (motoUrl() !== null) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs moto_server', () => {
        throw new Error('no moto_server: install moto[server] 5.2.1');
      });
    });
  } else {
    describe.skip(`${name} [skipped: no moto_server on PATH]`, body);
  }
}

// moto 5.2.1 answers every StartExecution with HTTP 500 once one execution ran in an
// account+region, and rejects unknown region names: each test leases a real region of its own.
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'sa-east-1',
] as const;

/**
 * A region no other test of this run has used (leased across test files and workers with an
 * atomic `mkdir` in the global setup's lease directory).
 */
export async function leaseRegion(): Promise<string> {
  const dir = inject('motoLeaseDir');
  if (dir === null) throw new Error('no moto_server for this test run');
  for (const region of REGIONS) {
    try {
      await mkdir(join(dir, region));
      return region;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`all ${REGIONS.length} moto regions are leased: too many Step Functions tests`);
}

/** The real SFN client against moto, in `region`, without silent retries of 500s. */
export function motoSfnClient(region: string): SFNClient {
  return new SFNClient({
    endpoint: requireUrl(),
    region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** A role ARN moto accepts for state machines. */
export const MOTO_ROLE_ARN = 'arn:aws:iam::123456789012:role/baltra-onboarding';

/** Calls moto's SQS with the JSON protocol (there is no SQS client among the dependencies). */
async function sqs<T>(region: string, action: string, body: object): Promise<T> {
  const response = await fetch(`${requireUrl()}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${action}`,
      authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/${region}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`SQS ${action} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Creates an SQS queue in `region` and returns its URL. */
export async function createQueue(region: string, name: string): Promise<string> {
  const { QueueUrl } = await sqs<{ QueueUrl: string }>(region, 'CreateQueue', { QueueName: name });
  return QueueUrl;
}

/** Long-polls the queue for one message and returns its parsed body. */
export async function receiveJson(
  region: string,
  queueUrl: string,
): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const { Messages } = await sqs<{ Messages?: { Body: string }[] }>(region, 'ReceiveMessage', {
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: 2,
    });
    const message = Messages?.[0];
    if (message) return JSON.parse(message.Body) as Record<string, unknown>;
  }
  throw new Error(`no message on ${queueUrl}`);
}

function requireUrl(): string {
  const url = motoUrl();
  if (url === null) throw new Error('no moto_server for this test run');
  return url;
}
