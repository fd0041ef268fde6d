import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { REPO_ROOT, SEED_NOTE, TEST_OUTPUT, VSIX } from '../paths';
import { Sandbox } from './codeServer';
import type { Workbench } from './workbench';
import { plain, Session } from './workbench';

const PYTHON = process.env.INTERVIEW_NOTES_PYTHON ?? path.join(REPO_ROOT, '.venv', 'bin', 'python');
const SERVER_TIMEOUT = 90_000;
const SCREENSHOTS = path.join(TEST_OUTPUT, 'notes-view');
/** The seed template: almost every slot empty. */
const BEGUN = 'acme-design-twitter.md';
/** Most slots filled. */
const ADVANCED = 'globex-url-shortener.md';
const LATER = 'initech-rate-limiter.md';

interface CliStatus {
  notes: {
    path: string;
    filled: number;
    total: number;
    firstEmpty: { line: number; column: number; label: string; section: string } | null;
  }[];
}

/** The seed template with its labelled paragraphs and fields filled in. */
function advancedNote(): string {
  return fs
    .readFileSync(SEED_NOTE, 'utf8')
    .replace(/^(\*\*[^*\n]+:\*\*)[ \t]*$/gm, '$1 Covered in the interview.')
    .replace(/^(- [^:\n]+:)[ \t]*$/gm, '$1 Yes');
}

/** What `interview-notes status` says of the workspace: the numbers the view must show. */
function cliStatus(folder: string): Map<string, CliStatus['notes'][number]> {
  const output = execFileSync(
    PYTHON,
    ['-m', 'interview_notes', 'status', '--format', 'json', folder],
    { encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(REPO_ROOT, 'server') } },
  );
  const status = JSON.parse(output) as CliStatus;
  return new Map(status.notes.map((note) => [path.basename(note.path), note]));
}

