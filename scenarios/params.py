"""Every scenario parameter in one place: unit, default and meaning.

A scenario file holds only overrides of these defaults. Sources are the lines of
``docs/facts.md`` (summarised in the README's "Calibration" section); values marked
"assumption" are ours and are the first things to vary in a sensitivity run.
"""

from __future__ import annotations

import math
import types
import typing
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo

from staffsim.scenarios import limits
from staffsim.scenarios.errors import number_text, quote
from staffsim.scenarios.kinds import ALL_KINDS, KINDS, POOL_KINDS  # noqa: F401  (their home)
from staffsim.scenarios.specialties import SPECIALTIES
from staffsim.scenarios.tables import VALUES, fold
from staffsim.scenarios.zones import ZONES

ZoneName = Literal["lowland", "mountain", "high_mountain"]


def P(default: Any, unit: str, meaning: str, **limits: Any) -> Any:  # noqa: N802
    """A documented parameter: default, unit and one-line meaning (plus pydantic limits)."""
    return Field(default, description=meaning, json_schema_extra={"unit": unit}, **limits)


# Largest magnitude any number in a scenario may have (VND 10^15 is some 40 bn USD): beyond
# it, sums and solver coefficients lose their meaning.
MAX_MAGNITUDE = 1e15


def _numeric(annotation: object) -> bool:
    """Is a field a number, a list of numbers or an optional number?"""
    if annotation in (int, float):
        return True
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is list:
        return bool(args) and args[0] in (int, float)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_numeric(a) for a in args if a is not type(None))
    return False


def _number_text(text: str) -> bool:
    """Is ``text`` a (finite) number written as text? ('nan' is not: the hint to drop the
    quotes would lead to another error)."""
    try:
        return math.isfinite(float(text.replace("_", "")))
    except ValueError:
        return False


# Whether a section's field holds numbers, by (section class, field name): the validator below
# runs for every field of every section each time a scenario is read, and asking pydantic for
# the field and its annotation each time was most of the cost of reading one.
_NUMERIC_FIELD: dict[tuple[type, str], bool] = {}
# the longest text setting (a province's name, a path, a label)
MAX_TEXT = 1_000
# format characters that are plain text: zero-width (non-)joiners, in some names
_JOINERS = frozenset("\u200c\u200d")


class Section(BaseModel):
    """A parameter section. One rule for every number in it: finite (no inf or nan; pydantic's
    ``allow_inf_nan``), a number and not a boolean (``true`` is not 1), at most
    ``MAX_MAGNITUDE`` in size, and within the field's documented range."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _plain_values(cls, value: Any, info: ValidationInfo) -> Any:
        """The three rules below in one validator: pydantic builds (at import) and runs a
        wrapper per validator and field, some 200 fields; one wrapper instead of three took
        about 20 ms off every command's start-up (the order is the one pydantic ran the three
        in: zones, text, numbers)."""
        return cls._plain_numbers(cls._plain_text(cls._zone_names(value, info)), info)

    @classmethod
    def _plain_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        key = (cls, info.field_name or "")
        numeric = _NUMERIC_FIELD.get(key)
        if numeric is None:
            field = cls.model_fields.get(key[1])
            numeric = _NUMERIC_FIELD[key] = field is not None and _numeric(field.annotation)
        if not numeric:
            return value
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, bool):
                raise ValueError(f"a number is required, not the boolean {str(v).lower()}")
            if isinstance(v, str) and _number_text(v):  # pydantic would read "12" as 12:
                # a quoted number in a scenario is a slip (or a value meant for another key),
                # never taken silently (other text pydantic refuses itself, naming the type)
                raise ValueError(f"a number is required, not the text {quote(v, 40)}; "
                                 "write the number without quotes")
            if isinstance(v, float) and not math.isfinite(v):
                raise ValueError(f"must be a finite number, not {v}")
            if isinstance(v, int | float) and abs(v) > MAX_MAGNITUDE:
                # (number_text says a number beyond 40 digits by its size, as any other)
                raise ValueError(f"{number_text(v)} is too large; numbers here are at most "
                                 f"{number_text(MAX_MAGNITUDE)} in size")
        return value

    @staticmethod
    def _plain_text(value: Any) -> Any:
        """A text setting (a name shown in reports, a path) is at most ``MAX_TEXT``
        characters and holds no control character: a 200 KB province name was printed whole
        on every line and in the report, an escape character in it reached the figures
        (matplotlib warned of a missing glyph) and a right-to-left override turned the
        report's text around."""
        if not isinstance(value, str):
            return value
        if len(value) > MAX_TEXT:
            raise ValueError(f"is {len(value):,} characters long; allowed: at most "
                             f"{MAX_TEXT:,}")
        bad = next((ch for ch in value if unicodedata.category(ch) in ("Cc", "Cf")
                    and ch not in _JOINERS), None)
        if bad is not None:
            raise ValueError(f"holds a control character (U+{ord(bad):04X}); allowed: "
                             "plain text")
        return value

    @classmethod
    def _zone_names(cls, value: Any, info: ValidationInfo) -> Any:
        """A list of zones takes their names as the data tables do (``tables.VALUES``):
        "vùng cao", "miền núi", "đồng bằng" as well as ours; a name of none is refused
        naming both."""
        key = (cls, info.field_name or "")
        zones = _ZONE_LIST_FIELD.get(key)
        if zones is None:
            field = cls.model_fields.get(key[1])
            zones = _ZONE_LIST_FIELD[key] = (field is not None
                                            and field.annotation == list[ZoneName])
        if not zones or not isinstance(value, list):
            return value
        return [zone_name(v) if isinstance(v, str) else v for v in value]


# Whether a section's field is a list of zones, by (section class, field name), as above.
_ZONE_LIST_FIELD: dict[tuple[type, str], bool] = {}


def zone_name(text: str) -> str:
    """A zone as the data tables read one ('vùng cao' -> high_mountain, 'Miền núi' ->
    mountain); ValueError naming the allowed names in both languages if it is none."""
    if text in ZONES:
        return text
    found = VALUES["zone"].get(fold(text))
    if found is None:
        raise ValueError(f"is not a zone (got {quote(text, 40)}); allowed: "
                         f"{', '.join(ZONES)} or their Vietnamese names đồng bằng, miền núi, "
                         "vùng cao, e.g. [\"mountain\", \"high_mountain\"]")
    return found


class ByZone(Section):
    """A value for each support zone."""

    lowland: float = P(0.0, "", "value in lowland communes", ge=0, le=10_000)
    mountain: float = P(0.0, "", "value in mountain communes", ge=0, le=10_000)
    high_mountain: float = P(0.0, "", "value in highest-mountain communes", ge=0,
                            le=10_000)

    def as_list(self) -> list[float]:
        return [self.lowland, self.mountain, self.high_mountain]


# Most a zone multiple may be (x base salary): the rules pay 1.25x-1.75x (Thanh Hóa), the
# scenarios' compare arms 2.5x; 175 is 175 % written as a percentage, not a multiple
MAX_ZONE_MULTIPLE = 5.0


class MultipleByZone(ByZone):
    """A multiple of the base salary (0 to ``MAX_ZONE_MULTIPLE``) for each support zone."""

    lowland: float = P(0.0, "x base salary", "value in lowland communes", ge=0,
                       le=MAX_ZONE_MULTIPLE)
    mountain: float = P(0.0, "x base salary", "value in mountain communes", ge=0,
                        le=MAX_ZONE_MULTIPLE)
    high_mountain: float = P(0.0, "x base salary", "value in highest-mountain communes", ge=0,
                             le=MAX_ZONE_MULTIPLE)

    @field_validator("lowland", "mountain", "high_mountain", mode="before")
    @classmethod
    def _a_multiple(cls, value: Any) -> Any:
        """Above the range, say the unit (a percentage is the slip the trial met: 175 for
        1.75x) rather than only the bound."""
        if (isinstance(value, int | float) and not isinstance(value, bool)
                and math.isfinite(value) and MAX_ZONE_MULTIPLE < value <= MAX_MAGNITUDE):
            hint = (f"; did you mean {number_text(value / 100)} ({number_text(value)} %)?"
                    if 0.5 <= value / 100 <= MAX_ZONE_MULTIPLE else "")  # (50 %-500 %)
            raise ValueError(f"is a multiple of the base salary, from 0 to "
                             f"{number_text(MAX_ZONE_MULTIPLE)} (got {number_text(value)})"
                             f"{hint}")
        return value


