"""Which headings of a note stand for which template sections, and where each interview of a
file begins: matching that holds when people rename, renumber or reorder headings.

A heading and a template title are compared as bags of words after normalisation (case,
emphasis, emoji, numbering such as ``2)``, ``Step 2:`` or ``II.``, ``&``/``and``, plurals, a
few abbreviations and typos). A word weighs more the fewer template headings share it, and the
words the template emphasises (``**WHAT**``) weigh double, so ``2) WHAT - requirements`` finds
``1. **WHAT** - Understanding the Problem``. Identical headings are matched first, anywhere;
loose ones only at the template's depth (or deeper, under the right parent) and under the
matching parent, so ``Frontend Testing`` never stands for a component at the top level.
"""

from __future__ import annotations

import difflib
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from .structure import Note, Section
from .template import Template

# Below this similarity a heading is the writer's own section, not a renamed one.
THRESHOLD = 0.66
# Recognition by sections: this many of the template's top-level sections, in its order...
MIN_TOP_SECTIONS = 4
# ...of which this many are matched through words particular to the template.
MIN_STRONG_SECTIONS = 2
_UNKNOWN_WEIGHT = 1.5
_EMPHASIS_FACTOR = 2.0
_TYPO_CUTOFF = 0.75
_MAX_TITLE = 200


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_EMPHASISED = re.compile(r"\*\*([^*\n]{1,80})\*\*|__([^_\n]{1,80})__")
_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
_ROMAN = _word_set(
    """
    i ii iii iv v vi vii viii ix x xi xii
    """
)
_NUMBERING_WORDS = _word_set(
    """
    step part section phase stage chapter no nr q
    """
)
STOPWORDS = _word_set(
    """
    a an the and or of to for from with on in at by as is are my our your we i vs via
    about into its it this that these those
    """
)
# Words any technical or project document may use as a heading: matching on them alone
# is no sign that a file is an interview note.
GENERIC = _word_set(
    """
    overview introduction intro summary background context goal non scope requirement
    functional architecture system design high level low detail detailed component key
    consider consideration frontend backend api database data cache queue message async
    processing monitor log alert metric service layer storage client server trade off
    decision alternative option pro con risk issue problem solution question open follow
    up next action item note reference conclusion appendix glossary date time feedback
    result review discussion implementation plan approach testing deployment security
    performance scale scalability availability reliability model schema estimate
    capacity how what why who when where general misc other lesson learned learning
    """
)
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "db": ("database",),
    "datastore": ("database",),
    "caching": ("cache",),
    "cached": ("cache",),
    "logging": ("log",),
    "monitoring": ("monitor",),
    "observability": ("monitor", "log"),
    "tradeoff": ("trade", "off"),
    "followup": ("follow", "up"),
    "mq": ("message", "queue"),
    "queuing": ("queue",),
    "queueing": ("queue",),
    "messaging": ("message",),
    "asynchronous": ("async",),
    "arch": ("architecture",),
    "hld": ("architecture",),
    "retro": ("reflection",),
    "retrospective": ("reflection",),
    "reflect": ("reflection",),
    "reflections": ("reflection",),
    "tech": ("technology",),
    "fe": ("frontend",),
    "ui": ("frontend",),
    "be": ("backend",),
    "fix": ("solution",),
    "fixe": ("solution",),
    "mitigation": ("solution",),
    "problem": ("issue",),
}
_JOINED = {
    ("front", "end"): "frontend",
    ("back", "end"): "backend",
    ("high", "level"): "overview",
    ("data", "store"): "database",
}


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) >= 2 and word.endswith("s") and not word.endswith(("ss", "us", "sis")):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def words(title: str) -> tuple[str, ...]:
    """The words of a heading or label that carry its meaning, normalised."""
    text = title[:_MAX_TITLE].casefold().replace("&", " and ")
    raw = [match.group() for match in _TOKEN.finditer(text)]
    kept = [_NUMBERS.get(word, word) for word in raw if word not in STOPWORDS]
    while len(kept) > 1 and (
        kept[0].isdigit()
        or kept[0] in _ROMAN
        or kept[0] in _NUMBERING_WORDS
        or (len(kept[0]) == 1 and kept[0].isascii())
    ):
        kept.pop(0)
    joined: list[str] = []
    for word in kept:
        if joined and (joined[-1], word) in _JOINED:
            joined[-1] = _JOINED[joined[-1], word]
            continue
        joined.append(word)
    out: list[str] = []
    for word in joined:
        stemmed = _stem(word)
        out.extend(_SYNONYMS.get(word) or _SYNONYMS.get(stemmed) or (stemmed,))
    return tuple(out)


