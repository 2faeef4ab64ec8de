import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hidePackages = fileURLToPath(new URL('./fixtures/hide-packages.mjs', import.meta.url));
const run = promisify(execFile);

interface Outcome {
  /** What the use threw, or `undefined` when it succeeded. */
  readonly error?: {
    readonly name: string;
    readonly code: unknown;
    readonly packageName: unknown;
    readonly message: string;
    readonly isMissingPeerDependencyError: boolean;
    readonly causeCode: unknown;
  };
  /** The hidden packages the process tried to resolve. */
  readonly attempted: readonly string[];
}

/**
 * Imports a source entry point (through tsx) in a fresh `node` where `hidden` cannot be
 * resolved — as if it were not installed — and runs `use` (the body of an async function
 * given the entry's module as `entry`).
 */
async function withoutPackages(entry: string, hidden: string[], use: string): Promise<Outcome> {
  const script = `
    import { MissingPeerDependencyError } from ${JSON.stringify(`${root}src/infra/peer/missing-peer-dependency-error.ts`)};
    const entry = await import(${JSON.stringify(`${root}${entry}`)});
    let outcome = {};
    try {
      await (async () => { ${use} })();
    } catch (error) {
      outcome = { error: {
        name: error.name, code: error.code, packageName: error.packageName, message: error.message,
        isMissingPeerDependencyError: error instanceof MissingPeerDependencyError,
        causeCode: error.cause?.code,
      } };
    }
    console.log(JSON.stringify(outcome));
  `;
  const { stdout, stderr } = await run(
    process.execPath,
    ['--import', 'tsx', '--import', hidePackages, '--input-type=module', '--eval', script],
    { cwd: root, env: { PATH: process.env.PATH ?? '', HIDE_PACKAGES: hidden.join(',') } },
  );
  const attempted = /hidden-packages-resolved: (.*)/.exec(stderr)?.[1] ?? '[]';
  return {
    ...(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Omit<Outcome, 'attempted'>),
    attempted: JSON.parse(attempted) as string[],
  };
}

/** The error every extra throws when its peer is missing: typed, naming package and command. */
function expectMissingPeer(outcome: Outcome, packageName: string, entryPoint: string): void {
  expect(outcome.error).toMatchObject({
    name: 'MissingPeerDependencyError',
    code: 'MISSING_PEER_DEPENDENCY',
    packageName,
    isMissingPeerDependencyError: true,
    causeCode: 'ERR_MODULE_NOT_FOUND',
  });
  expect(outcome.attempted).toContain(packageName);
  expect(outcome.error?.message).toMatch(
    new RegExp(
      `^${entryPoint} needs the optional peer dependency "${packageName}" for .+: npm install ${packageName}$`,
    ),
  );
}

const UUID = '00000000-0000-4000-8000-000000000001';

