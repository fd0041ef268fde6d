import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { CodeServer, Sandbox } from './codeServer';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Monaco draws spaces as U+00A0; compare text with plain spaces. */
export function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

export async function launchChromium(env: NodeJS.ProcessEnv): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, env });
}

/** code-server with the packaged extension and Chromium on its workbench: one per test file,
 * opened in `before` and closed in `after`, which cleans up whatever part of it started. */
export class Session {
  private codeServer: CodeServer | undefined;
  private browser: Browser | undefined;
  private workbench: Workbench | undefined;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly output: string,
  ) {}

  async open(vsix: string): Promise<Workbench> {
    assert.match(this.sandbox.installExtension(vsix), /successfully installed/i);
    this.codeServer = await this.sandbox.start();
    this.browser = await launchChromium(this.sandbox.env);
    const page = await this.browser.newPage({ viewport: { width: 1440, height: 900 } });
    this.workbench = new Workbench(page, this.output);
    await this.workbench.open(this.codeServer.url, this.codeServer.workspace);
    return this.workbench;
  }

  async close(): Promise<void> {
    await this.workbench?.screenshot('final').catch(() => undefined);
    await this.browser?.close();
    await this.codeServer?.stop();
    if (this.codeServer) {
      fs.mkdirSync(this.output, { recursive: true });
      fs.copyFileSync(this.codeServer.log, path.join(this.output, 'code-server.log'));
    }
    this.sandbox.remove();
  }
}

/** Drives the VS Code workbench in a page the way a person would, by keyboard. */
export class Workbench {
  constructor(
    readonly page: Page,
    private readonly screenshots: string,
  ) {}

  async open(url: string, folder: string): Promise<void> {
    await this.page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.statusbar').waitFor({ timeout: 60_000 });
  }

  async openFile(name: string): Promise<void> {
    await this.quickInput('Control+P', name);
    await this.page
      .locator(`.tab.active[aria-label*="${name}"]`)
      .waitFor({ timeout: 20_000 });
    await this.editorLines().first().waitFor();
  }

  /**
   * Sets a string setting in the Settings editor, as a person would. Machine settings live on
   * the Remote tab in code-server.
   */
  async setSetting(key: string, value: string, tab: 'User' | 'Remote'): Promise<void> {
    await this.runCommand('Preferences: Open User Settings');
    const editor = this.page.locator('.settings-editor');
    await editor.waitFor({ state: 'visible' });
    await editor.locator('.settings-tabs-widget .action-label', { hasText: tab }).first().click();
    await editor.locator('.settings-header .monaco-editor').first().click();
    await this.page.keyboard.type(key);
    const input = editor.locator(`input[aria-label="${key}"]`);
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    await input.fill(value);
    await input.press('Enter');
  }

  async goToLine(line: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await this.page.keyboard.type(String(line));
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  async runCommand(title: string): Promise<void> {
    await this.quickInput('F1', title);
  }

  editorLines(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
  }

  async editorText(): Promise<string> {
    const lines = await this.page
      .locator('.editor-group-container.active .monaco-editor .view-lines')
      .first()
      .innerText();
    return plain(lines);
  }

  /** The status bar's `Ln x, Col y` text. */
  async cursorPosition(): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
    return plain(await item.innerText().catch(() => ''));
  }

  problemsRows(): Locator {
    return this.page.locator('.markers-panel .monaco-list-row');
  }

  /** The accessible label of the status bar item whose label starts with `prefix`, or ''. */
  async statusLabel(prefix: string): Promise<string> {
    const item = this.page.locator(`.statusbar-item [aria-label^="${prefix}"]`).first();
    return (await item.getAttribute('aria-label', { timeout: 1_000 }).catch(() => null)) ?? '';
  }

  notifications(): Locator {
    return this.page.locator('.notification-toast .notification-list-item-message');
  }

  suggestRows(): Locator {
    return this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(this.screenshots, { recursive: true });
    const file = path.join(this.screenshots, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Waits until `read` returns a value `accept` likes, and returns it. */
  async until<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeout: number, what: string): Promise<T> {
    const deadline = Date.now() + timeout;
    let last: T = await read();
    while (!accept(last)) {
      if (Date.now() > deadline) {
        await this.screenshot(`timeout-${what.replace(/\W+/g, '-')}`);
        throw new Error(`${what}: not seen within ${timeout} ms; last value: ${JSON.stringify(last)}`);
      }
      await this.page.waitForTimeout(250);
      last = await read();
    }
    return last;
  }

  private async quickInput(key: string, text: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'hidden' });
    await this.page.keyboard.press(key);
    await widget.waitFor({ state: 'visible' });
    await this.page.keyboard.type(text, { delay: 10 });
    await widget
      .locator('.monaco-list-row.focused', { hasText: text })
      .first()
      .waitFor({ timeout: 20_000 });
    await this.page.keyboard.press('Enter');
  }
}
