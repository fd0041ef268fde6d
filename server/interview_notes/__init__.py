"""Analysis of system-design interview notes written in Markdown.

The package is a pure core (text in, plain data out) used by the command line and by the
language server in :mod:`interview_notes.lsp`, which is the only part that imports pygls.
"""

__version__ = "0.1.0"
