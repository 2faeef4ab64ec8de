// The declaration check of the consumer smoke test (docs/adr/0026): tsc compiles a strict
// consumer project (test/consumer/types, skipLibCheck: false) inside a project that installed the
// packed tarball, and every diagnostic is judged. Without the optional peers, the only errors
// allowed are "Cannot find module '<peer>'" in the declarations of an entry that
// test/consumer/types/declaration-peers.json lets name that peer; with them, none — except in
// a peer's own declarations (PGlite's need the DOM lib, ioredis' name the untyped
// redis-errors), which are listed apart: they are the peer's, and a consumer that never
// imports the peer directly does not load them (unless an entry names the peer).
import { execFileSync } from 'node:child_process';
import { dirname, sep } from 'node:path';

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const MISSING_MODULE = /^Cannot find module '([^']+)'/;

/** The package a file under node_modules belongs to (the innermost), or undefined. */
function packageOfFile(file) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(
    file.split(sep).join('/'),
  );
  return match?.[1];
}

/** The package a bare specifier names: `fastify/types/x.js` → `fastify`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The entry (`./fastify`) whose declarations hold `file`, from the folder of each entry's
 * `types` in the exports map; the deepest folder wins (`dist/index.d.ts` holds the root).
 */
function entryOf(file, exportsMap) {
  const normalised = file.split(sep).join('/');
  let best;
  for (const [subpath, target] of Object.entries(exportsMap)) {
    if (typeof target !== 'object' || target?.types === undefined) continue;
    const folder = `node_modules/@baltra/sdk/${dirname(target.types.replace(/^\.\//, ''))}/`;
    if (normalised.includes(folder) && (best === undefined || folder.length > best.folder.length)) {
      best = { subpath, folder };
    }
  }
  return best?.subpath;
}

/**
 * Runs tsc on `tsconfig` with `node` and sorts its errors (as tsc printed them, continuation
 * lines included): `allowed` are missing-module errors on a peer the reporting entry may name
 * (`mayName`), `inPeers` are errors in the declarations of an optional peer (`peers`) or of
 * its `@types` package, `problems` are all the others. With `peersMustCompile` (a consumer
 * that imports only the SDK), errors in a peer's declarations are problems too: only the
 * SDK's declarations can have loaded them.
 *
 * @param {{ node: string, tsc: string, cwd: string, tsconfig: string, peers: string[],
 *   mayName: Record<string, string[]>, exportsMap: Record<string, unknown>,
 *   peersMustCompile?: boolean }} options
 * @returns {{ allowed: string[], inPeers: string[], problems: string[], seconds: number }}
 */
export function checkConsumerTypes({
  node,
  tsc,
  cwd,
  tsconfig,
  peers,
  mayName,
  exportsMap,
  peersMustCompile = false,
}) {
  const started = Date.now();
  let output = '';
  try {
    execFileSync(node, [tsc, '-p', tsconfig, '--pretty', 'false'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    if (output.trim() === '') throw error;
  }
  const allowed = [];
  const inPeers = [];
  const problems = [];
  const typesOf = (name) => `@types/${name.replace(/^@/, '').replace('/', '__')}`;
  const peerPackages = new Set([...peers, ...peers.map(typesOf)]);
  let last;
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line) && last !== undefined) {
      // A continuation of the previous diagnostic.
      last.list[last.index] += `\n${line}`;
      continue;
    }
    const [, file, , , code, message] = DIAGNOSTIC.exec(line) ?? [];
    const peer = code === 'TS2307' ? MISSING_MODULE.exec(message)?.[1] : undefined;
    const entry = file === undefined ? undefined : entryOf(file, exportsMap);
    const mayNamePeer =
      peer !== undefined && entry !== undefined && mayName[entry]?.includes(packageOf(peer));
    const owner = file === undefined ? undefined : packageOfFile(file);
    const inPeer = peerPackages.has(owner) && !peersMustCompile;
    const list = mayNamePeer ? allowed : inPeer ? inPeers : problems;
    last = { list, index: list.push(line) - 1 };
  }
  return { allowed, inPeers, problems, seconds: (Date.now() - started) / 1000 };
}
