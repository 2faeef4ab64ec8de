// npm run docs:check-examples — type-checks the TypeScript code blocks of README.md and
// docs/**/*.md (not the generated docs/api/). Each ```ts / ```typescript block becomes a module
// under .tmp/doc-examples/<pid>/ (a folder per run: runs side by side never clash) and one tsc
// run checks them all with the repository's compiler options, `@baltra/sdk/*` resolving to
// src/ through the tsconfig paths. Errors are reported at the Markdown line. A fragment that
// cannot compile on its own is marked ```ts no-check, or given
// the context it assumes in an HTML comment right above the fence, invisible on the page:
//   <!-- prelude: import { FunnelService } from '@baltra/sdk'; declare const companyId: string; -->
// Blocks marked <!-- run --> above the fence (beside a prelude, if any) are then also run, each
// in its own Node process with tsx against the sources and the embedded default database, and
// must exit 0 on their own within the timeout (scripts/run-doc-examples.mjs). Mark only blocks
// that need no server (PostgreSQL, SQS, Redis, Meta) and whose prelude declares nothing
// (`declare` has no value at run time); `vitest`'s `expect` works, `vi` and `it` do not.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExamples } from './run-doc-examples.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.tmp/doc-examples', String(process.pid));

function markdownFiles() {
  const files = [join(root, 'README.md')];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && path !== join(root, 'docs/api')) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) files.push(path);
    }
  };
  walk(join(root, 'docs'));
  return files;
}

/** The checked code blocks of a Markdown file, with the line of their first code line. */
export function extractBlocks(text) {
  const blocks = [];
  const lines = text.split('\n');
  let open = null;
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/.exec(lines[i]);
    if (open) {
      if (
        fence?.[2].startsWith(open.fence[0]) &&
        fence[2].length >= open.fence.length &&
        !fence[3]
      ) {
        if (open.checked || open.run) {
          blocks.push({
            line: open.line,
            prelude: open.prelude,
            code: open.body.join('\n'),
            checked: open.checked,
            run: open.run,
          });
        }
        open = null;
      } else {
        open.body.push(lines[i].slice(open.indent));
      }
    } else if (fence) {
      const lang = fence[3].toLowerCase();
      const typescript = lang === 'ts' || lang === 'typescript';
      const checked = typescript && !/\bno-check\b/.test(fence[4]);
      const { prelude, run } = commentsAbove(lines, i);
      open = {
        fence: fence[2],
        indent: fence[1].length,
        line: i + 2,
        checked,
        run: typescript && run,
        prelude,
        body: [],
      };
    }
  }
  return blocks;
}

/**
 * The HTML comments right above a fence (blank lines allowed): its `<!-- prelude: … -->` and
 * whether it is marked `<!-- run -->`.
 */
function commentsAbove(lines, fenceIndex) {
  const comments = [];
  let end = fenceIndex - 1;
  for (;;) {
    while (end >= 0 && lines[end].trim() === '') end--;
    if (end < 0 || !lines[end].trimEnd().endsWith('-->')) break;
    let start = end;
    while (start >= 0 && !lines[start].includes('<!--')) start--;
    if (start < 0) break;
    comments.push(lines.slice(start, end + 1).join('\n'));
    end = start - 1;
  }
  const text = comments.join('\n');
  const prelude = /<!--\s*prelude:([\s\S]*?)-->/.exec(text);
  return { prelude: prelude ? prelude[1].trim() : '', run: /<!--\s*run\s*-->/.test(text) };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const sources = new Map();
const runnable = [];
const misplaced = [];
let count = 0;
for (const file of markdownFiles()) {
  const rel = relative(root, file);
  for (const block of extractBlocks(readFileSync(file, 'utf8'))) {
    const name = `${rel.replace(/[^\w]+/g, '_')}_L${block.line}.ts`;
    // The prelude goes on the header line, so Markdown line = ts line - 2 + block.line.
    const header = `${block.prelude.replaceAll('\n', ' ')} // ${rel}:${block.line}`;
    writeFileSync(join(out, name), `${header}\n${block.code}\nexport {};\n`);
    if (block.run && !block.checked)
      misplaced.push(`${rel}:${block.line} is marked run and no-check`);
    else if (block.run && /\bdeclare\b/.test(block.prelude)) {
      misplaced.push(
        `${rel}:${block.line} is marked run, but its prelude declares (no value at run time)`,
      );
    } else if (block.run) runnable.push({ file: join(out, name), rel, line: block.line });
    if (!block.checked) continue;
    sources.set(name, { rel, line: block.line });
    count++;
  }
}
if (misplaced.length > 0) {
  for (const problem of misplaced) console.error(problem);
  process.exit(1);
}
writeFileSync(
  join(out, 'tsconfig.json'),
  `${JSON.stringify(
    {
      extends: '../../../tsconfig.json',
      compilerOptions: { noEmit: true, noUnusedLocals: false },
      include: ['./*.ts'],
    },
    null,
    2,
  )}\n`,
);

const result = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    join(out, 'tsconfig.json'),
    '--pretty',
    'false',
  ],
  { cwd: root, encoding: 'utf8' },
);
const errors = [];
for (const line of `${result.stdout}${result.stderr}`.split('\n')) {
  const m = /^(?:\.tmp\/doc-examples\/\d+\/)?([^(]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line.trim());
  const source = m && sources.get(m[1].replace(/^.*\//, ''));
  const at = m && Number(m[2]) === 1 ? 'prelude' : m && source.line + Number(m[2]) - 2;
  if (source) errors.push(`${source.rel}:${at}:${m[3]} ${m[4]}`);
  else if (line.trim()) errors.push(line.trim());
}
if (result.status !== 0 || errors.length > 0) {
  for (const error of errors) console.error(error);
  console.error(
    `\ndoc examples: ${errors.length} error(s) in ${count} TypeScript blocks. Fix the block, or mark a fragment \`\`\`ts no-check.`,
  );
  process.exit(1);
}
console.log(`doc examples: ${count} TypeScript blocks in README.md and docs/ type-check`);

const started = Date.now();
const failures = await runExamples(runnable, { cwd: root });
for (const { example, reason, output } of failures) {
  console.error(`${example.rel}:${example.line}: ${reason}`);
  const tail = output.trim().split('\n').slice(-20);
  for (const line of tail) if (line) console.error(`    ${line}`);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  console.error(
    `\ndoc examples: ${failures.length} of ${runnable.length} runnable blocks failed. Fix the block, or remove its <!-- run --> marker if it needs a server.`,
  );
  process.exit(1);
}
console.log(`doc examples: ${runnable.length} blocks marked <!-- run --> ran in ${seconds} s`);
rmSync(out, { recursive: true, force: true });
