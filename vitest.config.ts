import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@baltra\/sdk$/, replacement: src('index.ts') },
      { find: /^@baltra\/sdk\/container$/, replacement: src('infra/container/index.ts') },
      { find: /^@baltra\/sdk\/postgres$/, replacement: src('infra/postgres/index.ts') },
      { find: /^@baltra\/sdk\/testing$/, replacement: src('infra/testing/index.ts') },
      { find: /^@baltra\/sdk\/legacy$/, replacement: src('legacy/index.ts') },
      { find: /^@baltra\/sdk\/express$/, replacement: src('infra/express/index.ts') },
      { find: /^@baltra\/sdk\/fastify$/, replacement: src('infra/fastify/index.ts') },
      { find: /^@baltra\/sdk\/opentelemetry$/, replacement: src('infra/opentelemetry/index.ts') },
      { find: /^@baltra\/sdk\/step-functions$/, replacement: src('infra/step-functions/index.ts') },
      { find: /^@baltra\/sdk\/meta$/, replacement: src('infra/meta/index.ts') },
      { find: /^@baltra\/sdk\/sqs$/, replacement: src('infra/sqs/index.ts') },
      { find: /^@baltra\/sdk\/worker$/, replacement: src('infra/worker/index.ts') },
      { find: /^@baltra\/sdk\/redis$/, replacement: src('infra/redis/index.ts') },
      { find: /^@baltra\/sdk\/reporting$/, replacement: src('infra/reporting/index.ts') },
      { find: /^@baltra\/sdk\/prometheus$/, replacement: src('infra/prometheus/index.ts') },
      { find: /^@baltra\/sdk\/ai$/, replacement: src('infra/ai/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: [
      'test/support/postgres-global-setup.ts',
      'test/support/moto-global-setup.ts',
      'test/support/redis-global-setup.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text', 'json-summary'],
      thresholds: {
        'src/domain/**': { lines: 90 },
        'src/shared/**': { lines: 90 },
      },
    },
  },
});