class WeightByZone(ByZone):
    """An objective weight (0 to 1,000) for each support zone."""

    lowland: float = P(0.0, "weight", "value in lowland communes", ge=0, le=1000)
    mountain: float = P(0.0, "weight", "value in mountain communes", ge=0, le=1000)
    high_mountain: float = P(0.0, "weight", "value in highest-mountain communes", ge=0, le=1000)


class ShareByZone(ByZone):
    """A share (0 to 1) for each support zone."""

    lowland: float = P(0.0, "share", "value in lowland communes", ge=0, le=1)
    mountain: float = P(0.0, "share", "value in mountain communes", ge=0, le=1)
    high_mountain: float = P(0.0, "share", "value in highest-mountain communes", ge=0, le=1)


def by_zone(lowland: float, mountain: float, high_mountain: float, unit: str, meaning: str) -> Any:
    """A documented per-zone parameter (use with a ByZone or ShareByZone annotation)."""
    defaults = {"lowland": lowland, "mountain": mountain, "high_mountain": high_mountain}
    return Field(default_factory=lambda: defaults, description=meaning,
                 json_schema_extra={"unit": unit}, validate_default=True)


# The province's data tables, by parameter name: every place that copies, hashes or lists a
# scenario's inputs reads this one tuple (a result folder missing one cannot reproduce itself).
TABLE_FIELDS = ("communes_csv", "roster_csv", "pool_csv", "distances_csv",
                "known_distances_csv")


class ProvinceParams(Section):
    name: str = P("", "", "province name shown in reports")
    communes_csv: str = P("", "path", "communes table (CSV), relative to the scenario file")
    roster_csv: str = P("", "path", "officials roster (CSV); empty = generate from norms")
    pool_csv: str = P(
        "", "path", "donor units outside the communes (CSV): provincial departments and the "
        "Party / Front bloc, with their location, quota, headcount, specialties and allowance "
        "eligibility (README 'Input tables'); their officials may be transferred to communes "
        "(empty = none)")
    distances_csv: str = P(
        "", "path", "road distances (CSV from_id,to_id,km) for every pair; empty = known "
        "distances where given, else great-circle x road factor")
    known_distances_csv: str = P(
        "", "path", "known road distances for some pairs (CSV from_id,to_id,km[,source]): "
        "used as given for those pairs; `staffsim validate` reports how far the estimate is "
        "from them (the calibration error)")
    provinces: list[str] = P(
        [], "province codes", "keep only these province_code values (empty = all rows)")
    by_province: dict[str, dict[str, Any]] = P(
        {}, "", "province code -> dotted-key overrides that apply to that province only (its own "
        "allowance scheme, say), wherever a province is planned on its own: national plans, "
        "per-province sweeps, a scenario filtered to one province")
    start_year: int = P(2025, "year", "calendar year of simulation month 0", ge=2025, le=2100)
    start_month: int = P(7, "month", "calendar month of simulation month 0 (1-12)", ge=1, le=12)
    road_factor: ByZone = by_zone(
        1.3, 1.45, 1.35, "road km per great-circle km",
        "detour of roads over straight lines, the mean of the trip's two end zones' factors "
        "(fitted on the 8 known road distances from Hạc Thành in scenarios/data/"
        "thanh_hoa_road_km.csv by scripts/fit_road_factors.py; elsewhere an assumption)")
    remote_detour: float = P(
        1.8, "road km per great-circle km",
        "extra road km per great-circle km beyond remote_threshold_km on trips with a "
        "high-mountain end (fitted with road_factor: Hạc Thành - Mường Chanh is 153 km in a "
        "straight line and about 300 km by road)", ge=0, le=10)
    remote_threshold_km: float = P(
        100.0, "great-circle km", "where the remote detour starts (fitted: 80, 100 and 120 km "
        "fit about as well)", ge=0, le=5000)


class SpecialtyParams(Section):
    """Workload of one specialty, in WISN terms."""

    dossiers_per_1000: float = P(
        0.0, "dossiers / 1,000 residents / month",
        "mean arrival rate of administrative-procedure dossiers", ge=0, le=10_000)
    minutes_per_dossier: float = P(
        30.0, "minutes", "WISN activity standard: handling time of one paper dossier", gt=0,
        le=10_000)
    deadline_days: float = P(
        5.0, "working days", "legal deadline for a dossier of this specialty", gt=0, le=3650)
    base_hours: float = P(
        0.0, "hours / commune / month",
        "non-dossier tasks every commune must do (reports, budget, inspections)", ge=0,
        le=100_000)
    field_share: float = P(
        0.0, "share", "share of handling time spent travelling in the field", ge=0, le=1)
    fixed_fte: float = P(0.0, "FTE", "fixed requirement independent of workload", ge=0,
                        le=1000)
    essential: bool = P(
        False, "", "a commune with nobody in this specialty fails 'rõ người, rõ việc'")


def _spec(**kw: Any) -> Any:
    return Field(default_factory=lambda: SpecialtyParams(**kw))


class SpecialtiesParams(Section):
    """Per-specialty workload. Rates split the national 4.4 m dossiers in 7 weeks (about 27 per
    1,000 residents per month) across specialties (split: assumption); times and fixed tasks are
    assumptions calibrated so Thanh Hóa's WISN requirement matches its quota (README)."""

    leadership: SpecialtyParams = _spec(fixed_fte=3.5, deadline_days=5)
    office: SpecialtyParams = _spec(dossiers_per_1000=1.0, minutes_per_dossier=30,
                                    deadline_days=5, base_hours=540)
    justice: SpecialtyParams = _spec(dossiers_per_1000=5.3, minutes_per_dossier=25,
                                     deadline_days=3, base_hours=160, field_share=0.1,
                                     essential=True)
    notarisation: SpecialtyParams = _spec(dossiers_per_1000=10.7, minutes_per_dossier=8,
                                          deadline_days=1, base_hours=30, essential=True)
    land: SpecialtyParams = _spec(dossiers_per_1000=2.7, minutes_per_dossier=180,
                                  deadline_days=15, base_hours=320, field_share=0.5,
                                  essential=True)
    construction: SpecialtyParams = _spec(dossiers_per_1000=0.8, minutes_per_dossier=150,
                                          deadline_days=15, base_hours=260, field_share=0.5,
                                          essential=True)
    finance: SpecialtyParams = _spec(dossiers_per_1000=1.3, minutes_per_dossier=60,
                                     deadline_days=3, base_hours=540, essential=True)
    it: SpecialtyParams = _spec(dossiers_per_1000=0.5, minutes_per_dossier=20,
                                deadline_days=2, base_hours=310, essential=True)
    agriculture: SpecialtyParams = _spec(dossiers_per_1000=1.3, minutes_per_dossier=60,
                                         deadline_days=10, base_hours=370, field_share=0.5)
    culture_social: SpecialtyParams = _spec(dossiers_per_1000=3.2, minutes_per_dossier=45,
                                            deadline_days=10, base_hours=490, field_share=0.2)
    service_centre: SpecialtyParams = _spec(dossiers_per_1000=26.8, minutes_per_dossier=10,
                                            deadline_days=1, base_hours=370)

    def ordered(self) -> list[SpecialtyParams]:
        return [getattr(self, s) for s in SPECIALTIES]

    def essential_mask(self) -> np.ndarray:
        """Per specialty (``SPECIALTIES``' order), whether it is essential."""
        return np.array([s.essential for s in self.ordered()])


