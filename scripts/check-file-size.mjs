// Fails when a TypeScript file under src/ has more than 400 lines: a file that large does
// several jobs, and new code copies the shape it finds (issue #17). Split it along its seams
// (one main export per file, kebab-case after it) instead of raising the limit.
//
//   node scripts/check-file-size.mjs [--max 400] [dir]   → lists every offender, exit 1
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { max: { type: 'string', default: '400' } },
  allowPositionals: true,
});
const max = Number(values.max);
const dir = resolve(positionals[0] ?? 'src');

function* typeScriptFiles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* typeScriptFiles(path);
    else if (entry.isFile() && entry.name.endsWith('.ts')) yield path;
  }
}

/** Lines as `wc -l` counts them, plus a last line without its newline. */
function lineCount(path) {
  const text = readFileSync(path, 'utf8');
  const newlines = text.split('\n').length - 1;
  return text === '' || text.endsWith('\n') ? newlines : newlines + 1;
}

const offenders = [...typeScriptFiles(dir)]
  .map((path) => ({ path: relative(process.cwd(), path), lines: lineCount(path) }))
  .filter(({ lines }) => lines > max)
  .sort((a, b) => b.lines - a.lines);

if (offenders.length === 0) {
  console.log(
    `file size: no .ts file under ${relative(process.cwd(), dir) || '.'} has more than ${max} lines`,
  );
} else {
  for (const { path, lines } of offenders) console.error(`${path}: ${lines} lines (limit ${max})`);
  console.error(
    `file size: ${offenders.length} file(s) over ${max} lines; split them along their seams (CONTRIBUTING.md)`,
  );
  process.exitCode = 1;
}
