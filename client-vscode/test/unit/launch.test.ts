import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InspectedSetting, LaunchContext } from '../../src/common/launch';
import {
  effectiveLaunchSettings,
  findOnPath,
  isInside,
  PYTHON_PATH_KEY,
  sameLaunch,
  SERVER_PATH_KEY,
} from '../../src/common/launch';

const HOME = '/home/user';
const WORKSPACE = '/work/cloned-repo';
const ON_PATH: Record<string, string> = {
  python3: '/usr/bin/python3',
  'python3.12': '/opt/python/bin/python3.12',
  'interview-notes-lsp': '/home/user/.local/bin/interview-notes-lsp',
};

function context(trusted: boolean): LaunchContext {
  return {
    trusted,
    workspaceFolders: [WORKSPACE, '/work/second-folder'],
    home: HOME,
    locate: (command) => ON_PATH[command],
  };
}

function setting(values: InspectedSetting): InspectedSetting {
  return { defaultValue: '', ...values };
}

describe('launch settings in an untrusted workspace', () => {
  test('workspace and folder values are ignored; the user values are used', () => {
    const settings = effectiveLaunchSettings(
      {
        serverPath: setting({
          globalValue: '~/bin/interview-notes-lsp',
          workspaceValue: './evil.sh',
        }),
        pythonPath: setting({
          globalValue: '/usr/bin/python3.12',
          workspaceFolderValue: '/tmp/evil-python',
        }),
      },
      context(false),
    );
    assert.equal(settings.serverPath, '/home/user/bin/interview-notes-lsp');
    assert.equal(settings.pythonPath, '/usr/bin/python3.12');
    assert.equal(settings.trusted, false);
    assert.deepEqual(
      settings.ignored.map(({ key, value }) => [key, value]),
      [
        [SERVER_PATH_KEY, './evil.sh'],
        [PYTHON_PATH_KEY, '/tmp/evil-python'],
      ],
    );
  });

  test('with only workspace values, the bundled server runs with a Python from PATH', () => {
    const settings = effectiveLaunchSettings(
      {
        serverPath: setting({ workspaceValue: '${workspaceFolder}/run-me' }),
        pythonPath: setting({ workspaceValue: '/bin/sh' }),
      },
      context(false),
    );
    assert.equal(settings.serverPath, '');
    assert.equal(settings.pythonPath, '');
    assert.equal(settings.ignored.length, 2);
  });

  test('nothing set means nothing ignored', () => {
    const settings = effectiveLaunchSettings(
      { serverPath: setting({}), pythonPath: undefined },
      context(false),
    );
    assert.deepEqual(settings, { serverPath: '', pythonPath: '', trusted: false, ignored: [] });
  });

  test('user values that lead into the workspace are ignored', () => {
    for (const value of [
      '${workspaceFolder}/.venv/bin/python',
      `${WORKSPACE}/.venv/bin/python`,
      '/work/second-folder/python',
      '.venv/bin/python',
      'bin\\python.exe',
    ]) {
      const settings = effectiveLaunchSettings(
        { pythonPath: setting({ globalValue: value }) },
        context(false),
      );
      assert.equal(settings.pythonPath, '', value);
      assert.equal(settings.ignored[0]?.value, value);
    }
  });

  test('a bare command name is looked up on PATH outside the workspace', () => {
    const settings = effectiveLaunchSettings(
      {
        serverPath: setting({ globalValue: 'interview-notes-lsp' }),
        pythonPath: setting({ globalValue: 'python3.12' }),
      },
      context(false),
    );
    assert.equal(settings.serverPath, '/home/user/.local/bin/interview-notes-lsp');
    assert.equal(settings.pythonPath, '/opt/python/bin/python3.12');
    const missing = effectiveLaunchSettings(
      { pythonPath: setting({ globalValue: 'python3.99' }) },
      context(false),
    );
    assert.equal(missing.pythonPath, '');
    assert.match(missing.ignored[0]?.reason ?? '', /not on PATH/);
  });

  test('a path next to the workspace folder is not inside it', () => {
    const settings = effectiveLaunchSettings(
      { pythonPath: setting({ globalValue: '/work/cloned-repo-python/bin/python' }) },
      context(false),
    );
    assert.equal(settings.pythonPath, '/work/cloned-repo-python/bin/python');
  });
});