class WorkloadParams(Section):
    working_days_per_year: float = P(260, "days", "weekdays in a year", gt=0, le=366)
    public_holidays: float = P(11, "days / year", "public holidays (Labour Code 2019)", ge=0,
                              le=366)
    annual_leave_days: float = P(12, "days / year", "annual leave (Labour Code 2019)", ge=0,
                                le=366)
    sick_days: float = P(4, "days / year", "sickness absence (assumption)", ge=0, le=366)
    training_days: float = P(5, "days / year", "training absence (assumption)", ge=0,
                            le=366)
    hours_per_day: float = P(8, "hours", "working hours per day", gt=0, le=24)
    category_allowance_share: float = P(
        0.25, "share of working time",
        "support work all officials do (meetings, reports, Party and mass-organisation duties); "
        "WISN CAF = 1/(1-share) (assumption)", ge=0, lt=1)
    intensity: float = P(
        1.0, "multiplier", "scales all workload (uncertainty: growth of devolved tasks)", gt=0,
        le=1000)
    annual_growth: float = P(
        0.0, "share / year", "compound growth of dossier arrivals (uncertainty)", ge=-0.5, le=1)
    online_share: ShareByZone = by_zone(
        0.5, 0.3, 0.2, "share of dossiers",
        "dossiers filed fully online; lower in mountain communes (domain.md: about 40% "
        "nationally, lower in mountain communes)")
    online_time_saving: float = P(
        0.3, "share", "handling time saved on an online dossier (assumption)", ge=0, le=1)
    field_travel_factor: ByZone = by_zone(
        0.0, 0.5, 1.0, "multiplier",
        "extra field time per unit of field share, by zone: longer distances (assumption)")
    max_overtime_share: float = P(
        0.15, "share of working time",
        "most extra hours officials work when work piles up, used before any work is left "
        "undone (Labour Code 2019 caps overtime at 40 h a month, about 26%) (assumption)",
        ge=0, le=0.5)
    fixed_task_floor_share: float = P(
        0.3, "share of capacity",
        "share of a specialty's time (overtime included) kept for fixed tasks before its "
        "dossiers; dossiers, with legal deadlines, come next and deferrable fixed tasks last "
        "(assumption: statutory reports and budget work cannot wait)", ge=0, le=1)
    away_share: ShareByZone = by_zone(
        0.10, 0.15, 0.25, "share of working days",
        "days an official is away from the commune seat: leave, sickness and training (21 of "
        "249 working days, 8%, as in the available working time) plus field trips and "
        "meetings elsewhere, longer in mountains (assumption); a dossier is late when everyone "
        "who can take it is away on every day of its deadline")
    cross_cover_productivity: float = P(
        0.5, "share", "productivity of an official covering another specialty (assumption)",
        ge=0, le=1)
    specialties: SpecialtiesParams = Field(default_factory=SpecialtiesParams)


def province_counts(v: dict[str, int], unit: str) -> dict[str, int]:
    """A published count per province code (officials, quota positions): each from 1 to the
    officials limit."""
    for code, n in v.items():
        if not 0 < n <= limits.OFFICIALS.value:
            raise ValueError(f"province {code}: {n:,} {unit}; allowed: 1 to "
                             f"{limits.OFFICIALS.value:,}")
    return v


class StaffingParams(Section):
    """Quota norm of Công văn 09/CV-BCĐ (30/5/2025)."""

    base_positions: int = P(32, "positions", "positions per commune before top-up", ge=0,
                         le=10_000)
    topup_threshold: int = P(16000, "residents", "population above which the top-up applies",
                             ge=0, le=100_000_000)
    topup_per_residents_mountain: float = P(
        1000, "residents per position", "top-up step in mountain/high-mountain communes", gt=0,
        le=100_000_000)
    topup_per_residents_other: float = P(
        2000, "residents per position", "top-up step elsewhere", gt=0, le=100_000_000)
    cap_xa: int = P(50, "positions", "quota cap per xã", ge=1, le=10_000)
    cap_phuong: int = P(70, "positions", "quota cap per phường", ge=1, le=10_000)
    cap_dac_khu: int = P(70, "positions", "quota cap per đặc khu", ge=1, le=10_000)
    quota_totals: dict[str, int] = P(
        {}, "positions", "the quota (biên chế) each province named by its code reports for "
        "its communes, from a published figure: the norm quotas of its communes without a "
        "quota of their own in the communes table are scaled to total it, none above its "
        "cap (Lạng Sơn reports 2,457 where the norm gives 2,223)")

    @field_validator("quota_totals")
    @classmethod
    def _quota_totals_within_limit(cls, v: dict[str, int]) -> dict[str, int]:
        return province_counts(v, "positions")


