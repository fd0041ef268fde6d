import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_ROOT } from './paths';

export interface SettingSchema {
  type?: string | string[];
  default?: unknown;
  enum?: string[];
  markdownDescription?: string;
  scope?: string;
  properties?: Record<string, SettingSchema>;
  additionalProperties?: boolean | SettingSchema;
}

export interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents?: string[];
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
    commands: { command: string; title: string; category?: string; icon?: string }[];
    snippets?: { language: string; path: string }[];
    views?: Record<string, { id: string; name: string }[]>;
    viewsWelcome?: { view: string; contents: string; when?: string }[];
    menus?: Record<string, { command: string; when?: string; group?: string }[]>;
    walkthroughs?: { id: string; title: string; steps: WalkthroughStep[] }[];
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
