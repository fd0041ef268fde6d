import * as vscode from 'vscode';
import type { LanguageClient, Range } from 'vscode-languageclient/node';
import { RequestType } from 'vscode-languageclient/node';
import { ClientCommand } from './commands';
import type { ServerManager } from './server';

export const VIEW_ID = 'interviewNotes.notes';
/** Context key for the welcome view: `loading`, `empty` (no note) or `ready`. */
const STATE_KEY = 'interviewNotes.notesView';
const REFRESH_DELAY_MS = 500;

interface Slot {
  label: string;
  section?: string | null;
  range: Range;
}

interface InterviewStatus {
  title: string;
  line: number;
  filled: number;
  total: number;
  percent: number;
}

export interface NoteStatus {
  uri: string;
  path: string;
  template: string | null;
  filled: number;
  total: number;
  percent: number;
  next: Slot | null;
  modified: string | null;
  interviews: InterviewStatus[];
}

export interface WorkspaceStatus {
  notes: NoteStatus[];
  totals: { notes: number; filled: number; total: number; percent: number; complete: number };
}

export const WorkspaceStatusRequest = new RequestType<{ sort?: string }, WorkspaceStatus, void>(
  'interviewNotes/workspaceStatus',
);

type Node =
  | { kind: 'note'; note: NoteStatus }
  | { kind: 'interview'; note: NoteStatus; interview: InterviewStatus }
  | { kind: 'slot'; note: NoteStatus; slot: Slot };

/** The codicon for how far along a note (or an interview) is: empty, begun, half, done. */
export function progressIcon(percent: number): vscode.ThemeIcon {
  if (percent >= 100) {
    return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
  }
  if (percent >= 50) {
    return new vscode.ThemeIcon('circle-large-filled');
  }
  if (percent > 0) {
    return new vscode.ThemeIcon('circle-filled');
  }
  return new vscode.ThemeIcon('circle-large-outline');
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The "Interview Notes" view in the Explorer: one row per note of the workspace with its
 * filled and total slots, expandable into its interviews and its next empty slot.
 */
export class NotesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private notes: NoteStatus[] = [];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(
    private readonly server: ServerManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.view = vscode.window.createTreeView(VIEW_ID, {
      treeDataProvider: this,
      showCollapseAll: true,
    });
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{md,markdown}');
    const later = (): void => this.schedule(REFRESH_DELAY_MS);
    this.disposables.push(
      this.view,
      this.changed,
      watcher,
      watcher.onDidCreate(later),
      watcher.onDidDelete(later),
      watcher.onDidChange(later),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.languageId === 'markdown') {
          later();
        }
      }),
      this.view.onDidChangeVisibility(() => later()),
      server.onDidChangeClient(() => this.schedule(0)),
      vscode.commands.registerCommand(ClientCommand.refreshNotes, () => this.refresh()),
    );
    void this.setState('loading');
    this.schedule(0);
  }

  dispose(): void {
    clearTimeout(this.timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** Asks the server again, soon (several events in a row make one request). */
  schedule(delay: number = REFRESH_DELAY_MS): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const client = this.server.client;
    if (!client) {
      return;
    }
    const status = await this.request(client);
    if (generation !== this.generation || status === undefined) {
      return;
    }
    this.notes = status.notes;
    const { totals } = status;
    this.view.description =
      totals && totals.notes > 0 ? `${totals.filled}/${totals.total} slots` : undefined;
    this.view.message = undefined;
    await this.setState(this.notes.length > 0 ? 'ready' : 'empty');
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      return this.notes.map((note) => ({ kind: 'note', note }));
    }
    if (node.kind !== 'note') {
      return [];
    }
    const { note } = node;
    const children: Node[] = [];
    if (note.interviews.length > 1) {
      children.push(...note.interviews.map((interview) => ({ kind: 'interview' as const, note, interview })));
    }
    if (note.next) {
      children.push({ kind: 'slot', note, slot: note.next });
    }
    return children;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'note':
        return this.noteItem(node.note);
      case 'interview':
        return this.interviewItem(node.note, node.interview);
      case 'slot':
        return this.slotItem(node.note, node.slot);
    }
  }

  private noteItem(note: NoteStatus): vscode.TreeItem {
    const uri = vscode.Uri.parse(note.uri);
    const expandable = note.next !== null || note.interviews.length > 1;
    const item = new vscode.TreeItem(
      baseName(note.path),
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = note.uri;
    item.resourceUri = uri;
    item.description = `${note.filled}/${note.total}`;
    item.iconPath = progressIcon(note.percent);
    item.contextValue = 'note';
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escape(note.path)}**\n\n`);
    tooltip.appendText(`${note.filled} of ${note.total} slots filled (${note.percent}%)`);
    if (note.template) {
      tooltip.appendText(`, template ${note.template}`);
    }
    if (note.next) {
      tooltip.appendText(`\n\nNext empty slot: ${slotName(note.next)}`);
    }
    item.tooltip = tooltip;
    item.accessibilityInformation = {
      label: `${baseName(note.path)}: ${note.filled} of ${note.total} slots filled`,
    };
    item.command = open(uri, note.next?.range, 'Open Note');
    return item;
  }

  private interviewItem(note: NoteStatus, interview: InterviewStatus): vscode.TreeItem {
    const item = new vscode.TreeItem(interview.title || 'Interview');
    item.id = `${note.uri}#${interview.line}`;
    item.description = `${interview.filled}/${interview.total}`;
    item.iconPath = progressIcon(interview.percent);
    item.tooltip = `${interview.title}: ${interview.filled} of ${interview.total} slots filled`;
    const at = { line: interview.line, character: 0 };
    item.command = open(vscode.Uri.parse(note.uri), { start: at, end: at }, 'Go to Interview');
    return item;
  }

  private slotItem(note: NoteStatus, slot: Slot): vscode.TreeItem {
    const item = new vscode.TreeItem(slot.label);
    item.id = `${note.uri}@next`;
    item.description = slot.section ? `next empty slot · ${slot.section}` : 'next empty slot';
    item.iconPath = new vscode.ThemeIcon('edit');
    item.tooltip = `Next empty slot: ${slotName(slot)}. Click to go there.`;
    item.command = open(vscode.Uri.parse(note.uri), slot.range, 'Go to Slot');
    return item;
  }

  private async request(client: LanguageClient): Promise<WorkspaceStatus | undefined> {
    try {
      return await client.sendRequest(WorkspaceStatusRequest, { sort: 'path' });
    } catch (error) {
      this.log.warn(`${WorkspaceStatusRequest.method} failed: ${String(error)}`);
      this.view.message = 'The notes could not be listed. The output has the details.';
      return undefined;
    }
  }

  private async setState(state: 'loading' | 'empty' | 'ready'): Promise<void> {
    await vscode.commands.executeCommand('setContext', STATE_KEY, state);
  }
}

function slotName(slot: Slot): string {
  return slot.section ? `${slot.label} (${slot.section})` : slot.label;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function open(uri: vscode.Uri, range: Range | undefined, title: string): vscode.Command {
  const selection = range
    ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character)
    : undefined;
  const options: vscode.TextDocumentShowOptions = { selection, preview: false };
  return { command: 'vscode.open', title, arguments: [uri, options] };
}