def _emphasised(title: str) -> frozenset[str]:
    found: set[str] = set()
    for match in _EMPHASISED.finditer(title[:_MAX_TITLE]):
        found.update(words(match.group(1) or match.group(2)))
    return frozenset(found)


@dataclass(frozen=True)
class _Entry:
    """A template heading as matching sees it."""

    section: Section
    index: int
    depth: int
    tokens: frozenset[str]
    emphasis: frozenset[str]


class Profile:
    """What matching knows of one template: its headings' words and how much each weighs."""

    def __init__(self, template: Template) -> None:
        self.template = template
        title = template.title_section
        base = (
            title.level
            if title is not None
            else min((s.level for s in template.sections), default=1) - 1
        )
        self.entries = [
            _Entry(s, i, s.level - base, frozenset(words(s.title)), _emphasised(s.title))
            for i, s in enumerate(template.sections)
        ]
        self.by_id = {id(entry.section): entry for entry in self.entries}
        # The top-level headings, the only ones whose matches make a note (see
        # ``_enough_sections``): by key and by word, for the pre-check.
        self.top_by_key: dict[str, list[_Entry]] = {}
        self.top_by_token: dict[str, list[_Entry]] = {}
        for entry in (entry for entry in self.entries if entry.depth == 1):
            self.top_by_key.setdefault(entry.section.key, []).append(entry)
            for token in entry.tokens:
                self.top_by_token.setdefault(token, []).append(entry)
        counts: dict[str, int] = {}
        for entry in self.entries:
            for token in entry.tokens:
                counts[token] = counts.get(token, 0) + 1
        total = max(len(self.entries), 1)
        self.weights = {token: 1 + math.log(total / count) for token, count in counts.items()}
        self.vocabulary = sorted(self.weights)
        # Slips are looked up among the template's words and the spellings that stand for
        # them (``Monitering`` is nearer ``monitoring`` than ``monitor``).
        spelled: dict[str, tuple[str, ...]] = {word: (word,) for word in self.vocabulary}
        spelled.update(
            (word, means)
            for word, means in _SYNONYMS.items()
            if all(token in self.weights for token in means)
        )
        self._spellings = {word: means for word, means in spelled.items() if len(word) >= 5}
        self.title_words = words(template.title)
        self._typos: dict[str, tuple[str, ...]] = {}
        self.by_token: dict[str, list[_Entry]] = {}
        for entry in self.entries:
            for token in entry.tokens:
                self.by_token.setdefault(token, []).append(entry)
        self._top_spellings = {
            word: means
            for word, means in self._spellings.items()
            if any(token in self.top_by_token for token in means)
        }
        self._top_slips: dict[str, frozenset[str]] = {}
        self._letters = _Letters(self._spellings)
        self._top_letters = _Letters(self._top_spellings)

    def known(self, tokens: Iterable[str]) -> frozenset[str]:
        """Tokens with slips of the keyboard mapped to the template's words (``Potentail``)."""
        out: set[str] = set()
        for token in tokens:
            if token in self.weights or len(token) < 5:
                out.add(token)
                continue
            if token not in self._typos:
                near = self._letters.near(token)
                close = difflib.get_close_matches(token, near, 1, _TYPO_CUTOFF)
                self._typos[token] = self._spellings[close[0]] if close else (token,)
            out.update(self._typos[token])
        return frozenset(out)

    def may_mean(self, tokens: Iterable[str]) -> frozenset[str]:
        """Every word of the top-level headings that ``known`` could map ``tokens`` to: a slip
        is looked up among those headings' spellings alone, and any close one counts, not
        only the closest (a superset of ``known``'s answer, for the pre-check)."""
        out: set[str] = set()
        for token in tokens:
            out.add(token)
            if token in self.weights or len(token) < 5:
                continue
            slips = self._top_slips.get(token)
            if slips is None:
                close = [
                    self._top_spellings[word]
                    for word in self._top_letters.near(token)
                    if difflib.SequenceMatcher(None, word, token).ratio() >= _TYPO_CUTOFF
                ]
                slips = self._top_slips[token] = frozenset(chain.from_iterable(close))
            out.update(slips)
        return frozenset(out)

    def weight(self, token: str, entry: _Entry) -> float:
        base = self.weights.get(token, _UNKNOWN_WEIGHT)
        return base * _EMPHASIS_FACTOR if token in entry.emphasis else base

    def similarity(self, entry: _Entry, tokens: frozenset[str]) -> float:
        """How well a heading's words stand for a template heading, from 0 to 1."""
        common = entry.tokens & tokens
        if not common:
            return 0.0
        shared = sum(self.weight(token, entry) for token in common)
        recall = shared / sum(self.weight(token, entry) for token in entry.tokens)
        precision = shared / sum(self.weight(token, entry) for token in tokens)
        return 0.7 * max(precision, recall) + 0.3 * min(precision, recall)

    def title_match(self, section: Section) -> str:
        """``"strong"`` when a heading is the template's title (possibly with more words, as in
        ``System Design Interview Notes — Uber``), ``"weak"`` when it misses one word of it."""
        return self._title_match(section.key, section.title)

    def is_title(self, key: str, title: str) -> bool:
        """Whether a heading of this key and title is the template's title."""
        return self._title_match(key, title) == "strong"

    def _title_match(self, key: str, title: str) -> str:
        if key and key == self.template.title_key:
            return "strong"
        wanted = self.title_words
        if not wanted:
            return ""
        have = words(title)
        size = len(wanted)
        if any(have[i : i + size] == wanted for i in range(len(have) - size + 1)):
            return "strong"
        if size >= 3 and _in_order(wanted, have) >= size - 1 and have[:1] == wanted[:1]:
            return "weak"
        return ""


