"""Whether a text could be an interview note, decided without the Markdown parser.

Most Markdown a workspace holds is not a note, and parsing it costs far more than reading it.
Recognition (:func:`matching.layout`) needs the front matter to name a template, or a heading
that is the template's title, or at least :data:`MIN_TOP_SECTIONS` headings that share a word
with the template's headings. Every heading Markdown sees starts a line with ``#`` or lies in
the paragraph above a ``===`` or ``---`` underline, so a scan of those lines finds a superset of
the headings; judged as recognition judges them, a "no" here is a "no" of the full analysis.
"""

from __future__ import annotations

from collections.abc import Iterator

from .matching import MIN_STRONG_SECTIONS, MIN_TOP_SECTIONS, Profile, distinctive, profile, words
from .settings import Settings
from .structure import heading_text, heading_title, normalize_key, parse_lines
from .template import TemplateSet
from .text import SourceText


def could_be_note(source: SourceText, templates: TemplateSet, settings: Settings) -> bool:
    """``False`` only for a text the full analysis would not take for a note."""
    front_matter, body_start, lines = parse_lines(source)
    named = front_matter.get("template")
    if named and templates.get(named) is not None:
        return True
    if not settings.recognition:
        return False
    candidates = list(_candidate_titles(lines, body_start))
    # No heading at all needs no template: theirs are parsed only when a text has some.
    return bool(candidates) and any(
        _enough(profile(template), candidates) for template in templates.templates
    )


def _enough(found: Profile, candidates: list[tuple[int, str]]) -> bool:
    """Whether the headings could make a note of ``found``'s template: one is its title, or,
    as ``_enough_sections`` asks, enough lines each stand for one of its top-level headings
    (sharing a word, a slip of one, or the whole key), for enough different ones, and enough
    of them through a word particular to the template. Lines, not titles, are counted: a
    template may repeat a heading under several others."""
    sharing: set[int] = set()
    strong: set[int] = set()
    reached: set[int] = set()
    judged: dict[str, tuple[frozenset[int], bool]] = {}
    for line, title in candidates:
        seen = judged.get(title)
        if seen is None:
            key = normalize_key(title)
            if found.is_title(key, title):
                return True
            seen = judged[title] = _stands_for(found, key, title)
        entries, distinct = seen
        if entries:
            sharing.add(line)
            reached |= entries
            if distinct:
                strong.add(line)
    return (
        len(sharing) >= MIN_TOP_SECTIONS
        and len(reached) >= MIN_TOP_SECTIONS
        and len(strong) >= MIN_STRONG_SECTIONS
    )


def _stands_for(found: Profile, key: str, title: str) -> tuple[frozenset[int], bool]:
    """The top-level template headings a heading may match (by its key, or by a word or a slip
    of one), and whether one of those matches may be strong: a match is strong only through a
    word of the template heading's that is particular to the template."""
    tokens = found.may_mean(words(title))
    entries = {entry.index: entry for entry in found.top_by_key.get(key, ())}
    for token in tokens:
        entries.update((entry.index, entry) for entry in found.top_by_token.get(token, ()))
    return frozenset(entries), any(distinctive(entry.tokens) for entry in entries.values())


def _candidate_titles(lines: list[str], body_start: int) -> Iterator[tuple[int, str]]:
    """Every line that may be a heading, with the title its section would hold. Lines in
    code blocks, lists or quotes are included: more candidates only weaken the "no"."""
    run_start = body_start  # the first line of the current run of non-blank lines
    taken = body_start  # lines before this one were already given as setext candidates
    for number in range(body_start, len(lines)):
        line = lines[number]
        stripped = line.lstrip(" \t")
        if not stripped:
            run_start = number + 1
            continue
        head = stripped[0]
        if head == "#":
            yield number, heading_title(heading_text(line, atx=True)[0])
        elif head in "=-" and not stripped.rstrip(" \t").strip(head) and number > run_start:
            # A setext heading's title is the first line of the paragraph above its
            # underline, which lies somewhere in this run.
            for above in range(max(run_start, taken), number):
                yield above, heading_title(heading_text(lines[above], atx=False)[0])
            taken = number
