// npm run docs:check-examples — type-checks the TypeScript code blocks of README.md and
// docs/**/*.md (not the generated docs/api/). Each ```ts / ```typescript block becomes a module
// under .tmp/doc-examples/ and one tsc run checks them all with the repository's compiler
// options, `@baltra/sdk/*` resolving to src/ through the tsconfig paths. Errors are reported at
// the Markdown line. A fragment that cannot compile on its own is marked ```ts no-check, or given
// the context it assumes in an HTML comment right above the fence, invisible on the page:
//   <!-- prelude: import { FunnelService } from '@baltra/sdk'; declare const companyId: string; -->
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.tmp/doc-examples');

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
        if (open.checked) {
          blocks.push({ line: open.line, prelude: open.prelude, code: open.body.join('\n') });
        }
        open = null;
      } else {
        open.body.push(lines[i].slice(open.indent));
      }
    } else if (fence) {
      const lang = fence[3].toLowerCase();
      const checked = (lang === 'ts' || lang === 'typescript') && !/\bno-check\b/.test(fence[4]);
      const prelude = preludeAbove(lines, i);
      open = { fence: fence[2], indent: fence[1].length, line: i + 2, checked, prelude, body: [] };
    }
  }
  return blocks;
}

/** The `<!-- prelude: … -->` comment ending on the line above a fence (blank lines allowed). */
function preludeAbove(lines, fenceIndex) {
  let end = fenceIndex - 1;
  while (end >= 0 && lines[end].trim() === '') end--;
  if (end < 0 || !lines[end].trimEnd().endsWith('-->')) return '';
  let start = end;
  while (start >= 0 && !lines[start].includes('<!--')) start--;
  const comment = lines.slice(start, end + 1).join('\n');
  const match = /<!--\s*prelude:([\s\S]*?)-->/.exec(comment);
  return match ? match[1].trim() : '';
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const sources = new Map();
let count = 0;
for (const file of markdownFiles()) {
  const rel = relative(root, file);
  for (const block of extractBlocks(readFileSync(file, 'utf8'))) {
    const name = `${rel.replace(/[^\w]+/g, '_')}_L${block.line}.ts`;
    // The prelude goes on the header line, so Markdown line = ts line - 2 + block.line.
    const header = `${block.prelude.replaceAll('\n', ' ')} // ${rel}:${block.line}`;
    writeFileSync(join(out, name), `${header}\n${block.code}\nexport {};\n`);
    sources.set(name, { rel, line: block.line });
    count++;
  }
}
writeFileSync(
  join(out, 'tsconfig.json'),
  `${JSON.stringify(
    {
      extends: '../../tsconfig.json',
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
  const m = /^(?:\.tmp\/doc-examples\/)?([^(]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line.trim());
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
