import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnvironment, runExamples } from '../../scripts/run-doc-examples.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository, as the real blocks are, so that `vitest` and `@baltra/sdk` resolve.
mkdirSync(join(root, '.tmp'), { recursive: true });
const dir = mkdtempSync(join(root, '.tmp', 'doc-examples-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A doc example whose module is `code`. */
function example(name: string, code: string) {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, `${code}\nexport {};\n`);
  return { file, rel: `docs/${name}.md`, line: 3 };
}

describe('the doc examples runner (npm run docs:check-examples)', () => {
  it('passes a block that exits on its own and fails one that throws, asserts wrongly or hangs', async () => {
    const passes = example(
      'passes',
      "import { sanitise } from '@baltra/sdk';\nconst masked: unknown = sanitise({ email: 'ana@example.com' });\nif (JSON.stringify(masked).includes('ana@')) throw new Error('not masked');",
    );
    const throws = example('throws', "throw new Error('boom in the snippet');");
    const asserts = example('asserts', "import { expect } from 'vitest';\nexpect(1 + 1).toBe(3);");
    const hangs = example('hangs', 'setInterval(() => undefined, 1000);');

    const failures = await runExamples([passes, throws, asserts, hangs], {
      cwd: root,
      timeoutMs: 8_000,
    });

    const byName = Object.fromEntries(failures.map((f) => [f.example.rel, f]));
    expect(Object.keys(byName).sort()).toEqual([
      'docs/asserts.md',
      'docs/hangs.md',
      'docs/throws.md',
    ]);
    expect(byName['docs/throws.md']?.reason).toBe('exited with code 1');
    expect(byName['docs/throws.md']?.output).toContain('boom in the snippet');
    expect(byName['docs/asserts.md']?.output).toContain('expected 2 to be 3');
    expect(byName['docs/hangs.md']?.reason).toMatch(/^did not finish within 8 s/);
  }, 60_000);

  it('runs blocks against the embedded default: no database, Redis or BALTRA_* variable reaches them', () => {
    const env = cleanEnvironment({
      PATH: '/usr/bin',
      DATABASE_URL: 'postgres://db/x',
      BALTRA_DATABASE_URL: 'postgres://db/y',
      BALTRA_REDIS_PORTS: 'all',
      REDIS_URL: 'redis://cache',
      PGHOST: 'db',
    });

    expect(env).toEqual({ PATH: '/usr/bin', NODE_NO_WARNINGS: '1' });
  });
});
