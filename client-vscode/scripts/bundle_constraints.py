"""Compares the distributions in bundled/libs with bundle-constraints.txt, or rewrites that file.

Usage:
  bundle_constraints.py check FOLDER CONSTRAINTS PROJECT
  bundle_constraints.py write FOLDER CONSTRAINTS PROJECT

`check` fails when a distribution in FOLDER is not pinned with `==` in CONSTRAINTS, is pinned
to another version, or when a pin names a distribution that is not in FOLDER. PROJECT, the
distribution built from this repository's own source, is left out of both.
"""

import re
import sys
from importlib.metadata import distributions
from pathlib import Path

from pip._vendor.packaging.utils import canonicalize_name, canonicalize_version

HEADER = """\
# Exact versions of the Python distributions bundled into the VS Code extension (bundled/libs),
# so that every build of a commit ships the same libraries. scripts/bundle-server.sh installs
# with these constraints and fails when a bundled distribution is not pinned here (or a pin is
# not bundled). The server itself, built from this repository, is not listed.
# After changing the dependencies in ../pyproject.toml, regenerate with:
#   bash scripts/bundle-server.sh --update-constraints
"""
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)\s*$")


def bundled(folder: str, project: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for dist in distributions(path=[folder]):
        name = canonicalize_name(dist.metadata["Name"])
        if name == canonicalize_name(project):
            continue
        if name in found:
            raise SystemExit(f"{folder}: {name} is installed twice")
        found[name] = dist.version
    return found


def pinned(constraints: Path) -> tuple[dict[str, str], list[str]]:
    pins: dict[str, str] = {}
    errors = []
    for number, raw in enumerate(constraints.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        if not match:
            errors.append(f"{constraints}:{number}: not an exact pin (name==version): {raw}")
            continue
        name = canonicalize_name(match[1])
        if name in pins:
            errors.append(f"{constraints}:{number}: {name} is pinned twice")
        pins[name] = match[2]
    return pins, errors


def check(folder: str, constraints: Path, project: str) -> list[str]:
    if not constraints.is_file():
        return [f"{constraints} is missing"]
    pins, errors = pinned(constraints)
    have = bundled(folder, project)
    for name, version in sorted(have.items()):
        if name not in pins:
            errors.append(f"{name} {version} is bundled but not pinned in {constraints.name}")
        elif canonicalize_version(pins[name]) != canonicalize_version(version):
            errors.append(f"{name} is pinned to {pins[name]} but {version} is bundled")
    for name, version in sorted(pins.items()):
        if name not in have:
            errors.append(f"{name}=={version} is pinned but not bundled")
    if canonicalize_name(project) in pins:
        errors.append(f"{project} is built from this repository and must not be pinned")
    return errors


def write(folder: str, constraints: Path, project: str) -> None:
    lines = [f"{name}=={version}" for name, version in sorted(bundled(folder, project).items())]
    constraints.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{constraints.name}: {len(lines)} pins")


def main(argv: list[str]) -> int:
    if len(argv) != 4 or argv[0] not in ("check", "write"):
        print(__doc__, file=sys.stderr)
        return 2
    command, folder, constraints, project = argv
    if command == "write":
        write(folder, Path(constraints), project)
        return 0
    errors = check(folder, Path(constraints), project)
    for error in errors:
        print(f"bundle constraints: {error}", file=sys.stderr)
    if errors:
        print(
            "bundle constraints: run `bash scripts/bundle-server.sh --update-constraints` "
            "after changing the Python dependencies",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
