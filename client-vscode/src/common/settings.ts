import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EffectiveLaunchSettings } from './launch';
import { effectiveLaunchSettings, findOnPath } from './launch';

export const SECTION = 'interviewNotes';

/** Keys of the `interviewNotes` section that only the client reads. */
const CLIENT_ONLY_KEYS = ['server', 'trace'] as const;

/**
 * The launch settings that apply here. In an untrusted workspace the workspace's values are
 * left out (see launch.ts), and the log says which ones.
 */
export function launchSettings(log?: vscode.LogOutputChannel): EffectiveLaunchSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const folders = workspaceFolderPaths();
  const settings = effectiveLaunchSettings(
    { serverPath: config.inspect('server.path'), pythonPath: config.inspect('server.pythonPath') },
    {
      trusted: vscode.workspace.isTrusted,
      workspaceFolders: folders,
      home: os.homedir(),
      locate: (command) => locateCommand(command, folders),
    },
  );
  for (const { key, value, reason } of settings.ignored) {
    log?.warn(`Restricted mode: not using ${key} = "${value}" because ${reason}.`);
  }
  return settings;
}

export function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => folder.uri.fsPath);
}

/** A bare command name found in an absolute `PATH` folder outside the workspace folders. */
export function locateCommand(
  command: string,
  workspaceFolders: readonly string[],
): string | undefined {
  return findOnPath(command, {
    path: process.env.PATH ?? '',
    delimiter: path.delimiter,
    extensions: process.platform === 'win32' ? ['.exe'] : [''],
    excluded: workspaceFolders,
    isExecutable,
  });
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
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
