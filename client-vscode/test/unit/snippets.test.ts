import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readManifest } from '../manifest';
import { REPO_ROOT } from '../paths';

const SNIPPETS = path.join(REPO_ROOT, 'snippets');

interface SnippetsEntry {
  language: string | string[];
  path: string;
}

interface SnippetsManifest {
  contributes: { snippets: SnippetsEntry[] };
}

function repositorySnippets(): SnippetsEntry[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(SNIPPETS, 'package.json'), 'utf8'),
  ) as SnippetsManifest;
  return manifest.contributes.snippets;
}

test('package.json contributes the snippets listed in snippets/package.json', () => {
  const expected = repositorySnippets().flatMap((entry) =>
    [entry.language].flat().map((language) => ({
      language,
      path: `./snippets/${path.basename(entry.path)}`,
    })),
  );
  assert.deepEqual(readManifest().contributes.snippets, expected);
});

test('every snippet has a prefix and a body', () => {
  for (const entry of repositorySnippets()) {
    const snippets = JSON.parse(fs.readFileSync(path.join(SNIPPETS, entry.path), 'utf8')) as Record<
      string,
      { prefix?: unknown; body?: unknown }
    >;
    assert.ok(Object.keys(snippets).length > 0, `${entry.path} has snippets`);
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok(snippet.prefix, `${name} has a prefix`);
      assert.ok(snippet.body, `${name} has a body`);
    }
  }
});
