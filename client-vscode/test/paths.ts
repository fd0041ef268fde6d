import * as path from 'node:path';

/** The client-vscode folder (tests run from out/test/...). */
export const CLIENT_ROOT = path.resolve(__dirname, '..', '..');
export const REPO_ROOT = path.resolve(CLIENT_ROOT, '..');
export const E2E_ROOT = path.join(CLIENT_ROOT, '.e2e');
export const TEST_OUTPUT = path.join(E2E_ROOT, 'output');
export const VSIX = process.env.INTERVIEW_NOTES_VSIX ?? path.join(CLIENT_ROOT, 'interview-notes.vsix');
export const SEED_NOTE = path.join(REPO_ROOT, 'server', 'interview_notes', 'templates', 'system-design.md');