/** Each extra that loads a peer: the source entry, the peer hidden, a use that needs it. */
const MISSING_PEER_CASES: readonly {
  readonly title: string;
  readonly entry: string;
  readonly peer: string;
  /** The entry point the error names (the one whose code loads the peer). */
  readonly entryPoint: string;
  readonly use: string;
}[] = [
  {
    title: '@baltra/sdk/postgres: openPostgres without pg, at the first query',
    entry: 'src/infra/postgres/index.ts',
    peer: 'pg',
    entryPoint: '@baltra/sdk/postgres',
    use: `const db = entry.openPostgres({ connectionString: 'postgres://127.0.0.1:1/none' });
          try { await db.selectFrom('companies').selectAll().execute(); } finally { await db.destroy(); }`,
  },
  {
    title: '@baltra/sdk/postgres: openPglite without @electric-sql/pglite, at the first query',
    entry: 'src/infra/postgres/index.ts',
    peer: '@electric-sql/pglite',
    entryPoint: '@baltra/sdk/postgres',
    use: `const db = entry.openPglite();
          try { await db.selectFrom('companies').selectAll().execute(); } finally { await db.destroy().catch(() => {}); }`,
  },
  {
    title: '@baltra/sdk/container: bootstrap on PGlite without @electric-sql/pglite',
    entry: 'src/infra/container/index.ts',
    peer: '@electric-sql/pglite',
    entryPoint: '@baltra/sdk/postgres',
    use: `const app = await entry.bootstrap({ database: { kind: 'pglite' } }); await app.close();`,
  },
  {
    title: '@baltra/sdk/sqs: SqsMessageQueue without @aws-sdk/client-sqs, at its first call',
    entry: 'src/infra/sqs/index.ts',
    peer: '@aws-sdk/client-sqs',
    entryPoint: '@baltra/sdk/sqs',
    use: `const queue = new entry.SqsMessageQueue({ clientConfig: { region: 'us-east-1' } });
          await queue.send('https://sqs.us-east-1.amazonaws.com/000000000000/q', [{ body: 'x' }]);`,
  },
  {
    title: '@baltra/sdk/sqs: ensureSqsQueue without @aws-sdk/client-sqs',
    entry: 'src/infra/sqs/index.ts',
    peer: '@aws-sdk/client-sqs',
    entryPoint: '@baltra/sdk/sqs',
    use: `await entry.ensureSqsQueue({ send: async () => ({}) }, 'q');`,
  },
  {
    title:
      '@baltra/sdk/step-functions: SfnWorkflowGateway without @aws-sdk/client-sfn, at its first call',
    entry: 'src/infra/step-functions/index.ts',
    peer: '@aws-sdk/client-sfn',
    entryPoint: '@baltra/sdk/step-functions',
    use: `const gateway = new entry.SfnWorkflowGateway({
            clientConfig: { region: 'us-east-1' },
            stateMachineArns: { onboarding: 'arn:aws:states:us-east-1:000000000000:stateMachine:onboarding' },
          });
          await gateway.start({ workflow: 'onboarding', executionName: 'onboarding-1', input: {} });`,
  },
  {
    title:
      '@baltra/sdk/meta: MetaLeadSource without facebook-nodejs-business-sdk, at its first call',
    entry: 'src/infra/meta/index.ts',
    peer: 'facebook-nodejs-business-sdk',
    entryPoint: '@baltra/sdk/meta',
    use: `const source = new entry.MetaLeadSource({ accessToken: 'token', graphBaseUrl: 'http://127.0.0.1:1' });
          await source.fetchLeads({ companyId: '${UUID}', sourceKey: 'form-1', cursor: null, limit: 10 });`,
  },
  {
    title: '@baltra/sdk/redis: createRedisClient without ioredis',
    entry: 'src/infra/redis/index.ts',
    peer: 'ioredis',
    entryPoint: '@baltra/sdk/redis',
    use: `const redis = await entry.createRedisClient({ url: 'redis://127.0.0.1:1' }); await redis.quit();`,
  },
  {
    title: '@baltra/sdk/ai: OpenAiAssistant without openai, at its first call',
    entry: 'src/infra/ai/index.ts',
    peer: 'openai',
    entryPoint: '@baltra/sdk/ai',
    use: `const assistant = new entry.OpenAiAssistant({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:1/v1', model: 'gpt-4o-mini', timeoutMs: 1000, retry: false });
          await assistant.qualifyLead({ lead: { id: 'l-1', formId: 'f-1', createdTime: new Date(), fieldData: [] } });`,
  },
  {
    title:
      '@baltra/sdk/reporting: ChromiumReportRenderer without playwright-core, at its first render',
    entry: 'src/infra/reporting/index.ts',
    peer: 'playwright-core',
    entryPoint: '@baltra/sdk/reporting',
    use: `const renderer = new entry.ChromiumReportRenderer({ format: 'pdf', executablePath: '/bin/false' });
          try { await renderer.render({ title: 'Report', company: { id: '${UUID}', name: 'Acme' }, period: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') }, locale: 'en-US', generatedAt: new Date(), labels: { period: 'Period', generated: 'Generated', notAvailable: 'n/a', page: 'Page' }, sections: [{ id: 's', heading: 'Summary', blocks: [{ kind: 'note', text: 'none' }] }] }); } finally { await renderer.close(); }`,
  },
  {
    title: '@baltra/sdk/reporting: renderVegaSvg without vega',
    entry: 'src/infra/reporting/index.ts',
    peer: 'vega',
    entryPoint: '@baltra/sdk/reporting',
    use: `await entry.renderVegaSvg({ width: 10, height: 10, marks: [] });`,
  },
  {
    title: '@baltra/sdk/reporting: renderChartSvg without vega-lite',
    entry: 'src/infra/reporting/index.ts',
    peer: 'vega-lite',
    entryPoint: '@baltra/sdk/reporting',
    use: `await entry.renderChartSvg({ kind: 'chart', id: 'c', title: 'C', description: 'D', mark: 'bar', x: { field: 'k', title: 'K' }, y: { field: 'v', title: 'V', measure: 'count' }, data: [{ k: 'a', v: 1 }] }, 'en-US');`,
  },
  {
    title: '@baltra/sdk/prometheus: loadPrometheusTelemetry without prom-client',
    entry: 'src/infra/prometheus/index.ts',
    peer: 'prom-client',
    entryPoint: '@baltra/sdk/prometheus',
    use: `await entry.loadPrometheusTelemetry({ defaultMetrics: false });`,
  },
  {
    title: '@baltra/sdk/opentelemetry: loadOpenTelemetry without @opentelemetry/api',
    entry: 'src/infra/opentelemetry/index.ts',
    peer: '@opentelemetry/api',
    entryPoint: '@baltra/sdk/opentelemetry',
    use: `await entry.loadOpenTelemetry({ instrumentationName: 'test' });`,
  },
  {
    title: '@baltra/sdk/legacy: setupObservability without @opentelemetry/api',
    entry: 'src/legacy/index.ts',
    peer: '@opentelemetry/api',
    entryPoint: '@baltra/sdk/opentelemetry',
    use: `await entry.setupObservability({ serviceName: 'gateway' });`,
  },
];