class _Letters:
    """Words indexed by their letters, to find those that may be close to a token without
    comparing it with each: the cheap bounds of ``difflib``'s ratio, computed as
    ``real_quick_ratio`` (lengths) and ``quick_ratio`` (letters in common) do, which
    ``get_close_matches`` applies first and drops the words that fail."""

    def __init__(self, words: Iterable[str]) -> None:
        self.sizes = {word: len(word) for word in words}
        self.by_letter: dict[str, list[tuple[str, int]]] = {}
        for word in self.sizes:
            for letter in set(word):
                self.by_letter.setdefault(letter, []).append((word, word.count(letter)))

    def near(self, token: str) -> list[str]:
        size = len(token)
        common: dict[str, int] = {}
        for letter in set(token):
            have = token.count(letter)
            for word, count in self.by_letter.get(letter, ()):
                common[word] = common.get(word, 0) + min(have, count)
        return [
            word
            for word, shared in common.items()
            if 2.0 * min(size, self.sizes[word]) / (size + self.sizes[word]) >= _TYPO_CUTOFF
            and 2.0 * shared / (size + self.sizes[word]) >= _TYPO_CUTOFF
        ]


def _in_order(wanted: Sequence[str], have: Sequence[str]) -> int:
    """How many of ``wanted`` appear in ``have`` in the same order."""
    found, position = 0, 0
    for word in wanted:
        try:
            position = have.index(word, position) + 1
        except ValueError:
            continue
        found += 1
    return found


@lru_cache(maxsize=16)
def profile(template: Template) -> Profile:
    return Profile(template)


