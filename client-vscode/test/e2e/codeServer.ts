import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { E2E_ROOT } from '../paths';

export const CODE_SERVER = path.join(
  E2E_ROOT,
  'code-server',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);

/** Settings that keep the workbench quiet and predictable for a test. */
const USER_SETTINGS = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
};

/** User settings for a sandbox that keeps Workspace Trust on: the folder opens in Restricted Mode. */
const RESTRICTED_MODE_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

export interface SandboxOptions {
  /** Keep Workspace Trust on, so that the workspace is not trusted until the test trusts it. */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  url: string;
  workspace: string;
  log: string;
  stop(): Promise<void>;
}

/** A code-server in a folder of its own: HOME, XDG folders, user data and extensions. */
export class Sandbox {
  readonly root: string;
  readonly workspace: string;
  /** The environment of every program the test starts: HOME and XDG folders in the sandbox. */
  readonly env: NodeJS.ProcessEnv;
  private readonly config: string;
  private readonly userData: string;
  private readonly extensions: string;
  private readonly workspaceTrust: boolean;

  constructor(name: string, options: SandboxOptions = {}) {
    this.workspaceTrust = options.workspaceTrust ?? false;
    fs.mkdirSync(E2E_ROOT, { recursive: true });
    this.root = fs.mkdtempSync(path.join(E2E_ROOT, `${name}-`));
    const dir = (...parts: string[]): string => {
      const folder = path.join(this.root, ...parts);
      fs.mkdirSync(folder, { recursive: true });
      return folder;
    };
    this.workspace = dir('workspace');
    this.userData = dir('user-data');
    this.extensions = dir('extensions');
    this.env = {
      ...process.env,
      HOME: dir('home'),
      XDG_CONFIG_HOME: dir('xdg', 'config'),
      XDG_DATA_HOME: dir('xdg', 'data'),
      XDG_CACHE_HOME: dir('xdg', 'cache'),
      XDG_RUNTIME_DIR: dir('xdg', 'runtime'),
      TMPDIR: dir('tmp'),
    };
    this.config = path.join(this.root, 'config.yaml');
    fs.writeFileSync(this.config, 'auth: none\ncert: false\n');
    fs.writeFileSync(
      path.join(dir('user-data', 'User'), 'settings.json'),
      JSON.stringify(
        { ...USER_SETTINGS, ...(this.workspaceTrust ? RESTRICTED_MODE_SETTINGS : {}) },
        null,
        2,
      ),
    );
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  installExtension(vsix: string): string {
    return execFileSync(process.execPath, [...this.commonArgs(), '--install-extension', vsix], {
      env: this.env,
      encoding: 'utf8',
      timeout: 120_000,
    });
  }

  async start(): Promise<CodeServer> {
    const port = await freePort();
    const log = path.join(this.root, 'code-server.log');
    const out = fs.openSync(log, 'a');
    const child = spawn(
      process.execPath,
      [
        ...this.commonArgs(),
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        ...(this.workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--ignore-last-opened',
        this.workspace,
      ],
      { env: this.env, detached: true, stdio: ['ignore', out, out] },
    );
    fs.closeSync(out);
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHealth(url, child, 60_000);
    } catch (error) {
      await stopGroup(child);
      throw new Error(`${String(error)}\n${fs.readFileSync(log, 'utf8')}`);
    }
    return { url, workspace: this.workspace, log, stop: () => stopGroup(child) };
  }

  private commonArgs(): string[] {
    return [
      CODE_SERVER,
      '--config',
      this.config,
      '--user-data-dir',
      this.userData,
      '--extensions-dir',
      this.extensions,
    ];
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeout} ms`);
}

/** Ends code-server and everything it started (extension hosts, language servers). */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5_000)),
  ]);
  signalGroup(child.pid, 'SIGKILL');
  if (timedOut) {
    await exited;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}
