"""A team's liaison as the API gives it (N-5, A-6, `yingkou.rules.still_answers`): named while
he still answers for the team; one who left its units or was deactivated is null, and a flag
says a new one must be named, as the pages say 已离开，请指定新人选."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yingkou.choices import TeamPhase
from yingkou.models import Team


class PageLiaisonsMixin:
    """For a list viewset whose rows are cases with a `team`: beyond the team's units, the
    liaison rule (`Team._answers`) reads the team's negotiation case (N-3) or its project (A-6).
    A row is that case and holds that project, so each page's teams are handed them and the
    rule reads nothing more: a page costs no query for its liaisons, whoever left. (Asked of
    the database instead, in one query over the page's teams, the rule's subqueries cost
    PostgreSQL 10-25 ms of planning a page at 100,000 projects.)"""

    def paginate_queryset(self, queryset):
        rows = super().paginate_queryset(queryset)
        for row in rows or ():
            team = row.team
            if team is None:
                continue
            Team.project.field.set_cached_value(team, row.project)
            if team.phase == TeamPhase.NEGOTIATION:
                Team.negotiation_case.related.set_cached_value(team, row)
        return rows


@extend_schema_field(OpenApiTypes.INT)
class AnsweringLiaisonField(serializers.Field):
    """The id of the team's `person` ("service_liaison", "project_liaison") while he still
    answers (the team's own `current_<person>`), else null."""

    def __init__(self, person: str, **kwargs):
        self.current = f"current_{person}"
        super().__init__(source="team", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, team) -> int | None:
        person = getattr(team, self.current)
        return None if person is None else person.pk


@extend_schema_field(OpenApiTypes.BOOL)
class LiaisonLeftField(serializers.Field):
    """True when the team's `person` is recorded but answers no more: a new one must be named
    (the team's own `liaison_left` / `project_liaison_left`)."""

    LEFT = {"service_liaison": "liaison_left", "project_liaison": "project_liaison_left"}

    def __init__(self, person: str, **kwargs):
        self.left = self.LEFT[person]
        super().__init__(source="team", read_only=True, **kwargs)

    def to_representation(self, team) -> bool:
        return getattr(team, self.left)