@dataclass(frozen=True)
class Match:
    """A note heading (by its line) standing for a template section."""

    line: int
    section: Section
    loose: bool
    strong: bool


@dataclass
class Part:
    """One interview of a file: its title heading (if any), its lines, and its matches."""

    start: int
    end: int
    title_line: int | None
    base_level: int
    by_line: dict[int, Match] = field(default_factory=dict)
    by_template: dict[int, int] = field(default_factory=dict)
    recognised: bool = False

    def note_line(self, section: Section) -> int | None:
        """The line of the note heading standing for a template section."""
        return self.by_template.get(id(section))

    def contains(self, line: int) -> bool:
        return self.start <= line < self.end


@dataclass
class Layout:
    """The template a document follows and, per interview, which heading is which section."""

    template: Template
    parts: list[Part]
    _lines: dict[int, Match] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lines = {line: m for part in self.parts for line, m in part.by_line.items()}
        self._starts = [part.start for part in self.parts]

    def match(self, section: Section) -> Match | None:
        return self._lines.get(section.start_line) if section.level else None

    def template_section(self, section: Section) -> Section | None:
        found = self.match(section)
        return found.section if found is not None else None

    def part_at(self, line: int) -> Part | None:
        index = self.ordinal(line)
        return self.parts[index] if index is not None else None

    def signature(self, sections: Iterable[Section]) -> tuple[object, ...]:
        """What the layout says of some sections (what each stands for, and which interview
        holds it), for caches of results that depend on it."""
        return tuple(
            (
                (id(m.section), m.loose) if (m := self.match(s)) is not None else None,
                self.ordinal(s.start_line),
            )
            for s in sections
        )

    def moved(self, lines: dict[int, int]) -> Layout | None:
        """The same layout for the same headings at other lines (``lines`` maps each heading's
        old line, and the old line count, to the new ones): recognition reads only the
        headings, in order, and the line count. ``None`` when a line it holds is not mapped."""
        parts = []
        try:
            for part in self.parts:
                title = part.title_line
                parts.append(
                    Part(
                        lines[part.start] if title is not None else part.start,
                        lines[part.end],
                        lines[title] if title is not None else None,
                        part.base_level,
                        {
                            lines[line]: Match(lines[line], m.section, m.loose, m.strong)
                            for line, m in part.by_line.items()
                        },
                        {key: lines[line] for key, line in part.by_template.items()},
                        part.recognised,
                    )
                )
        except KeyError:
            return None
        return Layout(self.template, parts)

    def ordinal(self, line: int) -> int | None:
        """The index of the interview holding ``line``."""
        index = bisect_right(self._starts, line) - 1
        return index if index >= 0 and self.parts[index].contains(line) else None


def layout(note: Note, template: Template, named: bool) -> Layout | None:
    """How ``note`` follows ``template``, or ``None`` when it is not such a note. ``named`` is
    true when the front matter names the template."""
    found = profile(template)
    sections = note.sections
    titles = [s for s in sections if found.title_match(s)]
    if titles:
        top = min(s.level for s in titles)
        titles = [s for s in titles if s.level == top]
    end = len(note.source.lines)
    parts: list[Part] = []
    starts = [s.start_line for s in sections]
    if not titles:
        own = _own_title(sections)
        parts.append(_part(found, sections, 0, end, own))
        parts[0].start = 0
        parts[0].recognised = named or _enough_sections(found, parts[0])
    else:
        for index, title in enumerate(titles):
            stop = titles[index + 1].start_line if index + 1 < len(titles) else end
            inside = sections[bisect_left(starts, title.start_line) : bisect_left(starts, stop)]
            part = _part(found, inside, title.start_line, stop, title)
            strong = found.title_match(title) == "strong"
            part.recognised = named or strong or _enough_sections(found, part)
            parts.append(part)
    kept = [part for part in parts if part.recognised]
    if not kept:
        return None
    return Layout(template, kept)


