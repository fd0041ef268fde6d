import * as vscode from 'vscode';
import type { LanguageClient, Range } from 'vscode-languageclient/node';
import { RequestType } from 'vscode-languageclient/node';
import { ClientCommand, VIEW_ID } from './commandIds';
import type { ServerManager } from './server';

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

interface EmptySlot {
  label: string;
  range: Range;
}

/** One section of a note: how far it is filled and its empty slots. */
export interface SectionSlots {
  name: string;
  line: number;
  filled: number;
  total: number;
  /** How much of the section is filled, rounded down; 100 without slots. */
  percent: number;
  /** A section the note lacks; its slots are where it would be inserted. */
  missing?: boolean;
  /** The interview's title, when the file holds several. */
  interview?: string | null;
  slots: EmptySlot[];
}

export interface NoteSlots {
  uri: string;
  sections: SectionSlots[];
}

export const EmptySlotsRequest = new RequestType<{ uri: string }, NoteSlots, void>(
  'interviewNotes/emptySlots',
);

type Node =
  | { kind: 'note'; note: NoteStatus }
  | { kind: 'section'; note: NoteStatus; section: SectionSlots; index: number }
  | { kind: 'slot'; note: NoteStatus; section: SectionSlots; slot: EmptySlot; id: string };

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
 * filled and total slots, expandable into its sections (asked of the server when a note is
 * expanded), each expandable into its empty slots; a click on a slot goes there.
 */
export class NotesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private notes: NoteStatus[] = [];
  /** Each expanded note's sections, asked once per refresh of the list. */
  private sections = new Map<string, Promise<SectionSlots[]>>();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  /** A refresh was due while the view was hidden: it is made when the view is shown. */
  private stale = false;

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
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible && this.stale) {
          later();
        }
      }),
      // The first list comes from here: the client starts after the view is made.
      server.onDidChangeClient(() => this.schedule(0)),
      vscode.commands.registerCommand(ClientCommand.refreshNotes, () => this.refresh()),
    );
    void this.setState('loading');
  }

  dispose(): void {
    clearTimeout(this.timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** Asks the server again, soon (several events in a row make one request). */
  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  /** Asks the server for the list of notes; while the view is hidden, only notes it is due. */
  async refresh(): Promise<void> {
    if (!this.view.visible) {
      this.stale = true;
      return;
    }
    const generation = ++this.generation;
    const client = this.server.client;
    if (!client) {
      return;
    }
    this.stale = false;
    const status = await this.request(client);
    if (generation !== this.generation || status === undefined) {
      return;
    }
    this.notes = status.notes;
    this.sections.clear();
    const { totals } = status;
    this.view.description =
      totals && totals.notes > 0 ? `${totals.filled}/${totals.total} slots` : undefined;
    this.view.message = undefined;
    await this.setState(this.notes.length > 0 ? 'ready' : 'empty');
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      return this.notes.map((note) => ({ kind: 'note', note }));
    }
    const { note } = node;
    if (node.kind === 'note') {
      const sections = await this.sectionsOf(note);
      return sections.map((section, index) => ({ kind: 'section' as const, note, section, index }));
    }
    if (node.kind === 'section') {
      const prefix = sectionId(note, node.section, node.index);
      return node.section.slots.map((slot, index) => ({
        kind: 'slot' as const,
        note,
        section: node.section,
        slot,
        id: `${prefix}/${index}`,
      }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'note':
        return this.noteItem(node.note);
      case 'section':
        return this.sectionItem(node.note, node.section, node.index);
      case 'slot':
        return this.slotItem(node.note, node.section, node.slot, node.id);
    }
  }

  private sectionsOf(note: NoteStatus): Promise<SectionSlots[]> {
    let found = this.sections.get(note.uri);
    if (!found) {
      found = this.requestSections(note.uri);
      this.sections.set(note.uri, found);
    }
    return found;
  }

  private async requestSections(uri: string): Promise<SectionSlots[]> {
    const client = this.server.client;
    if (!client) {
      return [];
    }
    try {
      const answer = await client.sendRequest(EmptySlotsRequest, { uri });
      return Array.isArray(answer?.sections) ? answer.sections : [];
    } catch (error) {
      this.log.warn(`${EmptySlotsRequest.method} failed: ${String(error)}`);
      this.sections.delete(uri);
      return [];
    }
  }

  private noteItem(note: NoteStatus): vscode.TreeItem {
    const uri = vscode.Uri.parse(note.uri);
    const item = new vscode.TreeItem(
      baseName(note.path),
      note.total > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
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
    if (note.interviews.length > 1) {
      for (const interview of note.interviews) {
        tooltip.appendText(`\n\n${interview.title || 'Interview'}: ${interview.filled}/${interview.total}`);
      }
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

  private sectionItem(note: NoteStatus, section: SectionSlots, index: number): vscode.TreeItem {
    const item = new vscode.TreeItem(
      section.name || 'Untitled section',
      section.slots.length > 0
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
    item.id = sectionId(note, section, index);
    const notes = [section.missing ? 'missing' : '', section.interview ?? ''].filter(Boolean);
    item.description = [`${section.filled}/${section.total}`, ...notes].join(' · ');
    item.iconPath = progressIcon(section.percent);
    item.contextValue = section.missing ? 'missingSection' : 'section';
    const where = section.interview ? ` (${section.interview})` : '';
    item.tooltip = section.missing
      ? `${section.name}${where} is missing: ${section.total} slots to fill once it is inserted.`
      : `${section.name}${where}: ${section.filled} of ${section.total} slots filled`;
    item.accessibilityInformation = {
      label: `${section.name}: ${section.filled} of ${section.total} slots filled`,
    };
    const at = { line: section.line, character: 0 };
    item.command = open(vscode.Uri.parse(note.uri), { start: at, end: at }, 'Go to Section');
    return item;
  }

  private slotItem(note: NoteStatus, section: SectionSlots, slot: EmptySlot, id: string): vscode.TreeItem {
    const item = new vscode.TreeItem(slot.label);
    item.id = id;
    item.iconPath = new vscode.ThemeIcon('edit');
    item.contextValue = 'slot';
    item.tooltip = `Empty slot: ${slot.label} (${section.name}). Click to go there.`;
    item.accessibilityInformation = { label: `Empty slot: ${slot.label}` };
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

/** A section's row id: its place and name, so an expanded section stays open on refresh. */
function sectionId(note: NoteStatus, section: SectionSlots, index: number): string {
  return `${note.uri}#${index}:${section.name}`;
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
