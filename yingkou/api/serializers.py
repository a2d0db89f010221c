from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from yingkou.models import Leader, Project, ProjectChangeRequest, Unit
from yingkou.models.projects import validate_project_code
from yingkou.rules import project_code_warnings_rule

from .reading import BuiltFieldsMixin, PlainReadsMixin


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "code", "kind", "parent", "level", "enforcement_system"]


class LeaderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Leader
        fields = [
            "id",
            "name",
            "title",
            "rank",
            "unit",
            "is_retired",
            "portfolio_units",
            "portfolio_industries",
        ]


class ProjectSerializer(BuiltFieldsMixin, PlainReadsMixin, serializers.ModelSerializer):
    sector = serializers.CharField(read_only=True)
    is_real_estate = serializers.BooleanField(read_only=True)
    industry_name = serializers.CharField(read_only=True)
    code_warnings = serializers.SerializerMethodField(
        help_text=_("项目代码的提醒（校验位、赋码年月），不影响保存")
    )
    version = serializers.IntegerField(
        required=False,
        help_text=_("修改时必须带上读取时的版本号，版本不符（他人已修改）返回 409"),
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "code",
            "code_warnings",
            "owner_unit",
            "landing_unit",
            "industry",
            "industry_name",
            "sector",
            "is_real_estate",
            "capital_origin",
            "capacity_kind",
            "size_class",
            "total_investment",
            "investor",
            "investor_intent_clear",
            "construction_content",
            "start_year",
            "end_year",
            "stage",
            "contact_name",
            "contact_phone",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["owner_unit", "created_at", "updated_at"]
        # Uniqueness is checked by full_clean() in the service; the format here too, to report it
        # together with the other field errors.
        extra_kwargs = {"code": {"validators": [validate_project_code]}}

    def get_code_warnings(self, project) -> list[str]:
        return project_code_warnings_rule(project.code, today=self._today)

    @cached_property
    def _today(self):
        # Once per serializer, not per row of a page.
        return timezone.localdate()

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [_("修改项目时必须提供版本号。")]})
        return attrs


class ChangeRequestSerializer(serializers.ModelSerializer):
    """A change request (变更申请) of a project's rule fields; `proposed` and `approved_values`
    map model attribute names (`total_investment`, `landing_unit_id`…) to values."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = ProjectChangeRequest
        fields = [
            "id",
            "project",
            "status",
            "status_label",
            "level",
            "level_label",
            "proposed",
            "approved_values",
            "reason",
            "requested_by",
            "requested_at",
            "unit_reviewer",
            "reviewed_by",
            "reviewed_at",
            "comment",
        ]
        read_only_fields = fields


class ChangeRequestDecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
