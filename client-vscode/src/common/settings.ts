import * as os from 'node:os';
import * as vscode from 'vscode';

export const SECTION = 'interviewNotes';

/** Keys of the `interviewNotes` section that only the client reads. */
const CLIENT_ONLY_KEYS = ['server', 'trace'] as const;

export interface LaunchSettings {
  /** An installed `interview-notes-lsp` executable; empty to use the bundled server. */
  serverPath: string;
  /** The Python interpreter that runs the bundled server; empty to discover one. */
  pythonPath: string;
}

export function launchSettings(): LaunchSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    serverPath: expandPath(config.get<string>('server.path', '')),
    pythonPath: expandPath(config.get<string>('server.pythonPath', '')),
  };
}

/** The `interviewNotes` settings the server understands, as plain JSON. */
export function serverSettings(scope?: vscode.ConfigurationScope | null): Record<string, unknown> {
  return withoutClientKeys(vscode.workspace.getConfiguration(SECTION, scope));
}

export function withoutClientKeys(section: unknown): Record<string, unknown> {
  const settings = JSON.parse(JSON.stringify(section ?? {})) as Record<string, unknown>;
  for (const key of CLIENT_ONLY_KEYS) {
    delete settings[key];
  }
  return settings;
}

export function affectsLaunch(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.server`);
}

export function affectsServer(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION) && !affectsLaunch(event);
}

function expandPath(value: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return value
    .trim()
    .replace(/^~(?=$|\/|\\)/, os.homedir())
    .replace(/\$\{userHome\}/g, os.homedir())
    .replace(/\$\{workspaceFolder\}/g, folder);
}
