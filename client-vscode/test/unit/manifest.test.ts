import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ClientCommand, ServerCommand, VIEW_ID } from '../../src/common/commandIds';
import { readManifest } from '../manifest';
import { CLIENT_ROOT, REPO_ROOT } from '../paths';

const PYTHON = process.env.INTERVIEW_NOTES_PYTHON ?? path.join(REPO_ROOT, '.venv', 'bin', 'python');
const LEVELS = ['off', 'hint', 'information', 'warning', 'error'];

interface RuleProperty {
  enum?: string[];
  default?: unknown;
  markdownDescription?: string;
}

function ruleProperties(): Record<string, RuleProperty> {
  const output = execFileSync(PYTHON, [path.join(CLIENT_ROOT, 'scripts', 'rule_schema.py')], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: path.join(REPO_ROOT, 'server') },
  });
  return JSON.parse(output) as Record<string, RuleProperty>;
}

test('every command the extension registers is contributed with a title', () => {
  const contributed = new Map(readManifest().contributes.commands.map((c) => [c.command, c]));
  for (const id of Object.values(ClientCommand)) {
    assert.ok(contributed.get(id)?.title, `${id} is contributed`);
  }
  assert.equal(contributed.get(ClientCommand.checkWorkspace)?.title, 'Check Workspace');
  assert.equal(contributed.get(ClientCommand.checkWorkspace)?.category, 'Interview Notes');
});

test("no contributed command has the id of a server command, which the language client registers", () => {
  const server: string[] = Object.values(ServerCommand);
  for (const { command } of readManifest().contributes.commands) {
    assert.ok(!server.includes(command), `${command} is the server's own command id`);
  }
});

test('the Explorer has an Interview Notes view with Check Workspace and New Note buttons', () => {
  const { contributes } = readManifest();
  assert.deepEqual(
    contributes.views?.explorer?.map((view) => [view.id, view.name]),
    [[VIEW_ID, 'Interview Notes']],
  );
  const buttons = (contributes.menus?.['view/title'] ?? [])
    .filter((item) => item.when === `view == ${VIEW_ID}` && item.group?.startsWith('navigation'))
    .map((item) => item.command);
  assert.ok(buttons.includes(ClientCommand.checkWorkspace), buttons.join());
  assert.ok(buttons.includes(ClientCommand.newNote), buttons.join());
  const icons = new Map(contributes.commands.map((c) => [c.command, c.icon]));
  for (const command of buttons) {
    assert.ok(icons.get(command), `${command} has an icon for the title bar`);
  }
});

test('the view welcomes a workspace without notes with a New Note button', () => {
  const welcome = readManifest().contributes.viewsWelcome?.filter((item) => item.view === VIEW_ID);
  assert.ok(
    welcome?.some((item) => item.contents.includes(`(command:${ClientCommand.newNote})`)),
    JSON.stringify(welcome),
  );
});

test('the walkthrough has three steps, each with its Markdown page in the package', () => {
  const walkthroughs = readManifest().contributes.walkthroughs ?? [];
  assert.equal(walkthroughs.length, 1);
  const steps = walkthroughs[0]?.steps ?? [];
  assert.deepEqual(
    steps.map((step) => step.id),
    ['newNote', 'fillSlot', 'allNotes'],
  );
  const ignore = fs.readFileSync(path.join(CLIENT_ROOT, '.vscodeignore'), 'utf8');
  for (const step of steps) {
    const page = step.media.markdown;
    assert.ok(page, `${step.id} has a Markdown page`);
    const text = fs.readFileSync(path.join(CLIENT_ROOT, page), 'utf8');
    assert.match(text, /^# /, `${page} has a title`);
    assert.ok(ignore.includes(`!${path.dirname(page)}/*.md`), `${page} is packaged`);
    for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) {
      const known = readManifest().contributes.commands.some((c) => c.command === command);
      assert.ok(known || command === `${VIEW_ID}.focus`, `${step.id} links ${command}`);
    }
  }
});

test('the rules setting lists every rule code and alias with its own severity', () => {
  const rules = readManifest().contributes.configuration.properties['interviewNotes.rules'];
  assert.ok(rules?.properties, 'interviewNotes.rules has properties');
  const expected = ruleProperties();
  assert.deepEqual(Object.keys(rules.properties).sort(), Object.keys(expected).sort());
  for (const [name, schema] of Object.entries(expected)) {
    const listed: RuleProperty | undefined = rules.properties[name];
    assert.deepEqual(listed?.enum, LEVELS, `${name} takes off/hint/information/warning/error`);
    assert.equal(listed?.default, schema.default, `${name} defaults to the rule's own severity`);
    assert.ok(listed?.markdownDescription, `${name} is described`);
  }
  assert.ok(rules.additionalProperties, 'other names are still accepted');
  assert.deepEqual(rules.default, {});
});

test('defaultTemplate links Choose Default Template, a command of the palette', () => {
  const { contributes } = readManifest();
  const schema = contributes.configuration.properties['interviewNotes.defaultTemplate'];
  assert.ok(
    schema?.markdownDescription?.includes(`(command:${ClientCommand.chooseDefaultTemplate})`),
    schema?.markdownDescription,
  );
  const command = contributes.commands.find((c) => c.command === ClientCommand.chooseDefaultTemplate);
  assert.equal(command?.title, 'Choose Default Template');
  assert.equal(command?.category, 'Interview Notes');
  const hidden = (contributes.menus?.commandPalette ?? []).filter(
    (item) => item.command === ClientCommand.chooseDefaultTemplate && item.when === 'false',
  );
  assert.deepEqual(hidden, [], 'the command is in the palette');
});

test('defaultTemplate names the bundled template', () => {
  const schema = readManifest().contributes.configuration.properties['interviewNotes.defaultTemplate'];
  assert.equal(schema?.default, 'system-design');
  assert.match(schema?.markdownDescription ?? '', /`system-design`/);
  assert.ok(
    fs.existsSync(path.join(REPO_ROOT, 'server', 'interview_notes', 'templates', 'system-design.md')),
  );
});
