import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { CONSTRAINTS, projectName, readPins } from '../constraints';
import { REPO_ROOT } from '../paths';

const PYTHON = process.env.INTERVIEW_NOTES_PYTHON ?? path.join(REPO_ROOT, '.venv', 'bin', 'python');

/** Prints `name requirement` for each [project] dependency that the pins do not satisfy. */
const UNSATISFIED = `
import sys
try:
    import tomllib
except ImportError:
    import tomli as tomllib
from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name

pins = dict(line.split("==") for line in sys.argv[2:])
with open(sys.argv[1], "rb") as file:
    project = tomllib.load(file)["project"]
environment = {"python_version": "3.10", "python_full_version": "3.10.0", "extra": ""}
for line in project["dependencies"]:
    requirement = Requirement(line)
    if requirement.marker is not None and not requirement.marker.evaluate(environment):
        continue
    name = canonicalize_name(requirement.name)
    if name not in pins or not requirement.specifier.contains(pins[name], prereleases=True):
        print(name, line)
`;

test('bundle-constraints.txt pins each distribution once, exactly and in order', () => {
  const pins = readPins();
  assert.ok(pins.length > 0, `${CONSTRAINTS} has pins`);
  const names = pins.map((pin) => pin.name);
  assert.deepEqual(names, [...new Set(names)].sort(), 'sorted, without duplicates');
  assert.ok(!names.includes(projectName()), 'the server itself is built from the repository');
});

test("bundle-constraints.txt satisfies pyproject.toml's dependencies", () => {
  const pins = readPins().map((pin) => `${pin.name}==${pin.version}`);
  const output = execFileSync(
    PYTHON,
    ['-c', UNSATISFIED, path.join(REPO_ROOT, 'pyproject.toml'), ...pins],
    { encoding: 'utf8' },
  );
  assert.equal(
    output.trim(),
    '',
    'unpinned or outside the bounds; run `bash scripts/bundle-server.sh --update-constraints`',
  );
});
