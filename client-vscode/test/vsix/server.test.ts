import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VSIX } from '../paths';

/** Python 3.10 and newer interpreters on this machine: PATH first, then pyenv's versions. */
function interpreters(): string[] {
  const names = ['python3', ...[10, 11, 12, 13, 14].map((minor) => `python3.${minor}`)];
  const pyenv = process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  const pyenvVersions = fs.existsSync(path.join(pyenv, 'versions'))
    ? fs
        .readdirSync(path.join(pyenv, 'versions'))
        .map((version) => path.join(pyenv, 'versions', version, 'bin', 'python3'))
    : [];
  const found = new Map<string, string>();
  for (const candidate of [...names, ...pyenvVersions]) {
    const version = pythonVersion(candidate);
    if (version && isSupported(version) && !found.has(version)) {
      found.set(version, candidate);
    }
  }
  return [...found.values()];
}

function pythonVersion(python: string): string | undefined {
  try {
    return execFileSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function isSupported(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major === 3 && minor >= 10;
}

function frame(message: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Starts the bundled server, initializes it and returns the server's capabilities. */
function initialize(python: string, script: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const server = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = Buffer.alloc(0);
    let errors = '';
    const timer = setTimeout(() => {
      server.kill();
      reject(new Error(`no answer to initialize from ${python}: ${errors}`));
    }, 30_000);
    server.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    server.stdout.on('data', (chunk: Buffer) => {
      output = Buffer.concat([output, chunk]);
      const end = output.indexOf('\r\n\r\n');
      const header = /Content-Length: (\d+)/i.exec(output.subarray(0, Math.max(end, 0)).toString());
      if (end < 0 || !header) {
        return;
      }
      const start = end + 4;
      const length = Number(header[1]);
      if (output.length < start + length) {
        return;
      }
      const reply = JSON.parse(output.subarray(start, start + length).toString('utf8')) as {
        result?: { capabilities: Record<string, unknown> };
      };
      clearTimeout(timer);
      server.stdin.write(frame({ id: 2, method: 'shutdown' }));
      server.stdin.end(frame({ method: 'exit' }));
      if (reply.result) {
        resolve(reply.result.capabilities);
      } else {
        reject(new Error(`initialize failed: ${JSON.stringify(reply)}`));
      }
    });
    server.on('error', reject);
    server.stdin.write(
      frame({
        id: 1,
        method: 'initialize',
        params: { processId: process.pid, rootUri: null, capabilities: {} },
      }),
    );
  });
}

describe('the server inside the .vsix', () => {
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-notes-vsix-'));
    execFileSync('python3', ['-m', 'zipfile', '-e', VSIX, folder]);
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  for (const python of interpreters()) {
    test(`answers initialize with ${python} (Python ${pythonVersion(python)})`, async () => {
      const script = path.join(folder, 'extension', 'bundled', 'tool', 'lsp_server.py');
      const capabilities = await initialize(python, script);
      assert.ok(capabilities.completionProvider, 'completion is offered');
      assert.ok(capabilities.executeCommandProvider, 'commands are offered');
    });
  }
});
