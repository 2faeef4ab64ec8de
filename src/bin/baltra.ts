#!/usr/bin/env node
// The `baltra` command: `baltra migrate up|down|status [--database-url URL]`, `baltra settings check`.
import { runBaltraCli } from './run-baltra-cli.js';

process.exitCode = await runBaltraCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