class RosterParams(Section):
    """The seeded roster generator, used when the scenario gives no roster CSV.

    Headcount per commune (``model.roster.staffing_targets``): in ``carry_over_zones`` a commune
    keeps the officials its old units brought (``officials_per_old_unit`` each, a uniform
    integer per commune) up to its zone's ``staffing_factor`` x quota, so the 21 mountain xã
    that were not merged (NQ 1686/NQ-UBTVQH15 khoản 146) have 10-15 (docs/facts.md: "some
    mountain communes have only 10-15 cán bộ, công chức"). Elsewhere a commune gets its quota x
    zone factor plus a surplus per merged old unit beyond the first: officials of merged units
    and of the abolished district level stayed where they were, above all in merged wards (the
    surplus units of Decision 2623/QĐ-UBND); ``target_total`` scales the surplus rates so the
    communes table totals it exactly: the whole table, also when ``province.provinces``
    selects part of it (each province selected keeps its share: ``model.roster``).
    A commune whose row of the communes table gives its officials in post (column
    ``officials``, 'Số cán bộ, công chức hiện có') has exactly that many, whatever these
    parameters say; ``target_total`` then scales only the communes without a figure."""

    target_total: int = P(
        0, "officials", "scale the merged-unit surplus so the communes table totals this: "
        "the whole table's officials, also when province.provinces selects part of it (the "
        "provinces selected keep their share) (0 = no scaling). Communes whose row gives "
        "its officials keep them and count towards it; the rest share what is left (refused "
        "when the figures alone exceed it, or when every commune has one and it differs)",
        ge=0)

    @field_validator("target_total")
    @classmethod
    def _within_limit(cls, v: int) -> int:
        if v > limits.OFFICIALS.value:
            raise ValueError(f"{v:,} officials to generate exceed the {limits.OFFICIALS.hint()}")
        return v
    staffing_factor: ByZone = by_zone(
        1.0, 0.9, 0.8, "in-post / quota",
        "staffing by zone before the merged-unit surplus; in carry-over zones the most a "
        "commune reaches (assumption)")
    carry_over_zones: list[ZoneName] = P(
        ["mountain", "high_mountain"], "zones",
        "zones whose communes have only the officials their old units brought (up to the zone "
        "factor x quota): no district-level staff stayed there to top them up (assumption)")
    officials_per_old_unit: list[int] = P(
        [10, 15], "officials", "[low, high]: government officials each pre-reform unit brought "
        "to its new commune, drawn uniformly per commune (docs/facts.md: unmerged mountain xã "
        "have 10-15; that one old unit brought that many is our reading)",
        min_length=2, max_length=2)
    ward_surplus_per_merged_unit: float = P(
        0.10, "share of quota",
        "surplus of a phường or đặc khu outside carry-over zones per old unit merged into it "
        "beyond the first (assumption: merged wards kept their officials and the city-level "
        "ones; scaled by target_total)", ge=0, le=1)
    xa_surplus_per_merged_unit: float = P(
        0.033, "share of quota",
        "the same for a xã outside carry-over zones (assumption: a third of the ward rate; "
        "scaled by target_total)", ge=0, le=1)
    default_merged_units: float = P(
        3.2, "units", "merged old units when the table has none (national mean, docs/facts.md; "
        "an assumption for every commune without a merged_units value, which staffsim "
        "validate and the reports name)", ge=1, le=100)
    province_totals: dict[str, int] = P(
        {}, "officials", "officials in post of each province named by its code, from a "
        "published count: that province's communes are scaled to total it (their surplus, as "
        "target_total scales it) and target_total shares what is left among the other "
        "provinces; a national roster scaled by one factor gave Thanh Hóa 10,116 where it "
        "reports 6,230")

    @field_validator("province_totals")
    @classmethod
    def _totals_within_limit(cls, v: dict[str, int]) -> dict[str, int]:
        return province_counts(v, "officials")
    max_quota_multiple: float = P(
        4.0, "x quota", "the most officials target_total's scaling may give a commune, as a "
        "multiple of its quota; more is refused (assumption: the largest merged wards hold "
        "about 1-3 times theirs, docs/facts.md: Hà Nội about 76 per unit against caps of 70, "
        "Điện Biên 60-80 and some over 100; Thanh Hóa's calibrated roster gives Hạc Thành "
        "2.1 times its 70)", ge=1, le=1000)
    specialist_fill_probability: ShareByZone = by_zone(
        0.98, 0.85, 0.7, "probability",
        "chance that a post of a hard-to-fill specialty is held by an official of that "
        "specialty; an unfilled post goes to a generalist (office, culture-social), so a commune "
        "lacks the specialty only when all its posts in it are unfilled (assumption)")
    hard_to_fill: list[str] = P(
        ["land", "construction", "finance", "it", "justice", "notarisation"], "specialties",
        "specialties communes fail to fill (docs/facts.md: IT, planning (part of construction), "
        "land, construction, finance-accounting, civil registration, notarisation)")
    female_share: float = P(0.4, "share", "share of women among officials (assumption)",
                            ge=0, le=1)
    mean_age: float = P(42, "years", "mean age of officials before truncation (assumption)",
                        ge=18, le=65)
    sd_age: float = P(9, "years", "standard deviation of age before truncation (assumption)",
                      ge=0, le=30)
    leader_age_offset: float = P(5, "years", "leaders are this much older on average "
                                 "(assumption)", ge=0, le=20)
    min_age: float = P(23, "years", "youngest official (graduate + probation)", ge=18, le=40)
    protected_share: float = P(
        0.02, "share", "officials flagged protected for personal reasons (assumption)",
        ge=0, le=1)

    @model_validator(mode="after")
    def _known(self) -> RosterParams:
        lo, hi = self.officials_per_old_unit
        if not 0 <= lo <= hi:
            raise ValueError("officials_per_old_unit must be [low, high] with 0 <= low <= high")
        bad = [s for s in self.hard_to_fill if s not in SPECIALTIES]
        if bad:
            raise ValueError(f"unknown specialties {bad} in hard_to_fill; known: "
                             f"{', '.join(SPECIALTIES)}")
        return self


class DynamicsParams(Section):
    attrition_annual: float = P(
        0.03, "share / year", "voluntary exit rate at balanced workload (assumption)",
        ge=0, le=1)
    overload_elasticity: float = P(
        1.0, "multiplier per unit overload",
        "attrition hazard x (1 + e x max(0, required/in-post - 1)) (assumption)", ge=0,
        le=100)
    max_attrition_multiplier: float = P(4.0, "multiplier", "cap on that multiplier", ge=1,
                                            le=1000)
    retirement: bool = P(True, "", "retire officials at the statutory age")
    retirement_age_men_2020: float = P(
        60.0, "years", "men's statutory age in 2020 (Labour Code 2019, Decree 135/2020)",
        ge=40, le=80)
    retirement_step_men: float = P(0.25, "years / year", "annual increase for men", ge=0,
                                       le=5)
    retirement_age_men_max: float = P(62.0, "years", "men's final statutory age", ge=40, le=80)
    retirement_age_women_2020: float = P(55.0, "years", "women's statutory age in 2020",
                                         ge=40, le=80)
    retirement_step_women: float = P(1 / 3, "years / year", "annual increase for women", ge=0,
                                         le=5)
    retirement_age_women_max: float = P(60.0, "years", "women's final statutory age",
                                        ge=40, le=80)
    recruitment: bool = P(True, "", "recruit to fill vacancies below quota (Decree 170/2025)")
    recruitment_opening_rate: float = P(
        0.1, "share / month", "share of open vacancies put to recruitment each month "
        "(assumption: province-wide hiring freeze during downsizing)", ge=0, le=1)
    recruitment_lag_months: int = P(6, "months", "from opening to arrival (assumption)",
                                    ge=0, le=60)
    fill_probability: ShareByZone = by_zone(
        0.9, 0.6, 0.4, "probability", "chance an opened post is filled, by zone (assumption)")
    hire_age: float = P(27, "years", "mean age of a new recruit (assumption)", ge=18, le=60)
    # what a recruit costs a month, counted from arrival as part of a run's cost:
    # base salary x (coefficient x (1 + contributions) + public-service allowance) = VND 7.18 m
    recruit_salary_coefficient: float = P(
        2.34, "x base salary", "salary coefficient of a new commune civil servant: grade A1 "
        "(chuyên viên), step 1 (Decree 204/2004/NĐ-CP, table 2)", ge=0, le=20)
    public_service_allowance_share: float = P(
        0.25, "x base salary", "public-service allowance (phụ cấp công vụ: 25% of base salary, "
        "Decree 34/2012/NĐ-CP)", ge=0, le=5)
    employer_contribution_share: float = P(
        0.205, "share of salary", "employer's contributions on the salary: social insurance "
        "17.5% (Law on Social Insurance 2014, art. 86; Decree 58/2020/NĐ-CP) and health "
        "insurance 3% (Decree 146/2018/NĐ-CP, art. 7); civil servants have no unemployment "
        "insurance", ge=0, le=1)


class SimulationParams(Section):
    months: int = P(60, "months", "simulation horizon", ge=1, le=600)
    replications: int = P(1, "runs", "seeded replications", ge=1, le=10000)
    seed: int = P(20250701, "", "root seed; replication i uses SeedSequence(seed).spawn(n)[i]",
                  ge=0)
    workers: int = P(1, "processes", "processes for replications (results do not depend on it)",
                     ge=1, le=256)

    @model_validator(mode="after")
    def _within_limit(self) -> SimulationParams:
        total = self.months * self.replications
        if not limits.SIM_MONTHS.suspended and total > limits.SIM_MONTHS.value:
            raise ValueError(f"months × replications = {total:,} simulated months exceed the "
                             f"{limits.SIM_MONTHS.hint()}")
        return self


class OutputParams(Section):
    folder: str = P("runs", "path", "parent folder of result folders, relative to the cwd")
    figures: bool = P(True, "", "draw figures")


# Vietnam's base salary (mức lương cơ sở), VND a month: 2,340,000 since 1 July 2024 (Decree
# 73/2024/NĐ-CP); it has never been below the floor (the first minimum wage, 1993: 120,000)
BASE_SALARY_VND = 2_340_000
BASE_SALARY_FLOOR = 100_000


