import * as vscode from 'vscode';
import type { LanguageClient, Range } from 'vscode-languageclient/node';
import { RequestType } from 'vscode-languageclient/node';
import { ClientCommand } from './commandIds';
import type { ServerManager } from './server';

interface CompletenessParams {
  uri: string;
}

export interface Completeness {
  isNote: boolean;
  template: string | null;
  filled: number;
  total: number;
  next: { label: string; range: Range } | null;
}

export const CompletenessRequest = new RequestType<CompletenessParams, Completeness, void>(
  'interviewNotes/completeness',
);

const REFRESH_DELAY_MS = 300;

/** A status bar item with the active note's filled and total slots. */
export class CompletenessStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'interviewNotes.completeness',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(
    private readonly server: ServerManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item.name = 'Interview Notes: Completeness';
    this.item.command = ClientCommand.nextEmptySlot;
    this.disposables.push(
      this.item,
      server.onDidChangeClient(() => this.schedule(0)),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) {
          this.schedule(REFRESH_DELAY_MS);
        }
      }),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (event.uris.some((uri) => uri.toString() === active)) {
          this.schedule(REFRESH_DELAY_MS);
        }
      }),
    );
    this.schedule(0);
  }

  dispose(): void {
    clearTimeout(this.timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    const client = this.server.client;
    if (!document || document.languageId !== 'markdown' || !client) {
      this.item.hide();
      return;
    }
    const result = await this.request(client, document.uri);
    if (generation !== this.generation) {
      return;
    }
    if (!result?.isNote) {
      this.item.hide();
      return;
    }
    this.show(result);
  }

  private async request(client: LanguageClient, uri: vscode.Uri): Promise<Completeness | undefined> {
    try {
      return await client.sendRequest(CompletenessRequest, {
        uri: client.code2ProtocolConverter.asUri(uri),
      });
    } catch (error) {
      this.log.warn(`${CompletenessRequest.method} failed: ${String(error)}`);
      return undefined;
    }
  }

  private show(result: Completeness): void {
    const done = result.total > 0 && result.filled >= result.total;
    this.item.text = `$(${done ? 'pass' : 'checklist'}) ${result.filled}/${result.total}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**Interview note**');
    if (result.template) {
      tooltip.appendText(` (template ${result.template})`);
    }
    tooltip.appendMarkdown(`\n\n${result.filled} of ${result.total} slots filled.`);
    if (result.next) {
      tooltip.appendText(`\n\nNext empty slot: ${result.next.label}. Click to go there.`);
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: `Interview note: ${result.filled} of ${result.total} slots filled`,
    };
    this.item.show();
  }
}
