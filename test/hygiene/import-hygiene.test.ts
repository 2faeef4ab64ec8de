import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageEntries } from '../support/package-entries.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const probe = fileURLToPath(new URL('../support/import-probe.mjs', import.meta.url));
const run = promisify(execFile);

interface ProbeReport {
  entry: string;
  envReads: { key: string; where: string }[];
  opens: { kind: string; target: string; where: string }[];
  modules: string[];
  addedResources: { name: string; added: number }[];
}

/** Imports a built entry point in a fresh `node` with an empty environment. */
async function probeImport(entry: string): Promise<ProbeReport> {
  const { stdout } = await run(process.execPath, ['--import', probe, '--eval', ''], {
    cwd: root,
    env: { PROBE_ENTRY: entry },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ProbeReport;
}

const ADAPTER_MODULES =
  /\/node_modules\/(pg|pg-[^/]+|@electric-sql\/pglite|@aws-sdk\/[^/]+|facebook-nodejs-business-sdk|express|fastify|ioredis|@ioredis\/[^/]+|bullmq|@opentelemetry\/[^/]+|openai|playwright-core|vega|vega-[^/]+|prom-client|tdigest)\//;
const ENTRIES = packageEntries();

describe('import hygiene of the built package', () => {
  it('has a build to probe', () => {
    expect(existsSync(`${root}dist/index.js`), 'run `npm run build` first (npm test does)').toBe(
      true,
    );
  });

  for (const entry of ENTRIES) {
    describe(entry, () => {
      it('reads no environment variable, opens nothing and leaves no handle or timer', async () => {
        const report = await probeImport(entry);

        expect(report.modules.length).toBeGreaterThan(0);
        expect(report.envReads).toEqual([]);
        expect(report.opens).toEqual([]);
        expect(report.addedResources).toEqual([]);
      });

      it('loads no database driver, Redis client, AWS or Meta module', async () => {
        const report = await probeImport(entry);

        expect(report.modules.filter((url) => ADAPTER_MODULES.test(url))).toEqual([]);
      });
    });
  }

  it('the root entry loads neither the composition root nor Kysely', async () => {
    const report = await probeImport('@baltra/sdk');

    expect(
      report.modules.filter((url) =>
        /\/(kysely|inversify|@inversifyjs)\/|\/dist\/infra\//.test(url),
      ),
    ).toEqual([]);
  });

  it('the probe notices a module that reads the environment, opens a file and starts a timer', async () => {
    const report = await probeImport(new URL('../fixtures/leaky-module.mjs', import.meta.url).href);

    expect(report.envReads.map((read) => read.key)).toContain('HOME');
    expect(report.opens.map((open) => open.kind)).toContain('file');
    expect(report.opens.map((open) => open.kind)).toContain('timer');
  });

  it('the probe notices an import that reads the environment and loads pg', async () => {
    const report = await probeImport('pg');

    expect(report.envReads.map((read) => read.key)).toContain('USER');
    expect(report.modules.some((url) => ADAPTER_MODULES.test(url))).toBe(true);
  });
});
