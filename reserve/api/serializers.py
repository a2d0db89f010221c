from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from yingkou.models import Project

from ..models import Entry, Pool, Step, WeeklyUpdate


class HealthSerializer(serializers.Serializer):
    """R-4 figures of a pool (amounts in 万元 as decimal strings, shares as fractions)."""

    project_count = serializers.IntegerField()
    total_investment = serializers.CharField()
    plan_investment = serializers.CharField(allow_null=True)
    plan_ratio = serializers.CharField(allow_null=True)
    plan_set = serializers.BooleanField(
        help_text=_("是否已设定规划投资总额；未设定时规划2倍一项无法判断，plan_met 为 false")
    )
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
            "version",
        ]
        read_only_fields = ["name", "unit", "level", "responsible"]
        extra_kwargs = {
            "version": {
                "required": False,
                "read_only": False,
                "help_text": _(
                    "修改时必须带上读取时的版本号；此后他人改过规划返回 409（仅指定更新专人不算）"
                ),
            }
        }

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [_("修改规划时必须提供版本号。")]})
        return attrs

    def get_health(self, pool) -> dict:
        health = getattr(pool, "health", None)
        return HealthSerializer(health.as_dict() if health else None).data


class StepSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = Step
        fields = ["action", "level", "actor", "at", "comment"]


class RemitProjectField(serializers.PrimaryKeyRelatedField):
    """A project the caller can see; any other id is 404, as for every record outside the
    caller's remit, so the answer never tells whether another unit's project exists or has
    been declared."""

    def get_queryset(self):
        return Project.objects.visible_to(self.context["request"].user)

    def fail(self, key, **kwargs):
        if key == "does_not_exist":
            raise NotFound()
        super().fail(key, **kwargs)


class EntrySerializer(serializers.ModelSerializer):
    steps = StepSerializer(many=True, read_only=True)
    project = RemitProjectField(help_text=_("本单位的项目；不在本人可见范围内的项目返回 404"))
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
        # One open declaration per project is the service's rule: a duplicate is a 400 with
        # its Chinese message there, after the remit check, never the generic "unique set".
        validators = []


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
