import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SEED_NOTE, TEST_OUTPUT, VSIX } from '../paths';
import { Sandbox } from './codeServer';
import type { Workbench } from './workbench';
import { plain, Session } from './workbench';

const NOTE = 'system-design-interview-notes.md';
const EMPTY = 'empty-note.md';
const TEMPLATE_TITLE = '# System Design Interview Notes';
const SERVER_TIMEOUT = 90_000;
/** `**Notes:**` under `1. WHAT` in the seed template (1-based). */
const FIRST_EMPTY_SLOT_LINE = 17;
// Right after `**Notes:**`: the cursor goes where the value is typed, selecting nothing.
const FIRST_EMPTY_SLOT_COLUMN = 11;
/** `- Type (SQL/NoSQL):` under `### Database` in the seed template (1-based). */
const DATABASE_TYPE_LINE = 71;

describe('Interview Notes in code-server', { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let session: Session | undefined;
  let workbench: Workbench;

  before(async () => {
    assert.ok(fs.existsSync(VSIX), `${VSIX} is built`);
    fs.rmSync(TEST_OUTPUT, { recursive: true, force: true });
    fs.mkdirSync(TEST_OUTPUT, { recursive: true });
    sandbox = new Sandbox('run');
    session = new Session(sandbox, TEST_OUTPUT);
    fs.copyFileSync(SEED_NOTE, path.join(sandbox.workspace, NOTE));
    fs.writeFileSync(path.join(sandbox.workspace, EMPTY), '');
    workbench = await session.open(VSIX);
  });

  after(async () => {
    await session?.close();
  });

  test('the Problems panel lists the warnings of the seed template', async () => {
    await workbench.openFile(NOTE);
    await workbench.page.keyboard.press('Control+Shift+M');
    const rows = await workbench.until(
      () => workbench.problemsRows().allInnerTexts(),
      (texts) => texts.some((text) => /IN\d{3}/.test(text)),
      SERVER_TIMEOUT,
      'diagnostics in the Problems panel',
    );
    assert.ok(rows.some((text) => text.includes('interview-notes')), rows.join('\n'));
    await workbench.screenshot('problems');
  });

  test('the status bar shows the note completeness', async () => {
    const label = await workbench.until(
      () => workbench.statusLabel('Interview note:'),
      (text) => /\d+ of \d+ slots filled/.test(text),
      SERVER_TIMEOUT,
      'completeness in the status bar',
    );
    assert.match(label, /Interview note: \d+ of \d+ slots filled/);
  });

  test('Insert Template from the command palette fills an empty file', async () => {
    await workbench.openFile(EMPTY);
    await workbench.runCommand('Interview Notes: Insert Template');
    const text = await workbench.until(
      () => workbench.editorText(),
      (value) => value.includes(TEMPLATE_TITLE),
      SERVER_TIMEOUT,
      'the template in the editor',
    );
    assert.ok(text.includes('## Interview Date'), text);
    await workbench.screenshot('insert-template');
  });

  test('Next Empty Slot puts the cursor where the first empty value goes', async () => {
    await workbench.openFile(NOTE);
    await workbench.page.keyboard.press('Control+Home');
    await workbench.runCommand('Interview Notes: Next Empty Slot');
    const position = await workbench.until(
      () => workbench.cursorPosition(),
      (text) => text.startsWith(`Ln ${FIRST_EMPTY_SLOT_LINE},`),
      SERVER_TIMEOUT,
      'the cursor on the first empty slot',
    );
    assert.match(position, new RegExp(`^Ln ${FIRST_EMPTY_SLOT_LINE}, Col ${FIRST_EMPTY_SLOT_COLUMN}$`));
  });

  test('New Note asks the template questions, creates the note and opens it', async () => {
    await workbench.runCommand('Interview Notes: New Note');
    await workbench.page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'New Interview Note' })
      .waitFor({ state: 'visible' });
    await workbench.page.keyboard.type('mock-interview');
    await workbench.page.keyboard.press('Enter');
    // One input box per variable of the template, titled `(k/n)`: answer the company, skip the rest.
    const title = workbench.page.locator('.quick-input-widget .quick-input-title');
    const first = title.filter({ hasText: /New Interview Note \(1\/\d+\)/ });
    await first.waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
    const count = Number(/\(1\/(\d+)\)/.exec(await first.innerText())?.[1]);
    const asked: string[] = [];
    for (let index = 1; index <= count; index++) {
      await title
        .filter({ hasText: `New Interview Note (${index}/${count})` })
        .waitFor({ state: 'visible', timeout: 10_000 });
      const prompt = plain(
        await workbench.page.locator('.quick-input-widget .quick-input-message').innerText(),
      );
      asked.push(prompt);
      if (/company/i.test(prompt)) {
        await workbench.page.keyboard.type('Acme');
        await workbench.page.keyboard.press('Enter');
      } else {
        await workbench.page.keyboard.press('Escape');
      }
    }
    assert.ok(asked.some((prompt) => /company/i.test(prompt)), asked.join('\n'));
    await workbench.page
      .locator('.tab.active[aria-label*="mock-interview.md"]')
      .waitFor({ timeout: SERVER_TIMEOUT });
    const text = await workbench.until(
      () => workbench.editorText(),
      (value) => value.includes(TEMPLATE_TITLE),
      SERVER_TIMEOUT,
      'the new note',
    );
    assert.ok(text.includes('## Interview Date'), text);
    assert.ok(text.includes('Acme'), text);
  });

  test('completion offers values for a field of the note', async () => {
    await workbench.openFile(NOTE);
    await workbench.goToLine(DATABASE_TYPE_LINE);
    await workbench.page.keyboard.press('End');
    await workbench.page.keyboard.type(' W');
    await workbench.page.keyboard.press('Control+Space');
    const labels = await workbench.until(
      () => workbench.suggestRows().allInnerTexts(),
      (texts) => texts.some((text) => text.includes('Wide-column')),
      SERVER_TIMEOUT,
      'completion items',
    );
    assert.ok(labels.length > 0);
    await workbench.screenshot('completion');
    await workbench.page.keyboard.press('Enter');
    await workbench.until(
      () => workbench.editorText(),
      (text) => text.includes('- Type (SQL/NoSQL): Wide-column'),
      10_000,
      'the accepted completion',
    );
  });

  test('a Python older than 3.10 gets a notification that says what to set', async () => {
    const oldPython = path.join(sandbox.root, 'python3.8');
    fs.writeFileSync(oldPython, '#!/bin/sh\necho 3.8.10\n', { mode: 0o755 });
    await workbench.setSetting('interviewNotes.server.pythonPath', oldPython, 'Remote');
    const messages = await workbench.until(
      () => workbench.notifications().allInnerTexts(),
      (texts) => texts.some((text) => text.includes('Python 3.8.10')),
      SERVER_TIMEOUT,
      'the notification about Python',
    );
    const message = plain(messages.find((text) => text.includes('Python 3.8.10')) ?? '');
    assert.match(message, /needs Python 3\.10 or newer/);
    assert.match(message, /interviewNotes\.server\.pythonPath/);
    await workbench.screenshot('old-python');
  });
});
