import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { canonicalName, projectName, readPins } from '../constraints';
import { readManifest } from '../manifest';
import { VSIX } from '../paths';
import { listZip } from '../zip';

const names = (): string[] => listZip(VSIX).map((entry) => entry.name);

test('the .vsix exists and is small', () => {
  const size = fs.statSync(VSIX).size;
  assert.ok(size < 5 * 1024 * 1024, `${VSIX} is ${size} bytes`);
});

test('the .vsix carries the bundled extension and its manifest', () => {
  const files = names();
  for (const name of [
    'extension/package.json',
    'extension/dist/extension.js',
    'extension/readme.md',
    'extension/changelog.md',
  ]) {
    assert.ok(files.includes(name), `${name} is packaged`);
  }
});

test('the .vsix carries the Python server and its dependencies', () => {
  const files = names();
  for (const name of [
    'extension/bundled/tool/lsp_server.py',
    'extension/bundled/libs/interview_notes/__init__.py',
    'extension/bundled/libs/interview_notes/lsp/__init__.py',
    'extension/bundled/libs/interview_notes/templates/system-design.md',
    'extension/bundled/libs/pygls/__init__.py',
    'extension/bundled/libs/lsprotocol/types.py',
    'extension/bundled/libs/markdown_it/__init__.py',
  ]) {
    assert.ok(files.includes(name), `${name} is packaged`);
  }
});

test('the bundled Python distributions are the pins of bundle-constraints.txt', () => {
  const bundled = new Map<string, string>();
  for (const name of names()) {
    const match = /^extension\/bundled\/libs\/([^/]+)-([^/-]+)\.dist-info\/METADATA$/.exec(name);
    if (!match?.[1] || !match[2]) {
      continue;
    }
    const distribution = canonicalName(match[1]);
    assert.ok(!bundled.has(distribution), `${distribution} is bundled once`);
    bundled.set(distribution, match[2]);
  }
  const project = projectName();
  assert.ok(bundled.delete(project), `${project} itself is bundled`);
  const pinned = new Map(readPins().map((pin) => [pin.name, pin.version]));
  assert.deepEqual(
    Object.fromEntries([...bundled].sort()),
    Object.fromEntries([...pinned].sort()),
  );
});

test('the .vsix carries the pages of the walkthrough', () => {
  const files = names();
  const steps = (readManifest().contributes.walkthroughs ?? []).flatMap((walk) => walk.steps);
  assert.ok(steps.length > 0, 'a walkthrough is contributed');
  for (const step of steps) {
    const name = `extension/${step.media.markdown ?? step.media.image ?? ''}`;
    assert.ok(files.includes(name), `${name} is packaged`);
  }
});

test('the .vsix leaves out sources, tests, node_modules and caches', () => {
  const unwanted = [
    /^extension\/src\//,
    /^extension\/test\//,
    /^extension\/out\//,
    /^extension\/scripts\//,
    /^extension\/node_modules\//,
    /^extension\/\.e2e\//,
    /\.ts$/,
    /\.map$/,
    /__pycache__|\.pyc$/,
    /^extension\/bundled\/libs\/bin\//,
    /tsconfig|eslint|esbuild\.mjs|package-lock\.json/,
  ];
  for (const name of names()) {
    for (const pattern of unwanted) {
      assert.doesNotMatch(name, pattern, `${name} should not be packaged`);
    }
  }
});
