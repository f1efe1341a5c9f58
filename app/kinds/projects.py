"""Projects: research projects and practice case studies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.i18n import N_
from app.kinds import Kind, Row, YearRule
from app.models import Project
from app.models.partial import partial_model
from app.models.project import ProjectCreate, ProjectFields, ProjectRead, ProjectTranslation


def _people(row: Row) -> list[str]:
    names = list(row.get("organisations") or [])
    for contributor in row.get("contributors") or []:
        names += [contributor.get("name") or "", contributor.get("organisation") or ""]
    return names


def _json_ld(row: Row, _context: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "member": [
            {
                "@type": "Person",
                "name": c["name"],
                **(
                    {"affiliation": {"@type": "Organization", "name": c["organisation"]}}
                    if c.get("organisation")
                    else {}
                ),
                **({"jobTitle": c["role"]} if c.get("role") else {}),
            }
            for c in row.get("contributors") or []
        ]
    }
    if row.get("start_year"):
        data["foundingDate"] = str(row["start_year"])
    if row.get("end_year"):
        data["dissolutionDate"] = str(row["end_year"])
    if row.get("place"):
        data["location"] = row["place"]
    if row.get("region"):
        data["areaServed"] = row["region"]
    return data


PROJECTS = Kind(
    name="projects",
    singular="project",
    label=N_("Project"),
    plural_label=N_("Projects"),
    # A Project is an Organization in schema.org's hierarchy.
    schema_type="Project",
    table=Project,
    fields=ProjectFields,
    translation=ProjectTranslation,
    create=ProjectCreate,
    update=partial_model(ProjectCreate, "ProjectUpdate"),
    read=ProjectRead,
    filters={"place": Project.column("place"), "region": Project.column("region")},
    type_column="project_type",
    years=YearRule("start_year", "end_year"),
    search_columns=frozenset(
        {"organisations", "contributors", "place", "region", "project_type", "start_year", "end_year"}
    ),
    people=_people,
    place_columns=("place", "region"),
    region_columns=("region", "place"),
    json_ld=_json_ld,
)
