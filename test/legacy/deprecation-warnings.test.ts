import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as legacy from '@baltra/sdk/legacy';
import {
  aCompany,
  InMemoryLockManager,
  InMemoryMessageQueue,
  InMemoryUnitOfWork,
} from '@baltra/sdk/testing';
import * as api from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { useDeprecationSpy } from './support/deprecation-spy.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const legacyEntry = new URL('../../src/legacy/index.ts', import.meta.url).href;
const run = promisify(execFile);

/** Runs `code` (an ES module) in a fresh `node` with the given flags; the legacy entry loads through tsx. */
async function runNode(flags: readonly string[], code: string) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [...flags, '--import', 'tsx', '--input-type=module', '--eval', code],
      { cwd: root, env: { PATH: process.env.PATH ?? '' } },
    );
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const USES_TWO_SHIMS_TWICE = `
import { CircuitBreaker, calculateConversionRates } from ${JSON.stringify(legacyEntry)};
new CircuitBreaker({ name: 'hub' });
new CircuitBreaker({ name: 'hub' });
calculateConversionRates({ applied: 2 });
calculateConversionRates({ applied: 3 });
console.log('done');
`;

describe('deprecation warnings of @baltra/sdk/legacy', () => {
  const deprecations = useDeprecationSpy();

  it('Node prints each DeprecationWarning once, with its code and replacement', async () => {
    // Act
    const { exitCode, stdout, stderr } = await runNode([], USES_TWO_SHIMS_TWICE);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toBe('done');
    const printed = stderr.split('\n').filter((line) => line.includes('DeprecationWarning'));
    expect(printed).toEqual([
      expect.stringContaining(
        '[BALTRA_DEP004] DeprecationWarning: CircuitBreaker is deprecated; use circuitBreakerPolicy() from @baltra/sdk instead.',
      ),
      expect.stringContaining(
        '[BALTRA_DEP013] DeprecationWarning: calculateConversionRates() is deprecated; use FunnelService.buckets().conversion',
      ),
    ]);
  });

  it('--no-deprecation silences them (Node honours the flag for process.emitWarning)', async () => {
    // Act
    const { exitCode, stdout, stderr } = await runNode(['--no-deprecation'], USES_TWO_SHIMS_TWICE);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toBe('done');
    expect(stderr).not.toContain('BALTRA_DEP');
  });

  it('--throw-deprecation turns the first use into an uncaught error carrying the code', async () => {
    // Act (Node throws the warning on the next tick, so the synchronous code still finishes)
    const { exitCode, stderr } = await runNode(['--throw-deprecation'], USES_TWO_SHIMS_TWICE);

    // Assess
    expect(exitCode).not.toBe(0);
    expect(stderr).toContain("code: 'BALTRA_DEP004'");
  });

  it('every shim warns with its own code, and docs/migration.md maps each to its replacement', async () => {
    // Prepare: one use of every exported shim.
    const uow = new InMemoryUnitOfWork();
    const company = aCompany();
    await uow.run(({ companies }) => companies.add(company));
    const locks = new InMemoryLockManager();
    const queue = new InMemoryMessageQueue({ queues: { events: {} } });
    class NoopWorker extends legacy.BaseWorker {
      protected async handleAction() {
        return null;
      }
    }
    const uses: Record<string, () => unknown> = {
      acquireLock: () => legacy.acquireLock(locks, 'a'),
      releaseLock: () => legacy.releaseLock(locks, 'a', 'token'),
      BaseWorker: () => new NoopWorker({ queue, queues: ['events'] }),
      calculateConversionRates: () => legacy.calculateConversionRates({}),
      CircuitBreaker: () => new legacy.CircuitBreaker({ name: 'x' }),
      configureLogging: () => legacy.configureLogging({ level: 'ERROR', serviceName: 'x' }),
      consumeEvents: () => legacy.consumeEvents(queue, 'events', () => undefined).stop(),
      DomainQueueManager: () => new legacy.DomainQueueManager({ queue }),
      getDashboardMetrics: () =>
        legacy.getDashboardMetrics(uow, company.id, { from: new Date(0), to: new Date() }),
      getFunnelBuckets: () => legacy.getFunnelBuckets(uow, company.id),
      getStageCounts: () => legacy.getStageCounts(uow, company.id),
      publishEvent: () => legacy.publishEvent(queue, 'events', { type: 'a.b', payload: {} }),
      Saga: () => new legacy.Saga('x').execute(),
      setupLogging: () => legacy.setupLogging({ level: 'error', service: 'x' }),
      setupObservability: () => legacy.setupObservability({ serviceName: 'x', api }),
    };
    const shims = Object.entries(legacy)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .sort();
    expect(Object.keys(uses).sort()).toEqual(shims);
    const migration = readFileSync(new URL('../../docs/migration.md', import.meta.url), 'utf8');

    // Act / Assess
    const codes = new Set<string>();
    for (const name of shims) {
      const before = new Set(allCodes());
      await (uses[name] as () => unknown)();
      const added = allCodes().filter((code) => !before.has(code));
      expect(added, `${name} warns with one new code`).toHaveLength(1);
      const code = added[0] as string;
      codes.add(code);
      const row = migration.split('\n').find((line) => line.includes(`\`${code}\``));
      expect(row, `docs/migration.md has a row for ${code}`).toBeDefined();
      expect(row).toContain(`\`${name}`);
    }
    expect(codes.size).toBe(shims.length);
  });

  function allCodes(): string[] {
    return Array.from(
      { length: 20 },
      (_, i) => `BALTRA_DEP${String(i + 1).padStart(3, '0')}`,
    ).filter((code) => deprecations.withCode(code).length > 0);
  }
});
