import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readManifest } from '../manifest';

// After `- Strategy: ` a static snippet list (`component-api-gateway`, ...) would follow the
// field's values in the suggestions; the server's completion offers the whole template in an
// empty note, and sections and components on a heading line, where they fit.
test('package.json contributes no static snippets that compete with the server completion', () => {
  const manifest = readManifest() as ReturnType<typeof readManifest> & { categories?: string[] };
  assert.deepEqual(manifest.contributes.snippets ?? [], []);
  assert.ok(!manifest.categories?.includes('Snippets'), 'not listed under Snippets');
});
