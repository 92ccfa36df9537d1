"""EU Covenant of Mayors signatories 2008–2018 (JRC, CC BY 4.0: European Commission Joint Research Centre)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass

from proxenia.interop.reference.files import data_path

LICENCE = "CC BY 4.0; European Commission Joint Research Centre, GCoM MyCovenant 5th release (2024)"
COMMITMENTS = {
    "commitment_CoM2020_flag": "CoM 2020",
    "commitment_CoM2030_flag": "CoM 2030",
    "commitment_CoM2050_flag": "CoM 2050",
    "commitment_mayoradapt_flag": "Mayors Adapt",
}


@dataclass(frozen=True)
class Signatory:
    row: int
    organisation_id: str
    name: str
    country_code: str
    population: int | None
    latitude: float | None
    longitude: float | None
    date_of_adhesion: str
    commitments: tuple[str, ...]
    coordinator: str | None
    adhesion_type: str | None
    status: str | None
    gcom_id: str | None
    is_group: bool


def signatories() -> Iterator[Signatory]:
    path = data_path("covenant_of_mayors", "com_signatories_2008_2018.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle), start=2):
            adhesion = (row.get("adhesion_type") or "").strip() or None
            yield Signatory(
                row=index,
                organisation_id=row["organisation_id"].strip(),
                name=row["organisation_name"].strip(),
                country_code=row["country_code"].strip().upper(),
                population=_int(row.get("population_adhesion")),
                latitude=_float(row.get("organisation_latitude")),
                longitude=_float(row.get("organisation_longitude")),
                date_of_adhesion=row["date_of_adhesion"].strip(),
                commitments=tuple(label for col, label in COMMITMENTS.items() if row.get(col) == "True"),
                coordinator=(row.get("coordinator_name") or "").strip() or None,
                adhesion_type=adhesion,
                status=(row.get("signatory_status") or "").strip() or None,
                gcom_id=(row.get("gcom_id") or "").strip() or None,
                is_group=bool(adhesion and "group" in adhesion.lower()) and "," in row["organisation_name"],
            )


def _int(text: str | None) -> int | None:
    try:
        return int(float(text)) if text else None
    except ValueError:
        return None


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None