class AllowanceParams(Section):
    """Monthly support for a transferred official: a multiple of base salary by recipient zone
    (Thanh Hóa draft NQ 34/2025: 1.75x highest-mountain, 1.25x mountain, up to 3 years, base
    VND 2.34 m), plus an amount by commuting-distance band (Lạng Sơn draft: 10-20 km 0.5 m,
    20-30 km 1.0 m, 30-40 km 1.5 m, >= 40 km 2.0 m for 24 months), plus a flat amount beyond a
    zone's distance threshold (Quảng Trị: VND 1 m when >= 50 km in the plains, >= 40 km in
    mountain/border communes)."""

    base_salary_vnd: float = P(BASE_SALARY_VND, "VND / month", "base salary (mức lương cơ sở; VND "
                               "2,340,000 since 1 July 2024, Decree 73/2024/NĐ-CP)",
                               ge=BASE_SALARY_FLOOR, le=1e9)
    months: int = P(36, "months", "months the zone multiple is paid (Thanh Hóa draft: up to 3 "
                    "years); no part is paid beyond the transfer's term", ge=0, le=120)
    distance_band_months: int = P(
        24, "months", "months the distance-band amount is paid (Lạng Sơn draft: 24)", ge=0,
        le=120)
    distance_threshold_months: int = P(
        36, "months", "months the distance-threshold amount is paid (Quảng Trị: not stated; "
        "assumption: as the zone multiple)", ge=0, le=120)
    zone_multiple: MultipleByZone = by_zone(
        0.0, 1.25, 1.75, "x base salary", "monthly allowance by recipient zone")
    distance_bands_km: list[float] = P(
        [], "km", "lower bounds of commuting-distance bands, increasing (empty = none)")
    distance_band_vnd: list[float] = P(
        [], "VND / month", "allowance for each distance band (same length as the bands)")
    distance_threshold_vnd: float = P(
        0.0, "VND / month", "flat amount when the move is at least the recipient zone's "
        "threshold (Quảng Trị: VND 1 m; 0 = no such scheme)", ge=0, le=1e9)
    distance_threshold_km: ByZone = by_zone(
        50.0, 40.0, 40.0, "road km", "threshold by recipient zone (Quảng Trị: 50 km in the "
        "plains, 40 km in mountain/border communes)")

    @field_validator("base_salary_vnd", mode="before")
    @classmethod
    def _base_salary_in_vnd(cls, value: Any) -> Any:
        """A base salary in VND a month. Vietnam's has never been below VND 100,000 (the
        first minimum wage, 1993: 120,000), so a smaller number is in another unit (2.34
        meant in millions): refused, saying the unit, never taken silently."""
        if (isinstance(value, int | float) and not isinstance(value, bool)
                and math.isfinite(value) and -MAX_MAGNITUDE <= value < BASE_SALARY_FLOOR):
            raise ValueError(f"must be in VND a month, from {number_text(BASE_SALARY_FLOOR)} "
                             f"to {number_text(1e9)} (got {number_text(value)}); did you mean "
                             f"{number_text(BASE_SALARY_VND)} (the base salary since 1 July "
                             "2024)?")
        return value

    @model_validator(mode="after")
    def _bands_match(self) -> AllowanceParams:
        bands, pay = self.distance_bands_km, self.distance_band_vnd
        if len(bands) != len(pay):
            raise ValueError(f"distance_bands_km has {len(bands)} bands but distance_band_vnd "
                             f"has {len(pay)} amounts; give one amount per band")
        if any(b <= a for a, b in zip(bands, bands[1:], strict=False)) or any(
                b < 0 for b in bands) or any(v < 0 for v in pay):
            raise ValueError("distance_bands_km must increase from >= 0 and amounts be >= 0")
        return self


class Family(Section):
    """The parameter section of one constraint family (``optimizer.constraints.<name>``)."""

    enabled: bool = P(True, "", "apply this constraint family")


# One section per registered constraint family (``register_constraint_params``). The families
# live in ``staffsim.optimize.families``, which registers the built-in ones when imported. The
# commands import it first; a program that reads a scenario without it (a notebook) gets them
# through the entry-point group below (``load_constraint_families``), as this layer may not
# import the optimiser. (A comment, not a docstring: the schema shows docstrings to scenario
# writers.)
class ConstraintsParams(Section):
    pass


# pyproject.toml: [project.entry-points."staffsim.constraint_families"], each entry a module
# that registers families when imported (the built-ins: staffsim.optimize.families)
FAMILY_ENTRY_POINTS = "staffsim.constraint_families"
_FAMILY_LOAD: list[str] = []  # once tried: what failed, one "entry (module): error" each


def load_constraint_families() -> bool:
    """Register the constraint families through their entry points if none are registered
    yet (a scenario read before anything imported the optimiser); whether any are registered
    now. Tried once per process: the commands import the families themselves and pay
    nothing here. ``constraint_families_missing`` says why, when none could be loaded."""
    if ConstraintsParams.model_fields:
        return True
    if not _FAMILY_LOAD:
        from importlib.metadata import entry_points

        failed = []
        found = entry_points(group=FAMILY_ENTRY_POINTS)
        for ep in found:
            try:
                ep.load()
            except Exception as e:  # a broken plug-in: said in the message, not raised
                failed.append(f"{ep.name} ({ep.value}): {type(e).__name__}: {e}")
        if not found:
            failed.append(f"no entry points in the group {FAMILY_ENTRY_POINTS!r} (is staffsim "
                          "installed? pip install -e .)")
        _FAMILY_LOAD[:] = failed or ["their entry points registered none"]
    return bool(ConstraintsParams.model_fields)


def constraint_families_missing() -> str:
    """Why no constraint family is registered, as the end of a one-line message."""
    why = "; ".join(_FAMILY_LOAD) or "not tried"
    return (f"the constraint families could not be loaded ({why}); import "
            "staffsim.optimize.families before reading the scenario")


# Short names for the levers HR staff ask about most (accepted wherever a dotted key is);
# each family registers its own.
ALIASES: dict[str, str] = {}

# Named rule sets (``optimizer.rules``): what each means, and per set the settings each
# constraint family takes under it (filled in by the families as they register). A scenario
# file's own family settings still override its rule set's.
RULE_SETS: dict[str, str] = {
    "wisn": "staffsim's WISN rules: a donor keeps its WISN requirement in every specialty "
            "and in total (a commune short overall gives none) and gives at most 20% of its "
            "staff; a recipient stays within the 50 / 70 "
            "headcount cap; any zone may give",
    "province_practice": "the province's own practice (Decision 2623/QĐ-UBND): a donor keeps "
                         "at least its norm quota (officials above quota are surplus) and its "
                         "last official of an essential specialty; a recipient is filled up "
                         "to its quota; mountain and high-mountain communes do not give",
}
RuleSetName = Literal["wisn", "province_practice"]
RULE_SET_VALUES: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in RULE_SETS}


def register_constraint_params(name: str, section: type[Family],
                               aliases: dict[str, str] | None = None,
                               rule_sets: dict[str, dict[str, Any]] | None = None) -> None:
    """Add ``optimizer.constraints.<name>`` (defaults filled in, unknown keys still rejected),
    the family's short names (``aliases``: short dotted key -> field of the section) and its
    settings under each named rule set (``rule_sets``: set name -> field -> value)."""
    if name in ConstraintsParams.model_fields:
        raise ValueError(f"constraint family {name!r} is already registered")
    unknown = set(rule_sets or {}) - set(RULE_SETS)
    if unknown:
        raise ValueError(f"constraint family {name!r}: unknown rule sets {sorted(unknown)}; "
                         f"known: {', '.join(RULE_SETS)}")
    section.model_validate({f: v for values in (rule_sets or {}).values()
                            for f, v in values.items()})  # a wrong field fails here
    ConstraintsParams.model_fields[name] = FieldInfo(annotation=section,
                                                     default_factory=section)
    ConstraintsParams.__annotations__[name] = section
    for short, field in (aliases or {}).items():
        ALIASES[short] = f"optimizer.constraints.{name}.{field}"
    for rule_set, values in (rule_sets or {}).items():
        RULE_SET_VALUES[rule_set][name] = dict(values)
    _rebuild()


