import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/** One module a declaration file names: `file` (absolute) imports `specifier`. */
export interface DeclarationImport {
  readonly file: string;
  readonly specifier: string;
}

/** What a consumer's compiler loads from one entry's declarations. */
export interface DeclarationGraph {
  /** Every declaration file reached from the entry (absolute paths), the entry first. */
  readonly files: readonly string[];
  /** Every bare specifier (a package, `node:…`) those files name, with the file naming it. */
  readonly imports: readonly DeclarationImport[];
  /** Relative specifiers that lead to no declaration file. */
  readonly unresolved: readonly DeclarationImport[];
}

/**
 * The module specifiers a declaration file names, as the compiler reads them: imports and
 * re-exports, `import('…')` types, `import x = require('…')`, `declare module '…'`
 * augmentations and `/// <reference types|path>` directives. Comments (JSDoc examples) and
 * string literal types are not imports.
 *
 * @example
 * ```ts
 * moduleSpecifiers("import type { Redis } from 'ioredis'; type Url = 'import(\"pg\")';"); // ['ioredis']
 * ```
 */
export function moduleSpecifiers(text: string, fileName = 'file.d.ts'): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = [
    ...source.typeReferenceDirectives.map((directive) => directive.fileName),
    ...source.referencedFiles.map((reference) => `./${reference.fileName.replace(/^\.\//, '')}`),
  ];
  const literal = (node: ts.Node | undefined) => {
    if (node !== undefined && ts.isStringLiteralLike(node)) found.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      literal(node.moduleSpecifier);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      literal(node.argument.literal);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      literal(node.moduleReference.expression);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      literal(node.name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The declaration file a relative specifier of `from` names, or undefined. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const target = resolve(dirname(from), specifier);
  const candidates = [
    target.replace(/\.(m|c)?js$/, (_, kind: string | undefined) => `.d.${kind ?? ''}ts`),
    target.endsWith('.d.ts') ? target : `${target}.d.ts`,
    resolve(target, 'index.d.ts'),
  ];
  return candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(candidate));
}

/**
 * Follows the declaration import graph from an entry's `.d.ts` (relative imports only, the way
 * a consumer's compiler loads it), and lists every package each reached file names.
 *
 * @example
 * ```ts
 * const { imports } = declarationGraph('dist/infra/sqs/index.d.ts');
 * imports.filter(({ specifier }) => specifier.startsWith('@aws-sdk/')); // []
 * ```
 */
export function declarationGraph(
  entryFile: string,
  /** Specifiers per file, shared between the graphs of several entries. */
  cache = new Map<string, readonly string[]>(),
): DeclarationGraph {
  const files: string[] = [];
  const imports: DeclarationImport[] = [];
  const unresolved: DeclarationImport[] = [];
  const pending = [resolve(entryFile)];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const file = pending.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(file);
    let specifiers = cache.get(file);
    if (specifiers === undefined) {
      specifiers = moduleSpecifiers(readFileSync(file, 'utf8'), file);
      cache.set(file, specifiers);
    }
    for (const specifier of specifiers) {
      if (!specifier.startsWith('.')) {
        imports.push({ file, specifier });
        continue;
      }
      const target = resolveRelative(file, specifier);
      if (target === undefined) unresolved.push({ file, specifier });
      else pending.push(target);
    }
  }
  return { files, imports, unresolved };
}

/** The package a bare specifier names: `@aws-sdk/client-sqs/x` → `@aws-sdk/client-sqs`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}
