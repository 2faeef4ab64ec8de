import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const probe = fileURLToPath(new URL('../support/import-probe.mjs', import.meta.url));
const run = promisify(execFile);

interface ProbeReport {
  envReads: { key: string; where: string }[];
  opens: { kind: string; target: string; where: string }[];
  modules: string[];
  addedResources: { name: string; added: number }[];
}

/** Imports a source entry (through tsx) in a fresh `node` with an almost empty environment. */
async function probeSource(entry: string): Promise<ProbeReport> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--import', probe, '--eval', ''],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', PROBE_ENTRY: `${root}${entry}` },
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ProbeReport;
}

const HEAVY = /\/node_modules\/(express|fastify|@opentelemetry\/[^/]+|jose|cockatiel|winston)\//;

describe('importing the service-edge entry points (source, through tsx)', () => {
  for (const entry of [
    'src/index.ts',
    'src/infra/express/index.ts',
    'src/infra/fastify/index.ts',
    'src/infra/opentelemetry/index.ts',
  ]) {
    it(`${entry}: reads no environment, opens nothing, starts no timer, loads no framework, OTel, jose or cockatiel`, async () => {
      // Act
      const report = await probeSource(entry);

      // Assess
      expect(report.modules.length).toBeGreaterThan(0);
      expect(report.envReads.filter((read) => read.where.includes('/src/'))).toEqual([]);
      expect(report.opens).toEqual([]);
      expect(report.addedResources).toEqual([]);
      expect(report.modules.filter((url) => HEAVY.test(url))).toEqual([]);
    });
  }
});

describe('importing the composition root (source, through tsx)', () => {
  it('src/infra/container/index.ts loads neither inversify nor Kysely nor a driver until bootstrap() runs', async () => {
    // Act
    const report = await probeSource('src/infra/container/index.ts');

    // Assess
    expect(report.modules.some((url) => url.endsWith('/src/infra/container/bootstrap.ts'))).toBe(
      true,
    );
    expect(
      report.modules.filter((url) =>
        /\/node_modules\/(inversify|@inversifyjs\/[^/]+|kysely|pg|@electric-sql\/pglite)\//.test(
          url,
        ),
      ),
    ).toEqual([]);
    expect(report.opens).toEqual([]);
  });
});
