import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  describeGroup,
  renderSettingsReference,
  SETTINGS_REFERENCE_PATH,
} from '../../scripts/settings-reference.mjs';
import {
  SETTINGS_GROUPS,
  type SettingsGroup,
  settingsVariables,
} from '../../src/bin/settings-catalogue.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every line of code under src/ that is not a comment, with its file. */
function sourceLines(): { file: string; line: string }[] {
  const lines: { file: string; line: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const line of readFileSync(path, 'utf8').split('\n')) {
          if (!/^\s*(\*|\/\/|\/\*)/.test(line)) lines.push({ file: relative(root, path), line });
        }
      }
    }
  };
  walk(join(root, 'src'));
  return lines;
}

describe('docs/settings.md', () => {
  it('is what the settings definitions generate', () => {
    const generated = renderSettingsReference();
    const committed = readFileSync(SETTINGS_REFERENCE_PATH, 'utf8');

    expect(committed, 'docs/settings.md is out of date: run npm run docs:settings').toBe(generated);
  });

  it('names every variable the sources read by name', () => {
    const reference = readFileSync(SETTINGS_REFERENCE_PATH, 'utf8');
    const read = new Set<string>();
    for (const { line } of sourceLines()) {
      for (const match of line.matchAll(/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]+)/g)) {
        read.add(match[1] as string);
      }
    }

    const missing = [...read].filter((name) => !reference.includes(`\`${name}\``));

    expect(read.size).toBeGreaterThan(0);
    expect(
      missing,
      'add them to src/bin/settings-catalogue.ts, then npm run docs:settings',
    ).toEqual([]);
  });

  it('knows every place that defines settings or hands the whole environment over', () => {
    const places = sourceLines()
      .filter(({ line }) => /\bdefineSettings\(|process\.env\b(?!\.)/.test(line))
      .map(({ file }) => file);

    expect(
      [...new Set(places)].sort(),
      'a new group of settings belongs in src/bin/settings-catalogue.ts',
    ).toEqual([
      'src/bin/baltra.ts',
      'src/bin/run-settings-check.ts',
      'src/infra/ai/ai-settings.ts',
      'src/infra/prometheus/metrics-settings.ts',
      'src/infra/redis/redis-settings.ts',
      'src/infra/reporting/reporting-settings.ts',
      'src/shared/settings/core-settings.ts',
      'src/shared/settings/define-settings.ts',
    ]);
  });

  it('describes every variable: each field of each schema has a description', () => {
    const undescribed = SETTINGS_GROUPS.flatMap((group) =>
      describeGroup(group)
        .filter((row) => row.description === '')
        .map((row) => row.variable),
    );

    expect(undescribed).toEqual([]);
  });
});

describe('settings reference generator', () => {
  it('derives type, default, allowed values, secrecy and aliases from the schema', () => {
    const group: SettingsGroup = {
      name: 'mail',
      title: 'Mail settings',
      prefix: 'MAIL_',
      schema: z.object({
        port: z.coerce.number().int().min(1).max(65_535).default(25).meta({ description: 'Port.' }),
        mode: z.enum(['smtp', 'api']).default('smtp'),
        apiToken: z.string().optional(),
        relayUrl: z.string().meta({ allowed: 'an https:// URL' }),
      }),
      secrets: ['relayUrl'],
      aliases: { relayUrl: ['RELAY_URL'] },
      readBy: ['the mailer'],
      alsoReadBy: { mode: ['the health check'] },
      checkedWhen: () => true,
      skippedBecause: '',
    };

    const rows = describeGroup(group);

    expect(rows).toEqual([
      {
        variable: 'MAIL_PORT',
        aliases: [],
        type: 'integer',
        default: '`25`',
        allowed: 'an integer, ≥ 1, ≤ 65535',
        secret: 'no',
        description: 'Port.',
      },
      {
        variable: 'MAIL_MODE',
        aliases: [],
        type: 'string',
        default: '`smtp`',
        allowed: '`smtp`, `api`',
        secret: 'no',
        description: 'Also read by the health check.',
      },
      {
        variable: 'MAIL_API_TOKEN',
        aliases: [],
        type: 'string',
        default: 'unset',
        allowed: '',
        secret: 'yes (by name)',
        description: '',
      },
      {
        variable: 'MAIL_RELAY_URL',
        aliases: ['RELAY_URL'],
        type: 'string',
        default: 'required',
        allowed: 'an https:// URL',
        secret: 'yes',
        description: '',
      },
    ]);
    expect(settingsVariables(group).map((variable) => variable.secret)).toEqual([
      'no',
      'no',
      'by-name',
      'declared',
    ]);
  });
});