def unregister_constraint_params(name: str) -> None:
    """Remove a family's section and its short names (tests register toy families)."""
    ConstraintsParams.model_fields.pop(name, None)
    ConstraintsParams.__annotations__.pop(name, None)
    prefix = f"optimizer.constraints.{name}."
    for short in [k for k, v in ALIASES.items() if v.startswith(prefix)]:
        del ALIASES[short]
    for values in RULE_SET_VALUES.values():
        values.pop(name, None)
    _rebuild()


def rule_set_settings(rules: str) -> dict[str, Any]:
    """The settings a named rule set gives, as a nested dict under ``optimizer`` (empty for
    an unknown name: validation then names the known ones)."""
    families = RULE_SET_VALUES.get(rules, {})
    return {"optimizer": {"constraints": {k: dict(v) for k, v in families.items()}}}


_BATCH: list[bool] = []  # inside ``registering()``: rebuild once, at its end


@contextmanager
def registering() -> Iterator[None]:
    """Register several families' sections with one rebuild of the models at the end (each
    rebuild of Params takes 2 ms: twelve built-in families made 25 ms of every start-up)."""
    _BATCH.append(True)
    try:
        yield
    finally:
        _BATCH.pop()
        if not _BATCH:
            _rebuild()


def _rebuild() -> None:
    # pydantic builds a model's validator from its fields once; the sections that hold
    # ConstraintsParams embed its validator, so they are rebuilt too, innermost first.
    if _BATCH:
        return
    for model in (ConstraintsParams, OptimizerParams, Params):
        model.model_rebuild(force=True)


class ObjectiveParams(Section):
    """First minimise weighted unmet need, then cost and disruption."""

    method: Literal["lexicographic", "weighted"] = P(
        "weighted", "", "weighted: one solve of unmet_scale x unmet + cost + disruption (a move "
        "is made only if it cuts weighted unmet need by more than its cost/unmet_scale); "
        "lexicographic: solve for unmet need, then for cost within tolerance (slower)")
    zone_weight: WeightByZone = by_zone(1.0, 2.0, 3.0, "weight per FTE",
                                  "weight of one FTE of unmet need, by zone")
    essential_gap_weight: float = P(
        5.0, "weighted FTE", "extra weight per commune-specialty left with nobody in an "
        "essential specialty (times the commune's zone weight: see essential_gap_by_zone)",
        ge=0,
        le=1000)
    essential_gap_by_zone: bool = P(
        True, "", "the essential-gap weight is multiplied by the commune's zone weight, as an "
        "FTE of unmet need is: with the default weights a high-mountain commune's vacant "
        "essential post weighs 15, a lowland one's 5 (assumption: the province's priority for "
        "highland communes holds for vacant posts too; off, every zone's weighs the same)")
    unmet_tolerance: float = P(
        0.0, "weighted FTE", "lexicographic: stage 2 may give up this much stage-1 objective",
        ge=0, le=1e6)
    # Weights are bounded so that solver coefficients stay within what HiGHS handles exactly.
    cost_weight_per_bn: float = P(1.0, "per VND bn", "weight of allowance cost", ge=0, le=1e6)
    move_weight: float = P(0.1, "per move", "weight of each move (disruption)", ge=0, le=1e6)
    km_weight: float = P(0.002, "per km", "weight of each km moved (disruption)", ge=0,
                         le=1e6)
    unmet_scale: float = P(
        1000.0, "multiplier", "weighted method: unmet need term x this (keeps it first)", gt=0,
        le=1e6)

    def gap_weight(self, zone: np.ndarray) -> np.ndarray:
        """The weight of one essential specialty left with nobody, per commune (``zone``:
        each commune's zone index)."""
        if not self.essential_gap_by_zone:
            return np.full(len(zone), self.essential_gap_weight)
        return self.essential_gap_weight * np.asarray(self.zone_weight.as_list())[zone]


class OptimizerParams(Section):
    rules: RuleSetName = P(
        "wisn", "", "named rule set, the defaults of the transfer rules (a family setting in "
        "the scenario file still overrides it): " + "; ".join(
            f"{k}: {v}" for k, v in RULE_SETS.items()))
    solver: Literal["highs", "cbc"] = P("highs", "", "MIP solver (HiGHS via highspy; CBC)")
    time_limit_s: float = P(60.0, "seconds", "time limit per solve", gt=0,
                           le=604_800)
    gap_rel: float = P(0.0, "share", "relative optimality gap to stop at (0 = proven optimum)",
                       ge=0, le=1)
    threads: int = P(1, "threads", "solver threads per problem", ge=1, le=64)
    presolve: bool = P(
        False, "", "HiGHS presolve; off by default: with the hull cuts the LP relaxation is "
        "nearly integral and presolve costs more than it saves")
    workers: int = P(2, "processes", "provinces solved in parallel", ge=1, le=64)
    marginals: bool = P(True, "", "re-solve to value one more bn VND, 10 km, -0.01 floor")
    allowance: AllowanceParams = Field(default_factory=AllowanceParams)
    objective: ObjectiveParams = Field(default_factory=ObjectiveParams)
    constraints: ConstraintsParams = Field(default_factory=ConstraintsParams)


# Policies are plug-ins found by name in the policy registry (model/policies/): the names are
# checked where arms and sweeps are set up (experiments/), not here, so that adding a policy
# is one module.
PolicyName = str


class TransfersInSimParams(Section):
    """How transferred officials and other newcomers behave in the simulation, and the term
    of a transfer (the optimiser's allowance costs stop at the term's end too)."""

    term_months: int = P(
        36, "months", "a transfer's term (NQ 34/2025/NQ-HĐND draft: support for up to 3 "
        "years); at its end the official goes back with return_share, else stays; the "
        "allowance stops. 1 to 120: the sources' terms run 2 to 36 months (secondments, "
        "support up to 3 years), a longer one is a sensitivity run, as long as the "
        "allowance's own periods at most; a term of 0 months is no transfer", ge=1, le=120)
    term_from: Literal["start", "move"] = P(
        "start", "", "start: every term ends term_months after the support window's start "
        "(window_start_year/month: the draft counts its 3 years from 1/8/2025, so a later "
        "move gets less, and none gets more than term_months); move: each move gets a full "
        "term")
    window_start_year: int = P(
        2025, "year", "calendar year the support window starts (term_from = start; NQ "
        "34/2025/NQ-HĐND draft: 1/8/2025)", ge=2025, le=2100)
    window_start_month: int = P(
        8, "month", "calendar month the support window starts (1-12; the draft: August)",
        ge=1, le=12)
    return_share: float = P(
        0.5, "probability", "chance a transferred official goes back to the old unit at the "
        "term's end rather than stay (assumption: no source; secondees always go back)",
        ge=0, le=1)

    ramp_up_months: int = P(
        6, "months", "months a newcomer at a post (transfer, recruit, contract) needs to reach "
        "full productivity; an official back at their old post after a term needs none "
        "(assumption)", ge=0, le=60)
    ramp_start_productivity: float = P(
        0.5, "share", "productivity in a newcomer's first month (assumption)", ge=0, le=1)
    km_attrition_per_100km: float = P(
        1.0, "multiplier per 100 km",
        "attrition hazard of a transferred official x (1 + this x km / 100): officials sent "
        "over 100 km away want to leave (domain.md; size: assumption)", ge=0, le=100)
    allowance_retention_per_base_salary: float = P(
        0.5, "per base salary",
        "hazard / (1 + this x monthly allowance / base salary) while the allowance is paid "
        "(assumption)", ge=0, le=100)


