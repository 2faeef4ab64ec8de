import { readFileSync } from 'node:fs';

/** The package's public entry points (`@baltra/sdk`, `@baltra/sdk/postgres`, …) from its exports map. */
export function packageEntries(): string[] {
  const manifest = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as {
    name: string;
    exports: Record<string, unknown>;
  };
  return Object.keys(manifest.exports)
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}