describe('The Interview Notes view in code-server', { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let session: Session | undefined;
  let workbench: Workbench;
  let expected: Map<string, CliStatus['notes'][number]>;

  const pane = (): Locator =>
    workbench.page.locator('.pane', {
      has: workbench.page.locator('.pane-header', { hasText: /^Interview Notes/i }),
    });
  const row = (name: string): Locator =>
    pane().locator(`.monaco-list-row[aria-label^="${name}:"]`);
  const rowLabels = async (): Promise<string[]> =>
    (await pane().locator('.monaco-list-row').allInnerTexts()).map((text) =>
      plain(text).replace(/\s+/g, ' ').trim(),
    );

  before(async () => {
    assert.ok(fs.existsSync(VSIX), `${VSIX} is built`);
    sandbox = new Sandbox('notes-view');
    session = new Session(sandbox, SCREENSHOTS);
    fs.copyFileSync(SEED_NOTE, path.join(sandbox.workspace, BEGUN));
    fs.writeFileSync(path.join(sandbox.workspace, ADVANCED), advancedNote());
    fs.writeFileSync(path.join(sandbox.workspace, 'README.md'), '# Not a note\n\nJust a file.\n');
    expected = cliStatus(sandbox.workspace);
    assert.deepEqual([...expected.keys()].sort(), [ADVANCED, BEGUN].sort());
    assert.ok(expected.get(BEGUN)!.filled < expected.get(ADVANCED)!.filled);
    workbench = await session.open(VSIX);
  });

  after(async () => {
    await session?.close();
  });

  test('the view lists both notes with their filled and total slots', async () => {
    // The view starts collapsed under the Explorer's folder: open it as a person would.
    const header = pane().locator('.pane-header');
    await header.waitFor({ timeout: 20_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') {
      await header.click();
    }
    const labels = await workbench.until(
      rowLabels,
      (texts) => texts.some((text) => text.includes(BEGUN)) && texts.some((text) => text.includes(ADVANCED)),
      SERVER_TIMEOUT,
      'the notes in the Interview Notes view',
    );
    assert.ok(!labels.some((text) => text.includes('README.md')), labels.join('\n'));
    for (const name of [BEGUN, ADVANCED]) {
      const { filled, total } = expected.get(name)!;
      const label = labels.find((text) => text.includes(name)) ?? '';
      assert.ok(label.includes(`${filled}/${total}`), `${name}: ${label}`);
      const aria = await row(name).getAttribute('aria-label');
      assert.equal(aria, `${name}: ${filled} of ${total} slots filled`);
    }
  });

  test('a click on a note opens it with the cursor at its next empty slot', async () => {
    const slot = expected.get(BEGUN)!.firstEmpty;
    assert.ok(slot, 'the seed note has an empty slot');
    await row(BEGUN).click();
    await workbench.page
      .locator(`.tab.active[aria-label*="${BEGUN}"]`)
      .waitFor({ timeout: SERVER_TIMEOUT });
    const position = await workbench.until(
      () => workbench.cursorPosition(),
      (text) => text.startsWith(`Ln ${slot.line}, Col ${slot.column}`),
      20_000,
      'the cursor on the next empty slot',
    );
    assert.match(position, new RegExp(`^Ln ${slot.line}, Col ${slot.column}`));
  });

  test('Check Workspace reports closed notes in the Problems panel', async () => {
    await workbench.page.keyboard.press('Control+Shift+M');
    const files = (): Promise<string[]> => workbench.problemsRows().allInnerTexts();
    await workbench.until(
      files,
      (texts) => texts.some((text) => text.includes(BEGUN)),
      SERVER_TIMEOUT,
      'the open note in the Problems panel',
    );
    assert.ok(!(await files()).some((text) => text.includes(ADVANCED)), 'a closed note is quiet');
    await workbench.runCommand('Interview Notes: Check Workspace');
    // One row per file once the files are collapsed: the list shows only what fits.
    const collapse = workbench.page
      .locator('.part.panel .action-label.codicon-collapse-all')
      .first();
    const rows = await workbench.until(
      async () => {
        if (await collapse.isVisible()) {
          await collapse.click();
        }
        return files();
      },
      (texts) => texts.some((text) => text.includes(ADVANCED)),
      SERVER_TIMEOUT,
      'the closed note in the Problems panel after Check Workspace',
    );
    assert.ok(rows.some((text) => text.includes(BEGUN)), rows.join('\n'));
    await workbench.screenshot('check-workspace');
  });

  test('a note expands into its sections, a section into its empty slots, a click goes there', async () => {
    // The WHY section's notes: not the note's first empty slot, where the cursor already is.
    const lines = fs.readFileSync(SEED_NOTE, 'utf8').split(/\r?\n/);
    const heading = lines.findIndex((line) => line.startsWith('### 2. **WHY**'));
    const notes = lines.findIndex((line, index) => index > heading && line === '**Notes:**');
    assert.ok(heading > 0 && notes > heading, 'the seed note has a WHY section with notes');
    await row(BEGUN).locator('.monaco-tl-twistie').click();
    // Its sections, each with its filled and total slots: those filled are listed too.
    const sectionRow = (name: string): Locator =>
      pane().locator(`.monaco-list-row[aria-level="2"][aria-label^="${name}:"]`);
    await sectionRow('Interview Date').waitFor({ timeout: 20_000 });
    assert.equal(
      await sectionRow('Interview Date').getAttribute('aria-label'),
      'Interview Date: 2 of 2 slots filled',
    );
    const why = sectionRow('WHY - Design Decisions & Rationale');
    assert.equal(
      await why.getAttribute('aria-label'),
      'WHY - Design Decisions & Rationale: 0 of 1 slots filled',
    );
    await why.locator('.monaco-tl-twistie').click();
    const slot = pane().locator('.monaco-list-row[aria-level="3"][aria-label="Empty slot: WHY notes"]');
    await slot.waitFor({ timeout: 20_000 });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await workbench.page
      .locator('.part.sidebar')
      .screenshot({ path: path.join(SCREENSHOTS, 'tree-view.png') });
    await slot.click();
    await workbench.page
      .locator(`.tab.active[aria-label*="${BEGUN}"]`)
      .waitFor({ timeout: SERVER_TIMEOUT });
    const column = '**Notes:**'.length + 1;
    await workbench.until(
      () => workbench.cursorPosition(),
      (text) => text.startsWith(`Ln ${notes + 1}, Col ${column}`),
      20_000,
      'the cursor on the slot of the expanded section',
    );
    // Collapsed again, so every note fits in the view for the next test.
    await row(BEGUN).locator('.monaco-tl-twistie').click();
    await sectionRow('Interview Date').waitFor({ state: 'detached', timeout: 20_000 });
  });

  test('a note created on disk appears in the view', async () => {
    fs.copyFileSync(SEED_NOTE, path.join(sandbox.workspace, LATER));
    const labels = await workbench.until(
      rowLabels,
      (texts) => texts.some((text) => text.includes(LATER)),
      SERVER_TIMEOUT,
      'the new note in the view',
    );
    assert.equal(labels.filter((text) => /\d+\/\d+/.test(text) && text.includes('.md')).length, 3);
  });
});
