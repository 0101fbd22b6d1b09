"""Compile the gettext catalogue (.po -> .mo) after editing translations.

    python scripts/compile_catalogue.py

The compiled ``staffsim.mo`` is committed next to its ``.po``; a test checks it is up to date.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "i18n" / "locale"


def compile_all() -> list[Path]:
    out = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        with open(po, "rb") as f:
            catalog = read_po(f)
        mo = po.with_suffix(".mo")
        with open(mo, "wb") as f:
            write_mo(f, catalog)
        out.append(mo)
    return out


if __name__ == "__main__":
    for path in compile_all():
        print(f"wrote {path}")
