"""Every scenario parameter in one place: unit, default and meaning.

A scenario file holds only overrides of these defaults. Sources are the lines of
``shared/domain.md`` (copied into the README's "Calibration" section); values marked
"assumption" are ours and are the first things to vary in a sensitivity run.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from model.specialties import SPECIALTIES

ZONES: tuple[str, ...] = ("lowland", "mountain", "high_mountain")
KINDS: tuple[str, ...] = ("xa", "phuong", "dac_khu")


def P(default: Any, unit: str, meaning: str, **limits: Any) -> Any:  # noqa: N802
    """A documented parameter: default, unit and one-line meaning (plus pydantic limits)."""
    return Field(default, description=meaning, json_schema_extra={"unit": unit}, **limits)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ByZone(Section):
    """A value for each support zone."""

    lowland: float = P(0.0, "", "value in lowland communes", ge=0)
    mountain: float = P(0.0, "", "value in mountain communes", ge=0)
    high_mountain: float = P(0.0, "", "value in highest-mountain communes", ge=0)

    def as_list(self) -> list[float]:
        return [self.lowland, self.mountain, self.high_mountain]


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


class ProvinceParams(Section):
    name: str = P("", "", "province name shown in reports")
    communes_csv: str = P("", "path", "communes table (CSV), relative to the scenario file")
    roster_csv: str = P("", "path", "officials roster (CSV); empty = generate from norms")
    distances_csv: str = P(
        "", "path", "road distances (CSV from_id,to_id,km); empty = great-circle x road factor")
    provinces: list[str] = P(
        [], "province codes", "keep only these province_code values (empty = all rows)")
    start_year: int = P(2025, "year", "calendar year of simulation month 0", ge=2025, le=2100)
    start_month: int = P(7, "month", "calendar month of simulation month 0 (1-12)", ge=1, le=12)
    road_factor: ByZone = by_zone(
        1.3, 1.6, 1.9, "road km per great-circle km",
        "detour of roads over straight lines by zone of the trip's ends (assumption; "
        "mountain roads wind)")


class SpecialtyParams(Section):
    """Workload of one specialty, in WISN terms."""

    dossiers_per_1000: float = P(
        0.0, "dossiers / 1,000 residents / month",
        "mean arrival rate of administrative-procedure dossiers", ge=0)
    minutes_per_dossier: float = P(
        30.0, "minutes", "WISN activity standard: handling time of one paper dossier", gt=0)
    deadline_days: float = P(
        5.0, "working days", "legal deadline for a dossier of this specialty", gt=0)
    base_hours: float = P(
        0.0, "hours / commune / month",
        "non-dossier tasks every commune must do (reports, budget, inspections)", ge=0)
    field_share: float = P(
        0.0, "share", "share of handling time spent travelling in the field", ge=0, le=1)
    fixed_fte: float = P(0.0, "FTE", "fixed requirement independent of workload", ge=0)
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


class WorkloadParams(Section):
    working_days_per_year: float = P(260, "days", "weekdays in a year", gt=0, le=366)
    public_holidays: float = P(11, "days / year", "public holidays (Labour Code 2019)", ge=0)
    annual_leave_days: float = P(12, "days / year", "annual leave (Labour Code 2019)", ge=0)
    sick_days: float = P(4, "days / year", "sickness absence (assumption)", ge=0)
    training_days: float = P(5, "days / year", "training absence (assumption)", ge=0)
    hours_per_day: float = P(8, "hours", "working hours per day", gt=0, le=24)
    category_allowance_share: float = P(
        0.25, "share of working time",
        "support work all officials do (meetings, reports, Party and mass-organisation duties); "
        "WISN CAF = 1/(1-share) (assumption)", ge=0, lt=1)
    intensity: float = P(
        1.0, "multiplier", "scales all workload (uncertainty: growth of devolved tasks)", gt=0)
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
        "extra hours officials work when work piles up (Labour Code 2019 caps overtime at 40 h "
        "a month, about 26%) (assumption)", ge=0, le=0.5)
    cross_cover_productivity: float = P(
        0.5, "share", "productivity of an official covering another specialty (assumption)",
        ge=0, le=1)
    specialties: SpecialtiesParams = Field(default_factory=SpecialtiesParams)


class StaffingParams(Section):
    """Quota norm of Công văn 09/CV-BCĐ (30/5/2025)."""

    base_positions: int = P(32, "positions", "positions per commune before top-up", ge=0)
    topup_threshold: int = P(16000, "residents", "population above which the top-up applies",
                             ge=0)
    topup_per_residents_mountain: float = P(
        1000, "residents per position", "top-up step in mountain/high-mountain communes", gt=0)
    topup_per_residents_other: float = P(
        2000, "residents per position", "top-up step elsewhere", gt=0)
    cap_xa: int = P(50, "positions", "quota cap per xã", ge=1)
    cap_phuong: int = P(70, "positions", "quota cap per phường", ge=1)
    cap_dac_khu: int = P(70, "positions", "quota cap per đặc khu", ge=1)


class RosterParams(Section):
    """The seeded roster generator, used when the scenario gives no roster CSV."""

    target_total: int = P(
        0, "officials", "scale lowland staffing so the province totals this (0 = no scaling)",
        ge=0)
    staffing_factor: ByZone = by_zone(
        1.0, 0.9, 0.8, "in-post / quota",
        "staffing level by zone: mountain communes under-staffed (domain.md) (assumption)")
    ward_surplus_per_merged_unit: float = P(
        0.06, "share of quota",
        "extra staff in a phường per old unit merged into it beyond the first (assumption: "
        "merged wards kept their officials)", ge=0, le=1)
    default_merged_units: float = P(
        3.2, "units", "merged old units when the table has none (national mean, domain.md)", ge=1)
    missing_specialist_probability: ShareByZone = by_zone(
        0.02, 0.15, 0.3, "probability",
        "chance a commune has nobody for a hard-to-fill specialty (land, construction, "
        "finance, IT) (assumption)")
    hard_to_fill: list[str] = P(
        ["land", "construction", "finance", "it"], "specialties",
        "specialties that mountain communes fail to fill (domain.md priority fields)")
    female_share: float = P(0.4, "share", "share of women among officials (assumption)",
                            ge=0, le=1)
    mean_age: float = P(41, "years", "mean age of officials (assumption)", ge=18, le=65)
    sd_age: float = P(9, "years", "standard deviation of age (assumption)", ge=0, le=30)
    protected_share: float = P(
        0.02, "share", "officials flagged protected for personal reasons (assumption)",
        ge=0, le=1)


class DynamicsParams(Section):
    attrition_annual: float = P(
        0.03, "share / year", "voluntary exit rate at balanced workload (assumption)",
        ge=0, le=1)
    overload_elasticity: float = P(
        1.0, "multiplier per unit overload",
        "attrition hazard x (1 + e x max(0, required/in-post - 1)) (assumption)", ge=0)
    max_attrition_multiplier: float = P(4.0, "multiplier", "cap on that multiplier", ge=1)
    retirement: bool = P(True, "", "retire officials at the statutory age")
    retirement_age_men_2020: float = P(
        60.0, "years", "men's statutory age in 2020 (Labour Code 2019, Decree 135/2020)",
        ge=40, le=80)
    retirement_step_men: float = P(0.25, "years / year", "annual increase for men", ge=0)
    retirement_age_men_max: float = P(62.0, "years", "men's final statutory age", ge=40, le=80)
    retirement_age_women_2020: float = P(55.0, "years", "women's statutory age in 2020",
                                         ge=40, le=80)
    retirement_step_women: float = P(1 / 3, "years / year", "annual increase for women", ge=0)
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


class SimulationParams(Section):
    months: int = P(60, "months", "simulation horizon", ge=1, le=600)
    replications: int = P(1, "runs", "seeded replications", ge=1, le=10000)
    seed: int = P(20250701, "", "root seed; replication i uses SeedSequence(seed).spawn(n)[i]",
                  ge=0)
    workers: int = P(1, "processes", "processes for replications (results do not depend on it)",
                     ge=1, le=256)


class OutputParams(Section):
    folder: str = P("runs", "path", "parent folder of result folders, relative to the cwd")
    figures: bool = P(True, "", "draw figures")


class Params(Section):
    """A whole scenario."""

    province: ProvinceParams = Field(default_factory=ProvinceParams)
    workload: WorkloadParams = Field(default_factory=WorkloadParams)
    staffing: StaffingParams = Field(default_factory=StaffingParams)
    roster: RosterParams = Field(default_factory=RosterParams)
    dynamics: DynamicsParams = Field(default_factory=DynamicsParams)
    simulation: SimulationParams = Field(default_factory=SimulationParams)
    output: OutputParams = Field(default_factory=OutputParams)


ZoneName = Literal["lowland", "mountain", "high_mountain"]
