import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readManifest, serverDefaults } from '../manifest';
import { CLIENT_ROOT, REPO_ROOT } from '../paths';

const PYTHON = process.env.INTERVIEW_NOTES_PYTHON ?? path.join(REPO_ROOT, '.venv', 'bin', 'python');
const DUMP_DEFAULTS =
  'import json; from interview_notes.settings import defaults_json; print(json.dumps(defaults_json()))';

/** Parses the Settings table of a Markdown file: `key` -> default, from the given columns. */
function tableDefaults(file: string, defaultColumn: number): Record<string, unknown> {
  const text = fs.readFileSync(file, 'utf8');
  const section = text.split(/^## /m).find((part) => part.startsWith('Settings'));
  assert.ok(section, `${file} has a Settings section`);
  const defaults: Record<string, unknown> = {};
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const key = /^`([\w.]+)`$/.exec(cells[1] ?? '')?.[1];
    const value = cells[defaultColumn];
    if (key && value !== undefined) {
      defaults[key] = parseDefault(value.replace(/^`|`$/g, ''));
    }
  }
  return defaults;
}

function parseDefault(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

test('package.json contributes the settings of docs/server.md with their defaults', () => {
  const documented = tableDefaults(path.join(REPO_ROOT, 'docs', 'server.md'), 3);
  assert.deepEqual(serverDefaults(readManifest()), documented);
});

test("the README's settings table lists every contributed setting with its default", () => {
  const properties = readManifest().contributes.configuration.properties;
  const contributed = Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [key, schema.default]),
  );
  assert.deepEqual(tableDefaults(path.join(CLIENT_ROOT, 'README.md'), 2), contributed);
});

test('package.json settings equal the Python server settings and defaults', () => {
  const output = execFileSync(PYTHON, ['-c', DUMP_DEFAULTS], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: path.join(REPO_ROOT, 'server') },
  });
  assert.deepEqual(serverDefaults(readManifest()), JSON.parse(output));
});

test('every contributed setting has a description and a default', () => {
  for (const [key, schema] of Object.entries(readManifest().contributes.configuration.properties)) {
    assert.ok('default' in schema, `${key} has a default`);
    assert.ok(schema.markdownDescription, `${key} has a description`);
  }
});
