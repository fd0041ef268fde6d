import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_ROOT } from './paths';

export interface SettingSchema {
  default?: unknown;
  markdownDescription?: string;
  scope?: string;
}

export interface Manifest {
  capabilities?: {
    untrustedWorkspaces?: {
      supported: boolean | 'limited';
      description?: string;
      restrictedConfigurations?: string[];
    };
  };
  contributes: {
    configuration: { properties: Record<string, SettingSchema> };
    commands: { command: string; title: string; category?: string }[];
    snippets: { language: string; path: string }[];
  };
}

export function readManifest(root = CLIENT_ROOT): Manifest {
  return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
}

/** The contributed settings the server reads, as camelCase key -> default. */
export function serverDefaults(manifest: Manifest): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
    const name = key.replace(/^interviewNotes\./, '');
    if (!name.startsWith('server.') && !name.startsWith('trace.')) {
      defaults[name] = schema.default;
    }
  }
  return defaults;
}
