import * as vscode from 'vscode';

export const OUTPUT_CHANNEL_NAME = 'Interview Notes';

export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
}