class PolicyParams(Section):
    """Parameters of the policy plug-ins (model/policies.py)."""

    rolling_every_months: int = P(12, "months", "re-optimize_plan transfers every K months",
                                  ge=1, le=120)
    replan_budget: Literal["shared", "renewed"] = P(
        "shared", "", "the allowance budget of transfers re-planned during a run (rolling "
        "transfers, repeated secondments): shared: each plan spends what the earlier plans "
        "left (one budget for the programme, as Thanh Hóa's VND 45 bn for its 3 years); "
        "renewed: each plan has the whole budget again (a budget a year, if re-planned "
        "yearly)")
    secondment_months: int = P(
        6, "months", "length of a secondment (biệt phái: 2-6 months; Gia Lai 3-6, Điện Biên "
        "6)", ge=1, le=60)
    secondment_repeat: bool = P(True, "", "send a new batch when the previous one returns")
    secondment_same_officials: bool = P(
        False, "", "a new batch may second officials who were seconded before (default: each "
        "official at most once in a run)")
    recruitment_opening_rate: float = P(
        0.3, "share / month", "share of open vacancies advertised each month", ge=0, le=1)
    recruitment_lag_months: int = P(4, "months", "from opening to arrival", ge=0, le=60)
    contract_cap: int = P(100, "contracts", "most labour contracts at once (Decree 173/2025; "
                          "cap: assumption)", ge=0, le=1_000_000)
    contract_months: int = P(12, "months", "length of a labour contract", ge=1, le=120)
    contract_lag_months: int = P(1, "months", "from decision to start", ge=0, le=24)
    contract_monthly_vnd: float = P(
        7_000_000, "VND / month", "what the province pays a month for one contract staff "
        "(assumption: about 3x base salary, near a recruit's VND 7.2 m with contributions)",
        ge=0, le=1e9)
    contract_zones: list[ZoneName] = P(["mountain", "high_mountain"], "zones",
                                       "zones where contracts are offered")
    training_share: float = P(0.3, "share", "share of officials trained at the start",
                              ge=0, le=1)
    training_delay_months: int = P(3, "months", "from training to effect", ge=0, le=60)
    training_gain: float = P(0.15, "share", "productivity gain after training (assumption)",
                             ge=0, le=2)
    training_cost_vnd: float = P(5_000_000, "VND", "cost per trainee (assumption)", ge=0,
                                      le=1e10)
    training_zones: list[ZoneName] = P(["mountain", "high_mountain"], "zones",
                                       "zones whose officials are trained")


class ArmParams(Section):
    """One policy arm: plug-ins and parameter overrides (dotted keys)."""

    policies: list[PolicyName] = P([], "", "policy plug-ins, combined (registered names: "
                                   "recruitment, contracts, training, greedy_transfers, "
                                   "optimised_transfers, rolling_transfers, secondment, ...)")
    set: dict[str, Any] = P({}, "", "scenario overrides for this arm, e.g. "
                            "{'optimizer.allowance.zone_multiple.high_mountain' = 2.0}")
    label: str = P("", "", "name shown in reports (default: the arm key)")


def _arm(*policies: str, **kw: Any) -> ArmParams:
    return ArmParams(policies=list(policies), **kw)


class CompareParams(Section):
    arms: dict[str, ArmParams] = Field(
        default_factory=lambda: {
            "none": _arm(label="no action"),
            "greedy": _arm("greedy_transfers", label="greedy transfers once"),
            "optimised": _arm("optimised_transfers", label="optimised transfers once"),
            "rolling": _arm("rolling_transfers", label="re-optimised every K months"),
            "secondment": _arm("secondment", label="optimised secondments"),
            "recruitment": _arm("recruitment", label="faster recruitment"),
            "contracts": _arm("contracts", label="labour contracts"),
            "training": _arm("training", label="training"),
            "optimised_training": _arm("optimised_transfers", "training",
                                       label="optimised transfers + training"),
            "optimised_allowance_high": _arm(
                "optimised_transfers", label="optimised transfers, allowance 2.5x / 1.75x",
                set={"optimizer.allowance.zone_multiple.high_mountain": 2.5,
                     "optimizer.allowance.zone_multiple.mountain": 1.75,
                     "optimizer.constraints.budget.vnd": 60e9}),
        },
        description="policy arms that compare can run (add your own)")
    default_arms: list[str] = P(["none", "greedy", "optimised", "rolling", "secondment"], "",
                                "arms run when --policies is not given")
    months: int = P(36, "months", "horizon of a comparison", ge=1, le=600)
    replications: int = P(20, "runs", "replications per arm (common random numbers)",
                          ge=1, le=10000)


class FactorParams(Section):
    """One swept input: a numeric range sampled by the design, or a list of values crossed
    with every design point (categorical, e.g. provinces)."""

    range: list[float] | None = P(None, "", "[low, high] sampled by the design")
    values: list[Any] | None = P(None, "", "values crossed with every design point")
    integer: bool = P(False, "", "round sampled values to whole numbers")
    label: str = P("", "", "name shown in tables and figures (default: the key)")

    @model_validator(mode="after")
    def _one_kind(self) -> FactorParams:
        if (self.range is None) == (self.values is None):
            raise ValueError("give exactly one of range = [low, high] or values = [...]")
        if self.range is not None and (len(self.range) != 2 or not self.range[0] < self.range[1]):
            raise ValueError("range must be [low, high] with low < high")
        if self.values is not None and not self.values:
            raise ValueError("values must list at least one value")
        if self.integer and self.range is not None:
            # rounded, a range with one whole number in it is a constant: a trial's
            # workload.intensity [0.8, 1.3] with integer = true ran 1 at every point while
            # the analysis named it among the factors varied
            lo, hi = math.ceil(self.range[0]), math.floor(self.range[1])
            if hi - lo + 1 < 2:
                n = max(hi - lo + 1, 0)
                raise ValueError(f"integer = true leaves {n} whole number{'s' * (n != 1)} in "
                                 f"the range [{self.range[0]:g}, {self.range[1]:g}], so the "
                                 "factor would not vary; allowed: a range holding at least two "
                                 "whole numbers, or integer = false")
        return self


class DiscoveryParams(Section):
    """Scenario discovery: which lever settings keep mountain unmet need low in most
    scenarios."""

    outcome: str = P("mountain_unmet_fte", "",
                     "run outcome tested against the threshold (a column of the results)")
    threshold: float | None = P(
        None, "outcome unit", "acceptable level (below is a success); empty = the median over "
        "all runs")
    robust_share: float = P(0.8, "share", "share of scenarios a lever setting must succeed in "
                            "to count as robust", gt=0, le=1)
    bins: int = P(3, "bins", "quantile bins per numeric lever", ge=1, le=10)
    min_scenarios: int = P(
        10, "scenarios", "fewest distinct scenarios (uncertainty settings) a lever setting must "
        "meet to be judged: with fewer its success share says little, so it is reported as "
        "too few to judge and never called robust", ge=1, le=10_000)


class SweepParams(Section):
    """An experiment: levers (the province's choices) x uncertainties (what it cannot choose)
    x replications, run as independent seeded simulations."""

    levers: dict[str, FactorParams] = P({}, "", "dotted key -> range or values")
    uncertainties: dict[str, FactorParams] = P({}, "", "dotted key -> range or values")
    design: Literal["factorial", "latin", "sobol", "morris"] = P(
        "latin", "", "how numeric factors are sampled (SALib for latin, sobol, morris)")
    samples: int = P(
        20, "", "latin: points; sobol: base samples N (N x (D + 2) points); morris: "
        "trajectories (N x (D + 1) points); factorial: levels per numeric factor", ge=1,
        le=100_000)
    lever_samples: int = P(
        0, "", "latin and factorial designs: when > 0 the numeric levers get their own sample of "
        "this many points (factorial: levels) crossed with the uncertainties' sample of "
        "`samples` points, so every lever setting meets every scenario (EMA Workbench's "
        "policies x scenarios); 0 = one joint sample", ge=0, le=10_000)
    replications: int = P(5, "runs", "seeded replications per design point (common random "
                          "numbers across points)", ge=1, le=10_000)
    months: int = P(36, "months", "horizon of each run", ge=1, le=600)
    policies: list[PolicyName] = P(["optimised_transfers"], "",
                                   "policy plug-ins active in every run")
    plan: Literal["once", "per_run"] = P(
        "once", "", "optimised or greedy transfers: planned once per design point on the "
        "starting state and carried out in every replication, or planned on each "
        "replication's own state at the end of month 0 (one solve per run: much slower)")
    discovery: DiscoveryParams = Field(default_factory=DiscoveryParams)


