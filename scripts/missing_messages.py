"""The messages the dashboard and the result tables show, and those the Vietnamese catalogue
does not translate yet (printed as .po entries to fill in).

    python scripts/missing_messages.py >> i18n/locale/vi/LC_MESSAGES/staffsim.po
    # translate the new entries, then: python scripts/compile_catalogue.py
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[1]
PO = REPO / "i18n" / "locale" / "vi" / "LC_MESSAGES" / "staffsim.po"
SOURCES = [*sorted((REPO / "staffsim" / "dashboard").glob("*.py")),
           REPO / "results" / "words.py", REPO / "results" / "whatif.py"]
KEYWORDS = {"_": None, "gettext": None, "N_": None}


def used_messages() -> list[str]:
    """Message ids in the sources (``_``, ``gettext``, ``N_``), the specialty labels and the
    labels of the scenario defaults' comparison arms."""
    from staffsim.scenarios.params import Params
    from staffsim.scenarios.specialties import LABELS

    out: dict[str, None] = {}
    for path in SOURCES:
        for _, message, _, _ in extract_from_file("python", path, keywords=KEYWORDS):
            if isinstance(message, str):
                out[message] = None
    for label in LABELS.values():
        out[label] = None
    for key, arm in Params().compare.arms.items():
        out[arm.label or key] = None
    return list(out)


def translations() -> dict[str, str]:
    with open(PO, "rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


def missing() -> list[str]:
    have = translations()
    return [m for m in used_messages() if not have.get(m)]


if __name__ == "__main__":
    for msgid in missing():
        escaped = msgid.replace("\\", "\\\\").replace('"', '\\"')
        print(f'\nmsgid "{escaped}"\nmsgstr ""')
