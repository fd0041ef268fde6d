import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_ROOT, REPO_ROOT } from './paths';

export const CONSTRAINTS = path.join(CLIENT_ROOT, 'bundle-constraints.txt');

/** A distribution name as pip compares it (PEP 503). */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export interface Pin {
  name: string;
  version: string;
  line: number;
}

/** The pins of bundle-constraints.txt, in file order; lines that are not `name==version` throw. */
export function readPins(file = CONSTRAINTS): Pin[] {
  const pins: Pin[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) {
        return;
      }
      const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)$/.exec(line);
      if (!match?.[1] || !match[2]) {
        throw new Error(`${file}:${index + 1}: not an exact pin (name==version): ${raw}`);
      }
      pins.push({ name: canonicalName(match[1]), version: match[2], line: index + 1 });
    });
  return pins;
}

/** The name of the distribution built from this repository (`[project] name`). */
export function projectName(): string {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'pyproject.toml'), 'utf8');
  const project = text.split(/^\[/m).find((part) => part.startsWith('project]'));
  const name = /^name\s*=\s*"([^"]+)"/m.exec(project ?? '')?.[1];
  if (!name) {
    throw new Error('pyproject.toml has no [project] name');
  }
  return canonicalName(name);
}
