"""A team's liaison as the API gives it (N-5, A-6, `yingkou.rules.still_answers`): named while
he still answers for the team; one who left its units or was deactivated is null, and a flag
says a new one must be named, as the pages say 已离开，请指定新人选."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yingkou.models import Team


class PageLiaisonsMixin:
    """For a list viewset whose rows have a `team`: once the page's rows are known, the teams
    whose liaisons (`liaison_fields`) still answer are read in one query (`Team.answering_ids`)
    and handed to the serializer as `answering`, so a page costs one query more whatever its
    length. Any other action reads the team's own properties."""

    liaison_fields: tuple[str, ...] = ("service_liaison",)

    def paginate_queryset(self, queryset):
        rows = super().paginate_queryset(queryset)
        if rows is not None:
            self.answering = Team.answering_ids([row.team_id for row in rows], *self.liaison_fields)
        return rows

    def get_serializer_context(self):
        context = super().get_serializer_context()
        answering = getattr(self, "answering", None)
        if answering is not None:
            context["answering"] = answering
        return context


def _answers(field: serializers.Field, team, person: str) -> bool:
    answering = field.context.get("answering")
    if answering is not None:
        return team.pk in answering[person]
    return getattr(team, f"current_{person}") is not None


@extend_schema_field(OpenApiTypes.INT)
class AnsweringLiaisonField(serializers.Field):
    """The id of the team's `person` ("service_liaison", "project_liaison") while he still
    answers, else null."""

    def __init__(self, person: str, **kwargs):
        self.person = person
        super().__init__(source="team", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, team) -> int | None:
        person_id = getattr(team, f"{self.person}_id")
        if person_id is None or not _answers(self, team, self.person):
            return None
        return person_id


@extend_schema_field(OpenApiTypes.BOOL)
class LiaisonLeftField(serializers.Field):
    """True when the team's `person` is recorded but answers no more: a new one must be named."""

    def __init__(self, person: str, **kwargs):
        self.person = person
        super().__init__(source="team", read_only=True, **kwargs)

    def to_representation(self, team) -> bool:
        if getattr(team, f"{self.person}_id") is None:
            return False
        return not _answers(self, team, self.person)
