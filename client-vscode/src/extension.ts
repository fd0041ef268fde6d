import * as vscode from 'vscode';
import { registerCommands } from './common/commands';
import { createLogChannel } from './common/logger';
import { NotesView } from './common/notesView';
import { ServerManager } from './common/server';
import { CompletenessStatus } from './common/status';

let server: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = createLogChannel();
  server = new ServerManager(context.extensionPath, log);
  context.subscriptions.push(
    log,
    server,
    new NotesView(server, log),
    new CompletenessStatus(server, log),
    ...registerCommands(server, log),
    vscode.workspace.onDidChangeConfiguration((event) => server?.onSettingsChanged(event)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => server?.onTrustGranted()),
  );
  await server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
