"""Runs the bundled interview-notes language server with the libraries shipped beside it."""

import os
import sys

LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")


def main() -> None:
    sys.path.insert(0, LIBS)
    from interview_notes.lsp import main as serve

    serve(sys.argv[1:])


if __name__ == "__main__":
    main()
