#!/usr/bin/env node
// The `baltra` command: `baltra migrate up|down|status [--database-url URL]`, `baltra settings check`,
// `baltra dlq list|show|replay <queue>`.
import { createInterface } from 'node:readline/promises';
import { runBaltraCli } from './run-baltra-cli.js';

// `dlq`: Ctrl-C once stops a replay after its batch in hand (the rest is given back); twice exits.
const interrupt = new AbortController();
if (process.argv[2] === 'dlq') {
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  });
}

process.exitCode = await runBaltraCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
  async confirm(question) {
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await terminal.question(question)).trim());
    } finally {
      terminal.close();
    }
  },
  ...(process.stderr.isTTY && {
    status: (line: string) => process.stderr.write(line === '' ? '\r\x1b[K' : `\r\x1b[K${line}`),
  }),
  signal: interrupt.signal,
});
