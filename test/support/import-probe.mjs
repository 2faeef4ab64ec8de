// Preloaded with `node --import` by test/hygiene: records what importing an entry point does.
// Prints one JSON line: environment variables read, files/sockets opened, resources left
// active, and every module URL that was resolved.
import fs from 'node:fs';
import { createRequire, register } from 'node:module';
import net from 'node:net';
import { MessageChannel } from 'node:worker_threads';

const entry = process.env.PROBE_ENTRY;
const realEnv = process.env;
const report = { entry, envReads: [], opens: [], modules: [], addedResources: [] };
let recording = false;

const fromUserland = () => {
  const stack = new Error().stack?.split('\n').slice(3) ?? [];
  // Node's own module loader reading source files is not the imported code opening a file.
  const caller = stack.find((line) => !line.includes('import-probe.mjs'));
  if (caller?.includes('node:internal/modules/')) return undefined;
  const frame = stack.find((line) => !line.includes('node:') && !line.includes('import-probe.mjs'));
  return frame?.trim();
};

process.env = new Proxy(realEnv, {
  get(target, key, receiver) {
    if (recording && typeof key === 'string') {
      const where = fromUserland();
      if (where) report.envReads.push({ key, where });
    }
    return Reflect.get(target, key, receiver);
  },
  has(target, key) {
    if (recording && typeof key === 'string') {
      const where = fromUserland();
      if (where) report.envReads.push({ key, where });
    }
    return Reflect.has(target, key);
  },
  ownKeys(target) {
    if (recording) {
      const where = fromUserland();
      if (where) report.envReads.push({ key: '(all keys)', where });
    }
    return Reflect.ownKeys(target);
  },
});

const spy = (object, name, kind) => {
  const original = object[name];
  object[name] = function (...args) {
    if (recording) {
      const where = fromUserland();
      if (where) report.opens.push({ kind, target: String(args[0]), where });
    }
    return original.apply(this, args);
  };
};
spy(fs, 'openSync', 'file');
spy(fs, 'open', 'file');
spy(fs, 'readFileSync', 'file');
spy(fs, 'createReadStream', 'file');
spy(fs, 'createWriteStream', 'file');
spy(fs.promises, 'open', 'file');
spy(fs.promises, 'readFile', 'file');
spy(net, 'createConnection', 'socket');
spy(globalThis, 'setTimeout', 'timer');
spy(globalThis, 'setInterval', 'timer');
spy(globalThis, 'setImmediate', 'timer');
spy(net.Socket.prototype, 'connect', 'socket');

const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => report.modules.push(url));
port1.unref();
register(
  `data:text/javascript,${encodeURIComponent(`
    let port;
    export function initialize(data) { port = data.port; }
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      port.postMessage(result.url);
      return result;
    }`)}`,
  { data: { port: port2 }, transferList: [port2] },
);

const count = (list) =>
  list.reduce((acc, name) => acc.set(name, (acc.get(name) ?? 0) + 1), new Map());

const before = count(process.getActiveResourcesInfo());
recording = true;
await import(entry);
recording = false;
await new Promise((resolve) => setImmediate(resolve));
const after = count(process.getActiveResourcesInfo());
for (const file of Object.keys(createRequire(import.meta.url).cache))
  report.modules.push(`file://${file}`);
for (const [name, n] of after) {
  const added = n - (before.get(name) ?? 0);
  if (added > 0) report.addedResources.push({ name, added });
}
// Let the hook thread deliver the last module URLs (this wait is the probe's, not the entry's).
await new Promise((resolve) => setTimeout(resolve, 100));
process.stdout.write(`${JSON.stringify(report)}\n`);
