"""A note's analysis holds no reference cycle: dropped, it goes at once, without waiting for a
full garbage collection, which would stop the server for tens of milliseconds on a long note
(every version of a note being edited leaves one behind)."""

from __future__ import annotations

import gc
import pickle

from interview_notes.analysis import analyze
from interview_notes.incremental import IncrementalAnalyzer
from interview_notes.settings import Settings

from .expectations import bundled_templates

SEED = bundled_templates().templates[0].text
LONG = "\n".join([SEED] * 5)


def test_versions_of_an_edited_note_leave_no_cyclic_garbage() -> None:
    analyzer = IncrementalAnalyzer(bundled_templates(), Settings())
    analyzer.analyze(LONG)
    analyze(LONG, bundled_templates())  # warm: imports and caches made once
    gc.collect()
    lines = LONG.split("\n")
    for line in (40, 400, 20, 300):
        lines.insert(line, "")
        analyzer.analyze("\n".join(lines))
        analyze("\n".join(lines), bundled_templates()).note.sections  # noqa: B018
    assert gc.collect() == 0


def test_a_template_copied_to_another_process_keeps_its_tree() -> None:
    """What a pool that cannot fork sends its workers: the loaded templates, by value."""
    template = bundled_templates().templates[0]
    copied = pickle.loads(pickle.dumps(template))
    assert [(s.title, s.parent.title if s.parent else None) for s in copied.note.sections] == [
        (s.title, s.parent.title if s.parent else None) for s in template.note.sections
    ]
