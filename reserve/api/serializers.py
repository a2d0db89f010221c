from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Entry, Pool, Step, WeeklyUpdate


class HealthSerializer(serializers.Serializer):
    """R-4 figures of a pool (amounts in 万元 as decimal strings, shares as fractions)."""

    project_count = serializers.IntegerField()
    total_investment = serializers.CharField()
    plan_investment = serializers.CharField(allow_null=True)
    plan_ratio = serializers.CharField(allow_null=True)
    plan_met = serializers.BooleanField()
    non_real_estate_investment = serializers.CharField()
    non_real_estate_share = serializers.CharField(allow_null=True)
    non_real_estate_met = serializers.BooleanField()
    large_investment = serializers.CharField()
    large_share = serializers.CharField(allow_null=True)
    large_met = serializers.BooleanField()
    all_met = serializers.BooleanField()


class PoolSerializer(serializers.ModelSerializer):
    health = serializers.SerializerMethodField()

    class Meta:
        model = Pool
        fields = [
            "id",
            "name",
            "unit",
            "level",
            "plan_period",
            "plan_investment",
            "responsible",
            "health",
        ]
        read_only_fields = ["name", "unit", "level", "responsible"]

    def get_health(self, pool) -> dict:
        health = getattr(pool, "health", None)
        return HealthSerializer(health.as_dict() if health else None).data


class StepSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = Step
        fields = ["action", "level", "actor", "at", "comment"]


class EntrySerializer(serializers.ModelSerializer):
    steps = StepSerializer(many=True, read_only=True)
    submit = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text=_("申报后立即提交审核")
    )

    class Meta:
        model = Entry
        fields = [
            "id",
            "project",
            "pool",
            "level",
            "status",
            "comment",
            "is_published",
            "declared_by",
            "created_at",
            "updated_at",
            "handed_over_at",
            "steps",
            "submit",
        ]
        read_only_fields = [
            "pool",
            "level",
            "status",
            "comment",
            "is_published",
            "declared_by",
            "created_at",
            "updated_at",
            "handed_over_at",
        ]


class StepRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PublishRequestSerializer(serializers.Serializer):
    published = serializers.BooleanField(default=True)


class HandoverSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    assistance_case = serializers.IntegerField()
    tier = serializers.CharField()


class WeeklyUpdateRequestSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class WeeklyUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = WeeklyUpdate
        fields = ["id", "pool", "week", "week_friday", "confirmed_by", "confirmed_at", "note"]