describe('launch settings in a trusted workspace', () => {
  test('the workspace value wins and is expanded', () => {
    const settings = effectiveLaunchSettings(
      {
        serverPath: setting({ globalValue: '/usr/bin/x', workspaceValue: '' }),
        pythonPath: setting({
          globalValue: '/usr/bin/python3',
          workspaceValue: '${workspaceFolder}/.venv/bin/python',
        }),
      },
      context(true),
    );
    assert.deepEqual(settings, {
      serverPath: '',
      pythonPath: `${WORKSPACE}/.venv/bin/python`,
      trusted: true,
      ignored: [],
    });
  });

  test('user values are expanded and bare names are kept as they are', () => {
    const settings = effectiveLaunchSettings(
      {
        serverPath: setting({ globalValue: '  ${userHome}/bin/lsp ' }),
        pythonPath: setting({ globalValue: 'python3.12' }),
      },
      context(true),
    );
    assert.equal(settings.serverPath, '/home/user/bin/lsp');
    assert.equal(settings.pythonPath, 'python3.12');
  });

  test('values that are not strings count as empty', () => {
    const settings = effectiveLaunchSettings(
      { serverPath: setting({ workspaceValue: 42 }), pythonPath: setting({ globalValue: null }) },
      context(true),
    );
    assert.equal(settings.serverPath, '');
    assert.equal(settings.pythonPath, '');
  });
});

describe('finding a command on PATH without the workspace', () => {
  const executables = new Set([
    '/work/cloned-repo/bin/python3',
    '/usr/local/bin/python3',
    '/usr/bin/python3',
    'bin/python3',
  ]);
  const search = (pathValue: string): string | undefined =>
    findOnPath('python3', {
      path: pathValue,
      delimiter: ':',
      extensions: [''],
      excluded: [WORKSPACE],
      isExecutable: (file) => executables.has(file),
    });

  test('skips empty, relative and workspace entries', () => {
    const found = search(`:.:bin:${WORKSPACE}/bin:/usr/local/bin:/usr/bin`);
    assert.equal(found, '/usr/local/bin/python3');
  });

  test('returns nothing when only the workspace has it', () => {
    assert.equal(search(`${WORKSPACE}/bin::bin`), undefined);
  });

  test('tries the extensions in order', () => {
    const found = findOnPath('python3', {
      path: '/a:/b',
      delimiter: ':',
      extensions: ['.exe', '.cmd'],
      excluded: [],
      isExecutable: (file) => file === '/b/python3.exe',
    });
    assert.equal(found, '/b/python3.exe');
  });
});

test('isInside tells a folder and its contents from its neighbours', () => {
  assert.ok(isInside('/work/repo', '/work/repo'));
  assert.ok(isInside('/work/repo/a/b', '/work/repo/'));
  assert.ok(isInside('/work/repo/../repo/x', '/work/repo'));
  assert.ok(!isInside('/work/repo2/x', '/work/repo'));
  assert.ok(!isInside('/work', '/work/repo'));
  assert.ok(!isInside('/work/..repo', '/work/repo'));
});

test('sameLaunch compares the command and its arguments', () => {
  const bundled = { command: '/usr/bin/python3', args: ['/ext/bundled/tool/lsp_server.py'] };
  assert.ok(sameLaunch(bundled, { ...bundled, args: [...bundled.args] }));
  assert.ok(!sameLaunch(bundled, { ...bundled, command: '/work/.venv/bin/python' }));
  assert.ok(!sameLaunch(bundled, { command: bundled.command, args: [] }));
  assert.ok(!sameLaunch(bundled, undefined));
  assert.ok(!sameLaunch(undefined, undefined));
});
