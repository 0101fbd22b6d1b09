"""The specialties (job families) of a commune's officials.

Keys follow the post-2025 commune structure (Decree 150/2025): the office of HĐND & UBND, the
economic department, the culture-social department and the public service centre, split into
the job families the sources name as short (land, construction, finance-accounting, IT, civil
registration, notarisation). Planning (quy hoạch: spatial and construction planning) is
part of ``construction``: the economic department's construction and infrastructure work
(Decree 150/2025) holds it, and no source gives it a workload of its own, so a commune with
nobody in construction has nobody for planning either. Leaders are a specialty of their own:
their requirement is a fixed count (Decree 300/2025), not a workload.
"""

from __future__ import annotations

SPECIALTIES: tuple[str, ...] = (
    "leadership",
    "office",
    "justice",
    "notarisation",
    "land",
    "construction",
    "finance",
    "it",
    "agriculture",
    "culture_social",
    "service_centre",
)

LABELS: dict[str, str] = {
    "leadership": "Leadership (Chủ tịch, Phó Chủ tịch)",
    "office": "Office of HĐND & UBND",
    "justice": "Justice & civil registration",
    "notarisation": "Notarisation (chứng thực)",
    "land": "Land administration",
    "construction": "Construction & planning (quy hoạch)",
    "finance": "Finance-accounting",
    "it": "Information technology",
    "agriculture": "Agriculture-environment",
    "culture_social": "Culture-social",
    "service_centre": "Public service centre",
}

INDEX: dict[str, int] = {name: i for i, name in enumerate(SPECIALTIES)}
N_SPECIALTIES = len(SPECIALTIES)
