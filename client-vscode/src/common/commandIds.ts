/** Command and view ids, apart from the code that registers them so that tests can read them. */

/** The Interview Notes view in the Explorer. */
export const VIEW_ID = 'interviewNotes.notes';

/** Command ids the server answers through `workspace/executeCommand`. */
export const ServerCommand = {
  checkWorkspace: 'interviewNotes.checkWorkspace',
  insertTemplate: 'interviewNotes.insertTemplate',
  newNote: 'interviewNotes.newNote',
  nextEmptySlot: 'interviewNotes.nextEmptySlot',
} as const;

/** Command ids this extension contributes to the command palette. */
export const ClientCommand = {
  checkWorkspace: 'interviewNotes.editor.checkWorkspace',
  chooseDefaultTemplate: 'interviewNotes.editor.chooseDefaultTemplate',
  insertTemplate: 'interviewNotes.editor.insertTemplate',
  newNote: 'interviewNotes.editor.newNote',
  nextEmptySlot: 'interviewNotes.editor.nextEmptySlot',
  refreshNotes: 'interviewNotes.refreshNotes',
  restartServer: 'interviewNotes.restartServer',
  showOutput: 'interviewNotes.showOutput',
} as const;
