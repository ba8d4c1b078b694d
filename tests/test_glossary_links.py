"""Every glossary term used in a chapter's prose is linked ({term}) at or before its first plain use."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*.ipynb") if p.stem != "glossary")
TERM_ROLE = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^>`]+)>)?`")
# Text a term cannot be linked in: other roles, inline code, link targets and texts, headings,
# directive fences and their options (a figure's alt text among them), labels, math.
NOT_PROSE = re.compile(
    # whole lines first, so that a fence's backticks pair with nothing
    r"(?s:^---$.*?^---$)|^```.*$|^:\w+:.*$|^#.*$|^\([\w-]+\)=$"
    r"|\{term\}`[^`]*`|\{[\w:-]+\}`[^`]*`|`[^`]+`|\]\([^)]*\)|\[[^\]]*\]|\$[^$]+\$",
    re.M,
)


def glossary_terms() -> list[str]:
    text = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    block = text[text.index("```{glossary}"):].splitlines()[1:]
    return [line.strip() for line in block if line.strip() and not line.startswith((" ", "```"))]


def prose(path: Path) -> tuple[str, str]:
    """A chapter's Markdown cells, with the text no term can be linked in blanked (offsets kept)."""
    text = "\n\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                       if c["cell_type"] == "markdown")
    return text, blank_non_prose(text)


def blank_non_prose(text: str) -> str:
    """`text` with everything but prose and {term} roles replaced by spaces (offsets kept)."""
    return NOT_PROSE.sub(lambda m: m.group() if m.group().startswith("{term}") else " " * len(m.group()), text)


def unlinked_first_uses(path: Path, terms: list[str]) -> list[str]:
    """The terms whose first plain use in `path` comes before any {term} link to them."""
    _, masked = prose(path)
    linked_at: dict[str, int] = {}
    for match in TERM_ROLE.finditer(masked):
        target = (match.group(2) or match.group(1)).strip()
        linked_at.setdefault(target, match.start())
    plain = TERM_ROLE.sub(lambda m: " " * len(m.group()), masked)
    found = []
    for term in terms:
        use = re.search(rf"(?<![\w/-]){re.escape(term)}(?![\w/-]|\+?\w)", plain)
        if use and use.start() < linked_at.get(term, len(plain)):
            found.append(term)
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_glossary_terms_are_linked_at_their_first_use(path):
    missing = unlinked_first_uses(path, glossary_terms())
    assert not missing, f"{path.name}: first use not linked to the glossary: {', '.join(missing)}"


def test_the_check_finds_an_unlinked_first_use(tmp_path):
    notebook = {"cells": [{"cell_type": "markdown", "source": ["## PFS\n", "The {term}`HR` and PFS; code `ORR`."]},
                          {"cell_type": "markdown", "source": ["Later {term}`PFS` and ORR."]}]}
    path = tmp_path / "chapter.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert unlinked_first_uses(path, ["HR", "PFS", "ORR"]) == ["PFS", "ORR"]
