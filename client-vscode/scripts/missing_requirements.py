"""Prints the requirements that an older Python needs and a --target folder lacks.

pip evaluates environment markers for the interpreter it runs on, so a folder filled on
Python 3.11 lacks the backports (tomli, exceptiongroup, ...) that Python 3.10 needs.
Usage: missing_requirements.py FOLDER PYTHON_VERSION
"""

import sys
from importlib.metadata import distributions

from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name


def missing(folder: str, python_version: str) -> set[str]:
    environment = {
        "python_version": python_version,
        "python_full_version": f"{python_version}.0",
        "extra": "",
    }
    installed = list(distributions(path=[folder]))
    names = {canonicalize_name(dist.metadata["Name"]) for dist in installed}
    needed = set()
    for dist in installed:
        for line in dist.requires or []:
            requirement = Requirement(line)
            if canonicalize_name(requirement.name) in names:
                continue
            if requirement.marker is None or requirement.marker.evaluate(environment):
                needed.add(f"{requirement.name}{requirement.specifier}")
    return needed


if __name__ == "__main__":
    for requirement in sorted(missing(sys.argv[1], sys.argv[2])):
        print(requirement)
