import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import type { ServerManager } from './server';

/** Command ids the server answers through `workspace/executeCommand`. */
export const ServerCommand = {
  insertTemplate: 'interviewNotes.insertTemplate',
  newNote: 'interviewNotes.newNote',
  nextEmptySlot: 'interviewNotes.nextEmptySlot',
} as const;

/** Command ids this extension contributes to the command palette. */
export const ClientCommand = {
  insertTemplate: 'interviewNotes.editor.insertTemplate',
  newNote: 'interviewNotes.editor.newNote',
  nextEmptySlot: 'interviewNotes.editor.nextEmptySlot',
  restartServer: 'interviewNotes.restartServer',
  showOutput: 'interviewNotes.showOutput',
} as const;

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
  await forward(server, log, ServerCommand.newNote, (client) => ({
    folderUri: client.code2ProtocolConverter.asUri(folder),
    ...(name.trim() ? { name: name.trim() } : {}),
  }));
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
