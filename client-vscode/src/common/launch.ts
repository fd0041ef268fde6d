/**
 * How the language server is launched, decided without the `vscode` module so that the unit
 * tests can run these functions in plain Node.
 *
 * `interviewNotes.server.path` and `interviewNotes.server.pythonPath` name programs that the
 * extension runs. They keep the `machine-overridable` scope and are listed as restricted
 * configurations for Workspace Trust rather than being made `machine`-scoped: a trusted
 * project may point them at its own environment (for example
 * `${workspaceFolder}/.venv/bin/python`), while in an untrusted workspace nothing the
 * workspace supplies is run. There, only the user's own values count, values that lead into a
 * workspace folder are dropped, bare command names are looked up only in absolute `PATH`
 * folders outside the workspace, and the bundled server runs with such a Python (started
 * outside the workspace folder, see server.ts). Trusting the workspace restarts the server when
 * this changes the program or its arguments.
 */
import * as path from 'node:path';

/** The parts of `WorkspaceConfiguration.inspect()` used here. */
export interface InspectedSetting {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface LaunchSettings {
  /** An installed `interview-notes-lsp` executable; empty to use the bundled server. */
  serverPath: string;
  /** The Python interpreter that runs the bundled server; empty to discover one. */
  pythonPath: string;
}

/** A value of a launch setting that was not used, and why. */
export interface IgnoredValue {
  key: string;
  value: string;
  reason: string;
}

export interface EffectiveLaunchSettings extends LaunchSettings {
  /** False in an untrusted workspace: nothing that comes from the workspace may be run. */
  trusted: boolean;
  ignored: IgnoredValue[];
}

export interface LaunchContext {
  /** `vscode.workspace.isTrusted`. */
  trusted: boolean;
  /** Paths of the workspace folders; the first one is `${workspaceFolder}`. */
  workspaceFolders: readonly string[];
  home: string;
  /** Finds a bare command name in `PATH` outside the workspace (see `findOnPath`). */
  locate(command: string): string | undefined;
}

export const SERVER_PATH_KEY = 'interviewNotes.server.path';
export const PYTHON_PATH_KEY = 'interviewNotes.server.pythonPath';

/** The settings that decide which program is started, as they apply in this workspace. */
export function effectiveLaunchSettings(
  inspected: { serverPath?: InspectedSetting; pythonPath?: InspectedSetting },
  context: LaunchContext,
): EffectiveLaunchSettings {
  const ignored: IgnoredValue[] = [];
  return {
    serverPath: effectiveValue(SERVER_PATH_KEY, inspected.serverPath ?? {}, context, ignored),
    pythonPath: effectiveValue(PYTHON_PATH_KEY, inspected.pythonPath ?? {}, context, ignored),
    trusted: context.trusted,
    ignored,
  };
}

function effectiveValue(
  key: string,
  setting: InspectedSetting,
  context: LaunchContext,
  ignored: IgnoredValue[],
): string {
  if (context.trusted) {
    return expandPath(
      text(
        setting.workspaceFolderValue ??
          setting.workspaceValue ??
          setting.globalValue ??
          setting.defaultValue,
      ),
      context,
    );
  }
  for (const value of [setting.workspaceFolderValue, setting.workspaceValue]) {
    if (text(value)) {
      ignored.push({ key, value: text(value), reason: 'it is set by the workspace' });
    }
  }
  const raw = text(setting.globalValue ?? setting.defaultValue);
  if (!raw) {
    return '';
  }
  const skip = (reason: string): string => {
    ignored.push({ key, value: raw, reason });
    return '';
  };
  if (raw.includes('${workspaceFolder}')) {
    return skip('it leads into the workspace');
  }
  const value = expandPath(raw, context);
  if (!path.isAbsolute(value)) {
    if (/[\\/]/.test(value)) {
      return skip('a relative path would be resolved in the workspace');
    }
    return context.locate(value) ?? skip('it is not on PATH outside the workspace');
  }
  if (context.workspaceFolders.some((folder) => isInside(value, folder))) {
    return skip('it leads into the workspace');
  }
  return value;
}

export function expandPath(
  value: string,
  context: Pick<LaunchContext, 'home' | 'workspaceFolders'>,
): string {
  const folder = context.workspaceFolders[0] ?? '';
  return value
    .trim()
    .replace(/^~(?=$|\/|\\)/, context.home)
    .replace(/\$\{userHome\}/g, context.home)
    .replace(/\$\{workspaceFolder\}/g, folder);
}

/** Whether `file` is `folder` or lies under it. */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(path.resolve(folder), path.resolve(file));
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

export interface PathSearch {
  /** The value of `PATH`. */
  path: string;
  delimiter: string;
  /** File name endings to try, `['']` except on Windows. */
  extensions: readonly string[];
  /** Folders whose programs are not used (the workspace folders). */
  excluded: readonly string[];
  isExecutable(file: string): boolean;
}

/**
 * The first executable `command` in the absolute `PATH` folders outside `excluded`. Empty and
 * relative entries are skipped: they resolve against the server's working directory, which is
 * the workspace folder.
 */
export function findOnPath(command: string, search: PathSearch): string | undefined {
  for (const folder of search.path.split(search.delimiter)) {
    if (!folder || !path.isAbsolute(folder)) {
      continue;
    }
    if (search.excluded.some((excluded) => isInside(folder, excluded))) {
      continue;
    }
    for (const extension of search.extensions) {
      const file = path.join(folder, command + extension);
      if (search.isExecutable(file)) {
        return file;
      }
    }
  }
  return undefined;
}

/** A program with its arguments, as given to the language client. */
export interface Launch {
  command: string;
  args: readonly string[];
}

export function sameLaunch(a: Launch | undefined, b: Launch | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.command === b.command &&
    a.args.length === b.args.length &&
    a.args.every((arg, index) => arg === b.args[index])
  );
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
