"""``python -m interview_notes``: the command line."""

import sys

from .cli import main

sys.exit(main())
