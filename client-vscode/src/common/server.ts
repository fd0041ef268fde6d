import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Executable, LanguageClientOptions } from 'vscode-languageclient/node';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  TransportKind,
} from 'vscode-languageclient/node';
import { checkInterpreter, findInterpreter, MIN_PYTHON } from './python';
import type { InterpreterCheck } from './python';
import {
  affectsLaunch,
  affectsServer,
  launchSettings,
  SECTION,
  serverSettings,
  withoutClientKeys,
} from './settings';

const CLIENT_ID = 'interviewNotes';
const CLIENT_NAME = 'Interview Notes';
const OPEN_SETTINGS = 'Open Settings';
const SHOW_OUTPUT = 'Show Output';

/** Starts, stops and restarts the language client; tells listeners when it changes. */
export class ServerManager implements vscode.Disposable {
  private current: LanguageClient | undefined;
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

  private async executable(): Promise<Executable | undefined> {
    const settings = launchSettings();
    if (settings.serverPath) {
      return { command: settings.serverPath, args: [], transport: TransportKind.stdio };
    }
    const resource = vscode.window.activeTextEditor?.document.uri;
    const check = await checkInterpreter(
      await findInterpreter(settings.pythonPath, resource, this.log),
    );
    this.log.info(describe(check));
    if (!check.supported) {
      void this.report(unsupportedMessage(check), OPEN_SETTINGS);
      return undefined;
    }
    const script = path.join(this.extensionPath, 'bundled', 'tool', 'lsp_server.py');
    return { command: check.interpreter.path, args: [script], transport: TransportKind.stdio };
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
    : `could not run "${check.interpreter.path}"`;
  return (
    `Interview Notes needs ${needed} to run its language server (${found}). ` +
    'Set "interviewNotes.server.pythonPath" to such an interpreter, or ' +
    '"interviewNotes.server.path" to an installed interview-notes-lsp.'
  );
}
