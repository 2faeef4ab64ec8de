// Declarations that stand alone (docs/adr/0026): from each entry's index.d.ts in the build, the
// declaration files a consumer's compiler loads name no optional peer, except the ones
// test/consumer/types/declaration-peers.json allows for that entry; every other package they
// name is a dependency or a Node built-in. The consumer smoke test proves the same with tsc
// and `skipLibCheck: false` on the packed tarball; this one fails `npm test` first.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import policy from '../consumer/types/declaration-peers.json' with { type: 'json' };
import { declarationGraph, moduleSpecifiers, packageOf } from '../support/declaration-graph.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  readonly exports: Record<string, string | { readonly types?: string }>;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
};
const mayName: Readonly<Record<string, readonly string[] | undefined>> = policy.mayName;
const peers = new Set(Object.keys(manifest.peerDependencies));
const dependencies = new Set(Object.keys(manifest.dependencies));
const entries = Object.entries(manifest.exports).flatMap(([subpath, target]) =>
  typeof target === 'object' && target.types !== undefined
    ? [{ subpath, types: join(root, target.types) }]
    : [],
);
const graphs = new Map<string, ReturnType<typeof declarationGraph>>();
const parsed = new Map<string, readonly string[]>();
const graphOf = (types: string) => {
  let graph = graphs.get(types);
  if (graph === undefined) {
    graph = declarationGraph(types, parsed);
    graphs.set(types, graph);
  }
  return graph;
};
const where = ({ file, specifier }: { file: string; specifier: string }) =>
  `${relative(root, file)} → ${specifier}`;

describe('moduleSpecifiers', () => {
  it('reads imports, re-exports, import types, require imports, augmentations and references', () => {
    const text = [
      '/// <reference types="node" />',
      "import type { Redis } from 'ioredis';",
      "export * from './queue/index.js';",
      "export { a } from './a.js';",
      'export declare const x: import("fastify/types/request.js").FastifyRequest;',
      "import pg = require('pg');",
      "declare module 'express' { interface Request { id: string } }",
    ].join('\n');

    expect(moduleSpecifiers(text)).toEqual([
      'node',
      'ioredis',
      './queue/index.js',
      './a.js',
      'fastify/types/request.js',
      'pg',
      'express',
    ]);
  });

  it('ignores comments, JSDoc examples and string literal types', () => {
    const text = [
      '/**',
      ' * @example',
      " * import { SQSClient } from '@aws-sdk/client-sqs';",
      " * const pg = await import('pg');",
      ' */',
      "// import '@opentelemetry/api';",
      'export type Peer = \'import("pg")\' | "from \'@aws-sdk/client-sfn\'";',
    ].join('\n');

    expect(moduleSpecifiers(text)).toEqual([]);
  });
});

describe('declarationGraph', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baltra-dts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  it('follows relative imports to .d.ts files and index.d.ts of folders, once each', () => {
    write('index.d.ts', "export * from './a.js';\nexport * from './sub';\nexport * from './a.js';");
    write(
      'a.d.ts',
      "import type { Tracer } from '@opentelemetry/api';\nexport * from './sub/index.js';",
    );
    write('sub/index.d.ts', "export type T = import('../chunks/c.js').C;");
    write('chunks/c.d.ts', "import type { Pool } from 'pg';\nexport type C = Pool;");

    const graph = declarationGraph(join(dir, 'index.d.ts'));

    expect(graph.files.map((file) => relative(dir, file))).toEqual([
      'index.d.ts',
      'a.d.ts',
      join('sub', 'index.d.ts'),
      join('chunks', 'c.d.ts'),
    ]);
    expect(graph.imports.map(({ specifier }) => specifier)).toEqual(['@opentelemetry/api', 'pg']);
    expect(graph.unresolved).toEqual([]);
  });

  it('reports a relative import that leads to no declaration file', () => {
    write('broken.d.ts', "export * from './missing.js';");

    const graph = declarationGraph(join(dir, 'broken.d.ts'));

    expect(graph.unresolved.map(({ specifier }) => specifier)).toEqual(['./missing.js']);
  });

  it('names packages by their scope and name', () => {
    expect(packageOf('@aws-sdk/client-sqs/dist-types/x.js')).toBe('@aws-sdk/client-sqs');
    expect(packageOf('fastify/types/request.js')).toBe('fastify');
    expect(packageOf('ioredis')).toBe('ioredis');
  });
});

describe('the declarations of the built package', () => {
  it('exist (npm test builds first) and every entry has a peer policy', () => {
    expect(entries.length).toBeGreaterThan(0);
    expect(
      entries.filter(({ subpath }) => mayName[subpath] === undefined).map((e) => e.subpath),
      'add the entry to test/consumer/types/declaration-peers.json (docs/adr/0026)',
    ).toEqual([]);
    for (const { types } of entries) {
      expect(() => readFileSync(types), 'run `npm run build` first').not.toThrow();
    }
  });

  for (const { subpath, types } of entries) {
    const allowed = mayName[subpath] ?? [];
    const title = allowed.length === 0 ? 'no optional peer' : `only its own peer ${allowed}`;

    describe(subpath, () => {
      it(`names ${title}`, () => {
        const { imports, unresolved } = graphOf(types);

        const named = imports.filter(({ specifier }) => peers.has(packageOf(specifier)));
        expect(
          named.filter(({ specifier }) => !allowed.includes(packageOf(specifier))).map(where),
        ).toEqual([]);
        expect(unresolved.map(where)).toEqual([]);
      });

      it('names nothing else but dependencies and Node built-ins', () => {
        const { imports } = graphOf(types);

        const unexpected = imports.filter(({ specifier }) => {
          const name = packageOf(specifier);
          return !isBuiltin(specifier) && !dependencies.has(name) && !peers.has(name);
        });
        expect(unexpected.map(where)).toEqual([]);
      });
    });
  }
});
