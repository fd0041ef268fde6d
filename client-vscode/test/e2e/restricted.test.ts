import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SEED_NOTE, TEST_OUTPUT, VSIX } from '../paths';
import { Sandbox } from './codeServer';
import type { Workbench } from './workbench';
import { Session } from './workbench';

const NOTE = 'system-design-interview-notes.md';
const SERVER_TIMEOUT = 90_000;
const SCREENSHOTS = path.join(TEST_OUTPUT, 'restricted');

/** A script that leaves a marker file when it runs, then fails like a broken server would. */
function marking(file: string, marker: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
}

describe('Interview Notes in an untrusted workspace', { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let session: Session | undefined;
  let workbench: Workbench;
  let serverMarker: string;
  let pythonMarker: string;

  before(async () => {
    assert.ok(fs.existsSync(VSIX), `${VSIX} is built`);
    sandbox = new Sandbox('restricted', { workspaceTrust: true });
    session = new Session(sandbox, SCREENSHOTS);
    serverMarker = path.join(sandbox.root, 'workspace-server-ran');
    pythonMarker = path.join(sandbox.root, 'workspace-python-ran');
    fs.copyFileSync(SEED_NOTE, path.join(sandbox.workspace, NOTE));
    // What a cloned repository could carry: its own programs, named by its settings.
    marking(path.join(sandbox.workspace, 'tools', 'server'), serverMarker);
    marking(path.join(sandbox.workspace, 'tools', 'python'), pythonMarker);
    fs.mkdirSync(path.join(sandbox.workspace, '.vscode'));
    fs.writeFileSync(
      path.join(sandbox.workspace, '.vscode', 'settings.json'),
      JSON.stringify({
        'interviewNotes.server.path': path.join(sandbox.workspace, 'tools', 'server'),
        'interviewNotes.server.pythonPath': '${workspaceFolder}/tools/python',
      }),
    );
    workbench = await session.open(VSIX);
  });

  after(async () => {
    await session?.close();
  });

  test('the bundled server checks notes and nothing the workspace names is run', async () => {
    await workbench.openFile(NOTE);
    await workbench.page.keyboard.press('Control+Shift+M');
    await workbench.until(
      () => workbench.problemsRows().allInnerTexts(),
      (texts) => texts.some((text) => /IN\d{3}/.test(text)),
      SERVER_TIMEOUT,
      'diagnostics in the Problems panel',
    );
    await workbench.screenshot('restricted-mode');
    assert.ok(!fs.existsSync(serverMarker), "the workspace's server.path was not run");
    assert.ok(!fs.existsSync(pythonMarker), "the workspace's pythonPath was not run");
  });

  test("trusting the workspace restarts the server with the workspace's settings", async () => {
    await workbench.runCommand('Workspaces: Manage Workspace Trust');
    const trust = workbench.page
      .locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust( Folder)?$/ })
      .first();
    await trust.waitFor({ state: 'visible', timeout: 20_000 });
    await workbench.screenshot('trust-editor');
    await trust.click();
    await workbench.until(
      () => Promise.resolve(fs.existsSync(serverMarker)),
      (ran) => ran,
      SERVER_TIMEOUT,
      "the workspace's server.path after trusting",
    );
  });
});
