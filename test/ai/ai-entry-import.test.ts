import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const probe = fileURLToPath(new URL('../support/import-probe.mjs', import.meta.url));
const run = promisify(execFile);

describe('@baltra/sdk/ai entry (source, through tsx)', () => {
  it('loads neither openai nor cockatiel, reads no environment and opens nothing at import', async () => {
    // Act
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--import', probe, '--eval', ''],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', PROBE_ENTRY: `${root}src/infra/ai/index.ts` },
      },
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      modules: string[];
      opens: unknown[];
      envReads: { where: string }[];
      addedResources: unknown[];
    };

    // Assess
    expect(report.modules.some((url) => url.includes('/src/infra/ai/'))).toBe(true);
    expect(
      report.modules.filter((url) => /\/node_modules\/(openai|cockatiel)\//.test(url)),
    ).toEqual([]);
    expect(report.opens).toEqual([]);
    expect(report.envReads.filter((read) => read.where.includes('/src/'))).toEqual([]);
    expect(report.addedResources).toEqual([]);
  });
});
