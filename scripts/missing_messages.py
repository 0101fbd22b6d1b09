"""The messages the dashboard, the command line (its --help too) and the result tables show,
and those the Vietnamese catalogue does not translate yet (printed as .po entries to fill in).

    python scripts/missing_messages.py >> i18n/locale/vi/LC_MESSAGES/staffsim.po
    # translate the new entries, then: python scripts/compile_catalogue.py
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[1]
PO = REPO / "i18n" / "locale" / "vi" / "LC_MESSAGES" / "staffsim.po"
# every module that words something for people: the dashboard, the command line, the result
# tables, figures and reports, the units
SOURCES = [*sorted((REPO / "staffsim" / "dashboard").glob("*.py")),
           *sorted((REPO / "staffsim" / "cli").glob("*.py")),
           *sorted((REPO / "results").glob("**/*.py")),
           *sorted((REPO / "experiments").glob("*.py")),
           # messages made below the command line (``i18n.Said``), said in the language
           *sorted((REPO / "optimize").glob("**/*.py")),
           *sorted((REPO / "model").glob("**/*.py")),
           *sorted((REPO / "scenarios").glob("**/*.py")),
           REPO / "i18n" / "__init__.py"]
KEYWORDS = {"_": None, "gettext": None, "N_": None}


def used_messages() -> list[str]:
    """Message ids in the sources (``_``, ``gettext``, ``N_``), the specialty labels, the
    labels of the scenario defaults' comparison arms and the command line's help (its
    descriptions, help texts and metavars are message ids too, which no ``_`` marks: the help
    says them through the catalogue when it is shown, ``cli.common.help_messages``)."""
    from staffsim.scenarios.params import Params
    from staffsim.scenarios.specialties import LABELS

    out: dict[str, None] = {}
    for path in SOURCES:
        for _, message, _, _ in extract_from_file("python", path, keywords=KEYWORDS):
            if isinstance(message, str):
                out[message] = None
    for label in LABELS.values():
        out[label] = None
    # the declared vocabulary: outcomes, metrics and plan measures are shown by their labels
    from staffsim.model.outcomes import METRICS, OUTCOMES, PLAN_MEASURES

    for d in (*OUTCOMES, *METRICS, *PLAN_MEASURES):
        out[d.label] = None
    for key, arm in Params().compare.arms.items():
        out[arm.label or key] = None
    from staffsim.cli.app import cli  # (the command group, its commands registered)
    from staffsim.cli.common import help_messages

    for text in help_messages(cli):
        out[text] = None
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
