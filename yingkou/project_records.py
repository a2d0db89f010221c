"""What each app keeps on a project, for the project's own page: its reserve declarations, its
negotiation, its assistance case and the enterprise it became, each with a link — only what the
user may open there (each app's `visible_to`), so no link on the page ends in a 404.

The apps are listed here by path, as in `yingkou.project_changes`, so that the shared domain
does not import them and the order on the page is fixed."""

from dataclasses import dataclass

from django.utils.module_loading import import_string

#: Each app's records of a project a user may open: `(project, user) -> list[ProjectRecord]`,
#: one query each.
RECORDS = (
    "reserve.selectors.project_records",
    "negotiation.selectors.project_records",
    "assistance.selectors.project_records",
    "enterprise.selectors.project_records",
)


@dataclass(frozen=True)
class ProjectRecord:
    label: str  # the norm it belongs to, e.g. 项目储备
    title: str  # what it is now, e.g. 鲅鱼圈区储备库 · 已入库
    url: str


def project_records(project, user) -> list[ProjectRecord]:
    found: list[ProjectRecord] = []
    for path in RECORDS:
        found.extend(import_string(path)(project, user))
    return found
