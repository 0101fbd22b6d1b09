"""The README and docs/*.md are read in a clone, on GitHub or in an editor: every relative link
must reach a file of the repository (and, with a #fragment, a heading of it, as GitHub makes
its anchors), and nothing may point outside the repository (a session's /work/... folders, a
../shared folder). A researcher's trial found the README hard to navigate (item 9); its
sections now link to each other, so a renamed heading must not leave a dead link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)


def prose(text: str) -> str:
    """The text without fenced code blocks and code spans (their brackets are no links)."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, code marks and punctuation dropped (letters
    with diacritics kept), each space a hyphen."""
    text = heading.replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for m in HEADING.finditer(FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = slug(m.group(1))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def test_slug_is_githubs():
    # (anchors GitHub gives these headings)
    assert slug("Policies over time (`staffsim compare`)") == "policies-over-time-staffsim-compare"
    assert slug("Decision 2623: the province's own plan, evaluated") == \
        "decision-2623-the-provinces-own-plan-evaluated"
    assert slug("Where plan Thanh Hóa's time goes") == "where-plan-thanh-hóas-time-goes"


def links(path: Path) -> list[str]:
    return LINK.findall(prose(path.read_text(encoding="utf-8")))


def test_the_link_pattern_finds_links_and_skips_code():
    text = "see [a](docs/x.md#y) and ![m](docs/m.png), not `[b](c)` nor\n```\n[d](e)\n```\n"
    assert LINK.findall(prose(text)) == ["docs/x.md#y", "docs/m.png"]


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_every_relative_link_resolves_inside_the_repository(path):
    bad = []
    for target in links(path):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):  # http:, https:, mailto:
            if target.lower().startswith("file:"):
                bad.append(f"{target}: a file outside the repository")
            continue
        file, _hash, fragment = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        if file.startswith("/") or not dest.is_relative_to(REPO):
            bad.append(f"{target}: outside the repository")
        elif not dest.exists():
            bad.append(f"{target}: no such file")
        elif fragment and dest.suffix == ".md" and fragment not in anchors(dest):
            bad.append(f"{target}: no heading with this anchor in {dest.name}")
    assert not bad, f"{path.name}: " + "; ".join(bad)


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_nothing_points_outside_the_repository(path):
    text = path.read_text(encoding="utf-8")
    for outside in ("/work/", "../shared", "/tmp/", "file://"):
        assert outside not in text, (path.name, outside)
