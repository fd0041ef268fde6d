import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Executable, LanguageClientOptions } from 'vscode-languageclient/node';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  TransportKind,
} from 'vscode-languageclient/node';
import type { Launch } from './launch';
import { sameLaunch } from './launch';
import { checkInterpreter, findInterpreter, MIN_PYTHON } from './python';
import type { Interpreter, InterpreterCheck } from './python';
import {
  affectsLaunch,
  affectsServer,
  launchSettings,
  locateCommand,
  SECTION,
  serverSettings,
  withoutClientKeys,
  workspaceFolderPaths,
} from './settings';

const CLIENT_ID = 'interviewNotes';
const CLIENT_NAME = 'Interview Notes';
const OPEN_SETTINGS = 'Open Settings';
const SHOW_OUTPUT = 'Show Output';

/** What would be started: an installed server, or the bundled one with an interpreter. */
interface LaunchPlan extends Launch {
  interpreter?: Interpreter;
  /**
   * The working directory, when it is not the workspace folder (the language client's
   * default): in an untrusted workspace, so that nothing there (a `.python-version` read by a
   * pyenv shim, say) chooses what runs.
   */
  cwd?: string;
}

/** Starts, stops and restarts the language client; tells listeners when it changes. */
export class ServerManager implements vscode.Disposable {
  private current: LanguageClient | undefined;
  /** The program last started (or tried), to tell whether trusting the workspace changes it. */
  private launched: Launch | undefined;
  private pending: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<LanguageClient | undefined>();
  readonly onDidChangeClient = this.changed.event;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The running client, if any. */
  get client(): LanguageClient | undefined {
    return this.current?.isRunning() ? this.current : undefined;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  async onSettingsChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
    if (affectsLaunch(event)) {
      await this.restart();
    } else if (affectsServer(event)) {
      await this.client?.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { [SECTION]: serverSettings() },
      });
    }
  }

  /**
   * Trusting the workspace lets its values of the launch settings and the Python extension's
   * interpreter count: restarts the server when that changes the program to run.
   */
  onTrustGranted(): Promise<void> {
    return this.enqueue(async () => {
      const plan = await this.plan();
      if (sameLaunch(plan, this.launched)) {
        this.log.info('The workspace is trusted now; the server keeps running as it is.');
        return;
      }
      this.log.info('The workspace is trusted now; restarting the server.');
      await this.doStop();
      await this.doStart();
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.changed.dispose();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.pending = this.pending.then(task, task);
    return this.pending;
  }

  private async doStart(): Promise<void> {
    const executable = await this.executable();
    if (!executable) {
      return;
    }
    this.log.info(`Starting the server: ${executable.command} ${(executable.args ?? []).join(' ')}`);
    const client = new LanguageClient(
      CLIENT_ID,
      CLIENT_NAME,
      { run: executable, debug: executable },
      this.clientOptions(),
    );
    this.current = client;
    try {
      await client.start();
      this.changed.fire(client);
    } catch (error) {
      this.log.error(`The server did not start: ${String(error)}`);
      void this.report(
        'The Interview Notes language server did not start. The output has the details.',
      );
    }
  }

  private async doStop(): Promise<void> {
    const client = this.current;
    this.current = undefined;
    this.changed.fire(undefined);
    try {
      await client?.dispose();
    } catch (error) {
      this.log.warn(`Stopping the server: ${String(error)}`);
    }
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: [
        { scheme: 'file', language: 'markdown' },
        { scheme: 'untitled', language: 'markdown' },
      ],
      outputChannel: this.log,
      initializationOptions: serverSettings(),
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            return Array.isArray(result)
              ? result.map((item, index) =>
                  params.items[index]?.section === SECTION
                    ? withoutClientKeys(item)
                    : (item as unknown),
                )
              : result;
          },
        },
      },
    };
  }

  /** The program to start under the settings and the Workspace Trust that apply now. */
  private async plan(): Promise<LaunchPlan> {
    const settings = launchSettings(this.log);
    const cwd = settings.trusted ? undefined : this.extensionPath;
    if (settings.serverPath) {
      return { command: settings.serverPath, args: [], cwd };
    }
    const resource = vscode.window.activeTextEditor?.document.uri;
    const folders = workspaceFolderPaths();
    const interpreter = await findInterpreter(
      settings.pythonPath,
      resource,
      this.log,
      settings.trusted ? undefined : { locate: (command) => locateCommand(command, folders) },
    );
    const script = path.join(this.extensionPath, 'bundled', 'tool', 'lsp_server.py');
    return { command: interpreter.path, args: [script], interpreter, cwd };
  }

  private async executable(): Promise<Executable | undefined> {
    if (!vscode.workspace.isTrusted) {
      this.log.info(
        'Restricted mode: the workspace is not trusted, so its launch settings are not used.',
      );
    }
    const plan = await this.plan();
    this.launched = plan;
    if (plan.interpreter) {
      const check = await checkInterpreter(plan.interpreter, plan.cwd);
      this.log.info(describe(check));
      if (!check.supported) {
        void this.report(unsupportedMessage(check), OPEN_SETTINGS);
        return undefined;
      }
    }
    return {
      command: plan.command,
      args: [...plan.args],
      transport: TransportKind.stdio,
      options: plan.cwd ? { cwd: plan.cwd } : undefined,
    };
  }

  private async report(message: string, ...extra: string[]): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, ...extra, SHOW_OUTPUT);
    if (choice === SHOW_OUTPUT) {
      this.log.show();
    } else if (choice === OPEN_SETTINGS) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'interviewNotes.server');
    }
  }
}

function describe(check: InterpreterCheck): string {
  const { path: interpreter, origin } = check.interpreter;
  return check.version
    ? `Python ${check.version} at ${interpreter} (from ${origin})`
    : `Python at ${interpreter} (from ${origin}) did not run: ${check.error ?? 'no output'}`;
}

function unsupportedMessage(check: InterpreterCheck): string {
  const needed = `Python ${MIN_PYTHON.join('.')} or newer`;
  const found = check.version
    ? `found Python ${check.version} at "${check.interpreter.path}"`
    : check.interpreter.missing
      ? `"${check.interpreter.path}" was ${check.interpreter.missing}`
      : `could not run "${check.interpreter.path}"`;
  const where = vscode.workspace.isTrusted
    ? ''
    : ' in your user settings (the workspace is not trusted)';
  return (
    `Interview Notes needs ${needed} to run its language server (${found}). ` +
    `Set "interviewNotes.server.pythonPath"${where} to such an interpreter, or ` +
    '"interviewNotes.server.path" to an installed interview-notes-lsp.'
  );
}