def _own_title(sections: list[Section]) -> Section | None:
    """A note's own title (``# Design Twitter``): its first heading, the only one at the top
    level, above every other. It stands for the template's title without proving anything."""
    if len(sections) < 2 or any(s.level <= sections[0].level for s in sections[1:]):
        return None
    return sections[0]


def _part(
    found: Profile, sections: list[Section], start: int, end: int, title: Section | None
) -> Part:
    """One interview: ``sections`` are those of lines ``[start, end)``."""
    inside = [s for s in sections if s is not title]
    levels = [s.level for s in inside]
    if title is not None and (not levels or min(levels) > title.level):
        base = title.level
    else:
        base = min(levels, default=1) - 1
    part = Part(start, end, title.start_line if title is not None else None, base)
    template_title = found.template.title_section
    if title is not None and template_title is not None:
        part.by_line[title.start_line] = Match(title.start_line, template_title, False, True)
        part.by_template[id(template_title)] = title.start_line
    _match_sections(found, part, inside)
    return part


def _match_sections(found: Profile, part: Part, inside: list[Section]) -> None:
    def accept(entry: _Entry, section: Section, loose: bool, strong: bool) -> None:
        part.by_line[section.start_line] = Match(section.start_line, entry.section, loose, strong)
        part.by_template[id(entry.section)] = section.start_line

    tokens = {id(s): found.known(words(s.title)) for s in inside}
    # Headings written as the template has them, wherever they are.
    by_key: dict[str, list[Section]] = {}
    by_words: dict[frozenset[str], list[Section]] = {}
    for section in inside:
        by_key.setdefault(section.key, []).append(section)
        by_words.setdefault(tokens[id(section)], []).append(section)
    for entry in found.entries:
        same = [s for s in by_key.get(entry.section.key, []) if s.start_line not in part.by_line]
        if not same and entry.tokens:
            same = [s for s in by_words.get(entry.tokens, []) if s.start_line not in part.by_line]
        if same:
            accept(entry, same[0], False, distinctive(entry.tokens))
    # Renamed headings: at the template's depth (or deeper) and under the matching parent.
    candidates = [
        (entry.depth, -score, entry.index, section.start_line, entry, section)
        for score, entry, section in _scored(
            found,
            part,
            inside,
            tokens,
            lambda entry, depth: (
                _depth_fits(found, entry, depth) and id(entry.section) not in part.by_template
            ),
        )
    ]
    candidates.sort(key=lambda item: item[:4])
    for _, negative, _, _, entry, section in candidates:
        if id(entry.section) in part.by_template or section.start_line in part.by_line:
            continue
        if not _fits(found, part, entry, section):
            continue
        common = entry.tokens & tokens[id(section)]
        accept(entry, section, True, -negative >= 0.75 and distinctive(common))
    _match_promoted(found, part, inside, tokens, accept)


def _scored(
    found: Profile,
    part: Part,
    inside: list[Section],
    tokens: dict[int, frozenset[str]],
    wanted: Callable[[_Entry, int], bool],
) -> Iterator[tuple[float, _Entry, Section]]:
    """Unmatched headings scored against the template headings they share a word with and
    that ``wanted`` (given the heading's depth in the interview) allows, above the threshold."""
    for section in inside:
        if section.start_line in part.by_line:
            continue
        have = tokens[id(section)]
        depth = section.level - part.base_level
        seen: set[int] = set()
        for token in have:
            for entry in found.by_token.get(token, ()):
                if entry.index in seen:
                    continue
                seen.add(entry.index)
                if not wanted(entry, depth):
                    continue
                score = found.similarity(entry, have)
                if score >= THRESHOLD:
                    yield score, entry, section


