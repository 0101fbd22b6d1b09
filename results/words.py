"""Names of things as people read them, in the current language (or ``lang``): specialties,
zones, commune titles ("Xã Na Mèo")."""

from __future__ import annotations

from staffsim.i18n import N_, gettext
from staffsim.scenarios.specialties import LABELS

_ZONE_WORDS = {"lowland": N_("lowland"), "mountain": N_("mountain"),
               "high_mountain": N_("high mountain"), "province": N_("province")}
_KIND_TITLES = {"xa": N_("{name} commune"), "phuong": N_("{name} ward"),
                "dac_khu": N_("{name} special zone"),
                # donor units outside the communes carry their full name ("Sở Tài chính")
                "department": "{name}", "party_front": "{name}"}


def specialty_label(key: str, lang: str | None = None) -> str:
    """'land' -> 'Địa chính' (vi), 'Land administration' (en)."""
    return gettext(LABELS[key], lang)


def zone_label(key: str, lang: str | None = None) -> str:
    """'high_mountain' -> 'vùng cao' (vi), 'high mountain' (en); 'province' -> 'toàn tỉnh'."""
    return gettext(_ZONE_WORDS[key], lang)


def commune_title(kind: str, name: str, lang: str | None = None) -> str:
    """'Xã Na Mèo' / 'Phường Hạc Thành' (vi), 'Na Mèo commune' (en)."""
    return gettext(_KIND_TITLES[kind], lang).format(name=name)
