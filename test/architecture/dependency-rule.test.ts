import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const depcruise = `${root}node_modules/.bin/depcruise`;
const config = `${root}.dependency-cruiser.cjs`;

async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(depcruise, ['src', '--config', config], { cwd });
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, output: failure.stdout };
  }
}

describe('dependency rule (dependency-cruiser)', () => {
  it('passes on the package sources', async () => {
    const result = await cruise(root);

    expect(result.output).toContain('no dependency violations found');
    expect(result.code).toBe(0);
  });

  it('fails when a domain file imports kysely', async () => {
    const result = await cruise(
      fileURLToPath(new URL('../fixtures/layer-violation/', import.meta.url)),
    );

    expect(result.code).not.toBe(0);
    expect(result.output).toContain('error domain-is-pure: src/domain/leaky-model.ts');
    expect(result.output).toContain('kysely');
  });
});
