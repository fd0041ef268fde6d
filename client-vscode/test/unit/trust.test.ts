import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PYTHON_PATH_KEY, SERVER_PATH_KEY } from '../../src/common/launch';
import { readManifest } from '../manifest';

const LAUNCH_SETTINGS = [SERVER_PATH_KEY, PYTHON_PATH_KEY];

test('package.json declares limited support for untrusted workspaces', () => {
  const untrusted = readManifest().capabilities?.untrustedWorkspaces;
  assert.ok(untrusted, 'capabilities.untrustedWorkspaces is declared');
  assert.equal(untrusted.supported, 'limited');
  assert.ok(untrusted.description, 'Restricted Mode is described');
  for (const key of LAUNCH_SETTINGS) {
    assert.ok(untrusted.description.includes(key), `the description names ${key}`);
  }
});

test('both launch settings are restricted in untrusted workspaces', () => {
  const manifest = readManifest();
  const restricted = manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? [];
  assert.deepEqual([...restricted].sort(), [...LAUNCH_SETTINGS].sort());
  const properties = manifest.contributes.configuration.properties;
  for (const key of restricted) {
    assert.ok(properties[key], `${key} is a contributed setting`);
    // Trusted workspaces may set them (see src/common/launch.ts), so not `machine` scope.
    assert.equal(properties[key].scope, 'machine-overridable', `${key} scope`);
  }
});