def _match_promoted(
    found: Profile,
    part: Part,
    inside: list[Section],
    tokens: dict[int, frozenset[str]],
    accept: Callable[[_Entry, Section, bool, bool], None],
) -> None:
    """Subsections written one level up because their parent heading was dropped (``## What``,
    ``## Why``, ``## How`` without ``## 3Ws Framework``): matched only when at least two
    children of that parent are found so, which one heading alone never shows."""
    title = found.template.title_section
    levels = {s.start_line: s.level for s in inside}

    def promotable(entry: _Entry) -> bool:
        parent = entry.section.parent
        return (
            id(entry.section) not in part.by_template
            and parent is not None
            and bool(parent.level)
            and parent is not title
            and id(parent) not in part.by_template
        )

    groups: dict[int, list[tuple[float, _Entry, Section]]] = {}
    for score, entry, section in _scored(
        found,
        part,
        inside,
        tokens,
        lambda entry, depth: entry.depth - 1 == depth and promotable(entry),
    ):
        if _fits(found, part, entry, section):
            groups.setdefault(id(entry.section.parent), []).append((score, entry, section))
    for parent_id, group in groups.items():
        # Evidence: the children of that parent found one level up, loosely or as written.
        written = {
            id(entry)
            for entry in found.entries
            if entry.section.parent is not None
            and id(entry.section.parent) == parent_id
            and (line := part.by_template.get(id(entry.section))) is not None
            and levels.get(line) == entry.depth - 1 + part.base_level
        }
        if len({id(entry) for _, entry, _ in group} | written) < 2:
            continue
        for score, entry, section in sorted(group, key=lambda item: -item[0]):
            if id(entry.section) in part.by_template or section.start_line in part.by_line:
                continue
            common = entry.tokens & tokens[id(section)]
            accept(entry, section, True, score >= 0.75 and distinctive(common))


def _depth_fits(found: Profile, entry: _Entry, depth: int) -> bool:
    """A renamed heading sits at the template's depth; a subsection may sit deeper (``####
    WHAT`` under ``## 3Ws``), as the parent check then keeps it under the right section."""
    if depth == entry.depth:
        return True
    parent = entry.section.parent
    nested = parent is not None and parent.level and parent is not found.template.title_section
    return bool(nested) and depth > entry.depth


def distinctive(tokens: Iterable[str]) -> bool:
    return any(token not in GENERIC for token in tokens)


def _fits(found: Profile, part: Part, entry: _Entry, section: Section) -> bool:
    """Whether a loose match keeps the template's tree: the nearest matched ancestors agree.
    Order among siblings is not required: people reorder sections."""
    ancestor = section.parent
    while ancestor is not None and ancestor.level and ancestor.start_line not in part.by_line:
        ancestor = ancestor.parent
    note_parent = (
        part.by_line[ancestor.start_line].section
        if ancestor is not None and ancestor.level and ancestor.start_line in part.by_line
        else None
    )
    template_parent = entry.section.parent
    while template_parent is not None and id(template_parent) not in part.by_template:
        template_parent = template_parent.parent
    title = found.template.title_section
    if note_parent is title:
        note_parent = None
    if template_parent is title or (template_parent is not None and not template_parent.level):
        template_parent = None
    return note_parent is template_parent


def _enough_sections(found: Profile, part: Part) -> bool:
    """Whether a part holds enough of the template's top-level sections, in its order, and
    enough of them through words particular to the template, to be an interview note."""
    top = sorted(
        (found.by_id[id(m.section)].index, line, m.strong)
        for line, m in part.by_line.items()
        if id(m.section) in found.by_id and found.by_id[id(m.section)].depth == 1
    )
    chain = _longest_increasing(top)
    return len(chain) >= MIN_TOP_SECTIONS and sum(s for _, _, s in chain) >= MIN_STRONG_SECTIONS


def _longest_increasing(
    items: list[tuple[int, int, bool]],
) -> list[tuple[int, int, bool]]:
    """The longest run of matches whose note lines increase with their template order
    (quadratic, on at most a dozen items)."""
    best: list[list[tuple[int, int, bool]]] = []
    for index, item in enumerate(items):
        chain = [item]
        for before in range(index):
            if items[before][1] < item[1] and len(best[before]) + 1 > len(chain):
                chain = [*best[before], item]
        best.append(chain)
    return max(best, key=len, default=[])
