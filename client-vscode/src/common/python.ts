import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

export const MIN_PYTHON: readonly [number, number] = [3, 10];

const PYTHON_EXTENSION_ID = 'ms-python.python';

export interface Interpreter {
  path: string;
  /** Where the path came from, for messages. */
  origin: 'setting' | 'python extension' | 'PATH';
  /** Why no interpreter could be used, when none was found. */
  missing?: string;
}

export interface InterpreterCheck {
  interpreter: Interpreter;
  /** `major.minor.micro`, or undefined when the interpreter did not run. */
  version: string | undefined;
  supported: boolean;
  error?: string;
}

/** The subset of the Python extension's API used here. */
interface PythonExtensionApi {
  environments: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(
      environment: { path: string },
    ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  };
}

/**
 * The interpreter for the bundled server: the setting, else the Python extension's active
 * interpreter, else `python3` on `PATH`. In an untrusted workspace the Python extension is not
 * asked (its interpreter may be one of the workspace's environments) and `python3` is looked up
 * with `locate`, which leaves out the workspace.
 */
export async function findInterpreter(
  pythonPath: string,
  resource: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
  restricted?: { locate(command: string): string | undefined },
): Promise<Interpreter> {
  if (pythonPath) {
    return { path: pythonPath, origin: 'setting' };
  }
  if (restricted) {
    const found = restricted.locate('python3');
    return found
      ? { path: found, origin: 'PATH' }
      : { path: 'python3', origin: 'PATH', missing: 'not found on PATH outside the workspace' };
  }
  const fromExtension = await activeInterpreter(resource, log);
  if (fromExtension) {
    return { path: fromExtension, origin: 'python extension' };
  }
  return { path: 'python3', origin: 'PATH' };
}

export async function checkInterpreter(
  interpreter: Interpreter,
  cwd?: string,
): Promise<InterpreterCheck> {
  if (interpreter.missing) {
    return { interpreter, version: undefined, supported: false, error: interpreter.missing };
  }
  try {
    const version = await run(
      interpreter.path,
      ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'],
      cwd,
    );
    return { interpreter, version, supported: isSupported(version) };
  } catch (error) {
    return {
      interpreter,
      version: undefined,
      supported: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

export function isSupported(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

async function activeInterpreter(
  resource: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) {
    return undefined;
  }
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const active = api.environments.getActiveEnvironmentPath(resource);
    const resolved = await api.environments.resolveEnvironment(active);
    return resolved?.executable.uri?.fsPath ?? active.path;
  } catch (error) {
    log.warn(`Could not ask the Python extension for its interpreter: ${String(error)}`);
    return undefined;
  }
}

function run(command: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 15_000, cwd }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(stderr.trim() || error.message));
      } else {
        resolve(stdout.trim());
      }
    });
  });
}