describe('every extra without its optional peer (source entries through tsx; the peer made unresolvable)', () => {
  for (const { title, entry, peer, entryPoint, use } of MISSING_PEER_CASES) {
    it(`${title}: throws MissingPeerDependencyError naming it and its install command`, async () => {
      // Act
      const outcome = await withoutPackages(entry, [peer], use);

      // Assess
      expectMissingPeer(outcome, peer, entryPoint);
    });
  }

  it('@baltra/sdk/express never loads express: the edge works on the (req, res, next) shape, so nothing can be missing', async () => {
    // Act
    const outcome = await withoutPackages(
      'src/infra/express/index.ts',
      ['express'],
      // A plain node:http server running the edge's middleware in order, as Express would.
      `const { createServer } = await import('node:http');
       const { HealthRegistry } = await import(${JSON.stringify(`${root}src/index.ts`)});
       const edge = entry.createExpressEdge({ health: new HealthRegistry(), logRequests: false });
       const chain = [...edge.before, edge.after[0]];
       const server = createServer((req, res) => {
         let i = 0;
         const next = (error) => (error ? edge.after[1](error, req, res, next) : chain[i++](req, res, next));
         next();
       });
       await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
       try {
         const base = 'http://127.0.0.1:' + server.address().port;
         const live = await fetch(base + '/health/live');
         const missing = await fetch(base + '/nowhere');
         if (live.status !== 200 || missing.status !== 404) throw new Error(live.status + ' ' + missing.status);
       } finally {
         server.close();
       }`,
    );

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(outcome.attempted).toEqual([]);
  });

  it('@baltra/sdk/fastify never loads fastify: it only uses its types, the app registers the plugin', async () => {
    // Act
    const outcome = await withoutPackages(
      'src/infra/fastify/index.ts',
      ['fastify'],
      `if (typeof entry.baltraEdge !== 'function') throw new Error('no plugin');`,
    );

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(outcome.attempted).toEqual([]);
  });
});
