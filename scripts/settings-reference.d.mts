// Types of scripts/settings-reference.mjs, for the test that imports it.
import type { SettingsGroup } from '../src/bin/settings-catalogue.js';

/** One row of the settings reference: one environment variable. */
export interface SettingsReferenceRow {
  readonly variable: string;
  readonly aliases: readonly string[];
  readonly type: string;
  readonly default: string;
  readonly allowed: string;
  readonly secret: string;
  readonly description: string;
}

export const SETTINGS_REFERENCE_PATH: string;
export function describeGroup(group: SettingsGroup): SettingsReferenceRow[];
export function renderSettingsReference(): string;
