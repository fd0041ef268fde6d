import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, RequestType } from 'vscode-languageclient/node';
import { ClientCommand, ServerCommand } from './commandIds';
import type { ServerManager } from './server';

interface TemplateVariable {
  name: string;
  prompt?: string;
  default?: string;
}

interface TemplateVariables {
  template: string;
  variables: TemplateVariable[];
}

export const TemplateVariablesRequest = new RequestType<
  { template?: string },
  TemplateVariables,
  void
>('interviewNotes/templateVariables');

interface InstalledTemplate {
  name: string;
  title?: string | null;
  path?: string | null;
}

interface InstalledTemplates {
  default: string;
  templates: InstalledTemplate[];
}

export const TemplatesRequest = new RequestType<Record<string, never>, InstalledTemplates, void>(
  'interviewNotes/templates',
);

export function registerCommands(
  server: ServerManager,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const atCursor = (command: string) => async (): Promise<void> => {
    const editor = markdownEditor();
    if (!editor) {
      void vscode.window.showWarningMessage('Open a Markdown note first.');
      return;
    }
    await forward(server, log, command, (client) => ({
      uri: client.code2ProtocolConverter.asUri(editor.document.uri),
      position: client.code2ProtocolConverter.asPosition(editor.selection.active),
    }));
  };

  return [
    vscode.commands.registerCommand(ClientCommand.insertTemplate, atCursor(ServerCommand.insertTemplate)),
    vscode.commands.registerCommand(ClientCommand.nextEmptySlot, atCursor(ServerCommand.nextEmptySlot)),
    vscode.commands.registerCommand(ClientCommand.newNote, () => newNote(server, log)),
    // The server reports its progress (cancellable) itself; the client shows it.
    vscode.commands.registerCommand(ClientCommand.checkWorkspace, () =>
      forward(server, log, ServerCommand.checkWorkspace, () => ({})),
    ),
    vscode.commands.registerCommand(ClientCommand.chooseDefaultTemplate, () =>
      chooseDefaultTemplate(server, log),
    ),
    vscode.commands.registerCommand(ClientCommand.restartServer, () => server.restart()),
    vscode.commands.registerCommand(ClientCommand.showOutput, () => log.show()),
  ];
}

async function newNote(server: ServerManager, log: vscode.LogOutputChannel): Promise<void> {
  const folder = targetFolder();
  if (!folder) {
    void vscode.window.showWarningMessage('Open a folder to create a note in.');
    return;
  }
  const name = await vscode.window.showInputBox({
    title: 'New Interview Note',
    prompt: `File name in ${vscode.workspace.asRelativePath(folder, true)}`,
    placeHolder: 'Leave empty for a dated name',
  });
  if (name === undefined) {
    return;
  }
  const values = await askTemplateVariables(server, log);
  await forward(server, log, ServerCommand.newNote, (client) => ({
    folderUri: client.code2ProtocolConverter.asUri(folder),
    ...(name.trim() ? { name: name.trim() } : {}),
    ...(Object.keys(values).length > 0 ? { values } : {}),
  }));
}

/**
 * One input box per variable of the default template (company, role, ...); Escape or an empty
 * answer skips a question. Without an answer from the server, nothing is asked.
 */
async function askTemplateVariables(
  server: ServerManager,
  log: vscode.LogOutputChannel,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  const client = server.client;
  if (!client) {
    return values;
  }
  let variables: TemplateVariable[];
  try {
    const answer = await client.sendRequest(TemplateVariablesRequest, {});
    variables = Array.isArray(answer?.variables) ? answer.variables : [];
  } catch (error) {
    log.info(`${TemplateVariablesRequest.method}: ${String(error)}; New Note asks no questions.`);
    return values;
  }
  for (const [index, variable] of variables.entries()) {
    if (typeof variable?.name !== 'string') {
      continue;
    }
    const given = await vscode.window.showInputBox({
      title: `New Interview Note (${index + 1}/${variables.length})`,
      prompt: variable.prompt || variable.name,
      value: typeof variable.default === 'string' ? variable.default : '',
      placeHolder: 'Press Escape or leave empty to skip',
      ignoreFocusOut: true,
    });
    if (given?.trim()) {
      values[variable.name] = given.trim();
    }
  }
  return values;
}

/**
 * A pick of the templates in force (the server's `interviewNotes/templates`); the choice is
 * written to `interviewNotes.defaultTemplate` in the workspace settings, or in the user
 * settings when no folder is open.
 */
async function chooseDefaultTemplate(
  server: ServerManager,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const client = server.client;
  if (!client) {
    void vscode.window.showWarningMessage(
      'The Interview Notes language server is not running: its templates cannot be listed.',
    );
    return;
  }
  let answer: InstalledTemplates;
  try {
    answer = await client.sendRequest(TemplatesRequest, {});
  } catch (error) {
    log.error(`${TemplatesRequest.method} failed: ${String(error)}`);
    void vscode.window.showErrorMessage('Interview Notes: the templates could not be listed. The output has the details.');
    return;
  }
  const templates = Array.isArray(answer?.templates) ? answer.templates : [];
  const items = templates
    .filter((template) => typeof template?.name === 'string')
    .map((template) => ({
      label: template.name,
      description: [template.title, template.name === answer.default ? '(current default)' : '']
        .filter(Boolean)
        .join(' '),
      detail: template.path ?? 'Bundled with Interview Notes',
      picked: template.name === answer.default,
    }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Default Template',
    placeHolder: 'The template Insert Template and New Note use',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!chosen) {
    return;
  }
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('interviewNotes').update('defaultTemplate', chosen.label, target);
  const where = target === vscode.ConfigurationTarget.Workspace ? 'workspace' : 'user';
  void vscode.window.showInformationMessage(`Interview Notes: the default template is now ${chosen.label} (${where} settings).`);
}

async function forward(
  server: ServerManager,
  log: vscode.LogOutputChannel,
  command: string,
  argument: (client: NonNullable<ServerManager['client']>) => object,
): Promise<void> {
  const client = server.client;
  if (!client) {
    const choice = await vscode.window.showErrorMessage(
      'The Interview Notes language server is not running.',
      'Restart Server',
      'Show Output',
    );
    if (choice === 'Restart Server') {
      await server.restart();
    } else if (choice === 'Show Output') {
      log.show();
    }
    return;
  }
  try {
    await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument(client)] });
  } catch (error) {
    log.error(`${command} failed: ${String(error)}`);
    void vscode.window.showErrorMessage(`Interview Notes: ${command} failed. The output has the details.`);
  }
}

function markdownEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'markdown' ? editor : undefined;
}

function targetFolder(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (document?.uri.scheme === 'file') {
    return vscode.Uri.file(path.dirname(document.uri.fsPath));
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}