def range_problem(text: str) -> str | None:
    """Why ``text`` is no frontier range ``START:STOP:COUNT`` (COUNT points, both ends
    included; distinct ends for two or more points, equal ends for one), or None if it is
    one. ``experiments.frontier.parse_range`` reads it; a scenario's ``frontier.range`` is
    checked with it when the file is read."""
    parts = text.split(":")
    try:
        if len(parts) != 3:
            raise ValueError
        start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
        if count < 1 or count > 1000 or not (math.isfinite(start) and math.isfinite(stop)):
            raise ValueError
    except ValueError:
        return (f"{quote(text)} is not START:STOP:COUNT with finite START and STOP and COUNT "
                "1..1000 (e.g. 0:60e9:13)")
    if count == 1 and start != stop:
        return (f"{quote(text)} asks for 1 point between two different ends: STOP would be "
                "left out; give COUNT 2 or more, or START:START:1 for one value")
    if count > 1 and start == stop:
        return (f"{quote(text)} repeats one value {count} times (START = STOP); give two "
                "different ends, or COUNT 1")
    return None


def _set_item(item: str) -> str:
    """One ``whatif.set`` entry: KEY=VALUE, refused in the words of the command line's
    --set (``cli.common.overrides_from``)."""
    key, sep, _value = item.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"{quote(item)} is not KEY=VALUE (e.g. --set simulation.months=12)")
    return item


def _move_item(item: str) -> str:
    """One ``whatif.move`` entry: OFFICIAL_ID[,ID...]=COMMUNE, refused in the words of the
    command line's --move (``optimize.edits.parse_moves``)."""
    ids, sep, commune = item.partition("=")
    if not sep or not ids.strip() or not commune.strip():
        raise ValueError(f"{quote(item)} is not OFFICIAL_ID[,ID...]=COMMUNE")
    return item


SetItem = typing.Annotated[str, AfterValidator(_set_item)]
MoveItem = typing.Annotated[str, AfterValidator(_move_item)]


class WhatifParams(Section):
    """The question of ``staffsim whatif`` (the variant against the scenario's own plan),
    written into a whatif result folder's scenario.toml so that ``staffsim whatif
    FOLDER/scenario.toml`` asks it again. Empty by default: the variant is then given on the
    command line. Each entry is written as the command line takes it (``--set``, ``--move``,
    ``--keep``, ``--close-commune``); other commands ignore this section."""

    set: list[SetItem] = P([], "", "the variant's settings, each KEY=VALUE as --set takes "
                           "it, e.g. [\"optimizer.budget_vnd=36e9\"]")
    move: list[MoveItem] = P([], "", "forced moves, each OFFICIAL_ID[,ID...]=COMMUNE as "
                             "--move takes it")
    keep: list[str] = P([], "", "officials who must stay (official ids, as --keep)")
    close_commune: list[str] = P([], "", "communes that give no one (id or name, as "
                                 "--close-commune)")
    month: int = P(0, "month", "plan on the simulated state at this month (--month)", ge=0,
                   le=600)
    keep_baseline_pairs: float = P(
        0.0, "points per official", "how much weighted unmet need the variant may give "
        "up for each official it sends along a commune pair the baseline plan uses, up to the "
        "baseline's count on it, so that a changed lever keeps the destinations already "
        "discussed with staff (--keep-baseline-pairs); 0 = re-optimise freely", ge=0, le=100)
    simulate: bool = P(False, "", "also simulate both plans over common seeds (--simulate)")
    replications: int = P(10, "runs", "replications of each plan's simulation "
                          "(--replications)", ge=1, le=10_000)
    months: int = P(0, "months", "simulation horizon (--months); 0 = compare.months", ge=0,
                    le=600)


class FrontierParams(Section):
    """The question of ``staffsim frontier`` (one lever over a range of values), written into
    a frontier result folder's scenario.toml so that ``staffsim frontier
    FOLDER/scenario.toml`` draws it again. Empty by default: --lever and --range are then
    required; other commands ignore this section."""

    lever: str = P("", "", "numeric parameter (dotted key or alias), as --lever takes it")
    range: str = P("", "", "lever values START:STOP:COUNT, as --range takes it, e.g. "
                   "\"0:60e9:13\"")

    @field_validator("range")
    @classmethod
    def _range(cls, value: str) -> str:
        said = range_problem(value) if value else None
        if said:
            raise ValueError(said)
        return value


class Params(Section):
    """A whole scenario."""

    province: ProvinceParams = Field(default_factory=ProvinceParams)
    workload: WorkloadParams = Field(default_factory=WorkloadParams)
    staffing: StaffingParams = Field(default_factory=StaffingParams)
    roster: RosterParams = Field(default_factory=RosterParams)
    dynamics: DynamicsParams = Field(default_factory=DynamicsParams)
    simulation: SimulationParams = Field(default_factory=SimulationParams)
    output: OutputParams = Field(default_factory=OutputParams)
    optimizer: OptimizerParams = Field(default_factory=OptimizerParams)
    transfers: TransfersInSimParams = Field(default_factory=TransfersInSimParams)
    policies: PolicyParams = Field(default_factory=PolicyParams)
    compare: CompareParams = Field(default_factory=CompareParams)
    sweep: SweepParams = Field(default_factory=SweepParams)
    whatif: WhatifParams = Field(default_factory=WhatifParams)
    frontier: FrontierParams = Field(default_factory=FrontierParams)


def leaf_keys(model: type[BaseModel] = Params, prefix: str = "") -> list[str]:
    """Every settable dotted key (dict-valued sections such as compare.arms excluded)."""
    out = []
    for name, info in model.model_fields.items():
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            out += leaf_keys(ann, f"{prefix}{name}.")
        else:
            out.append(f"{prefix}{name}")
    return out


def leaf_field(dotted: str) -> FieldInfo | None:
    """The pydantic field of a dotted key (or its short alias), or None if it is not a leaf
    parameter of the sections."""
    model: type[BaseModel] = Params
    *parents, leaf = ALIASES.get(dotted, dotted).split(".")
    for part in parents:
        info = model.model_fields.get(part)
        if info is None or not (isinstance(info.annotation, type)
                                and issubclass(info.annotation, BaseModel)):
            return None
        model = info.annotation
    return model.model_fields.get(leaf)


def field_info(dotted: str) -> tuple[object, str, str] | None:
    """(default, unit, meaning) of a dotted key, or None if it is not a leaf parameter."""
    info = leaf_field(dotted)
    if info is None:
        return None
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return info.default, str(extra.get("unit", "")), info.description or ""


def statutory_age(d: DynamicsParams, year: int, female: np.ndarray) -> np.ndarray:
    """Statutory retirement age (years) in a calendar year, by sex (Labour Code 2019 roadmap,
    Decree 135/2020: rising from 60 / 55 in 2020 by 3 / 4 months a year to 62 / 60)."""
    years = year - 2020
    women = min(d.retirement_age_women_max,
                d.retirement_age_women_2020 + d.retirement_step_women * years)
    men = min(d.retirement_age_men_max, d.retirement_age_men_2020 + d.retirement_step_men * years)
    return np.where(female, women, men)


def zone_mask(zone: np.ndarray, names: list[str]) -> np.ndarray:
    """Per commune: is its zone one of ``names``?"""
    return np.isin(zone, [ZONES.index(z) for z in names])
