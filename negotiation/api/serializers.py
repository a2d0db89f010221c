from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from negotiation import rules, selectors
from negotiation.choices import NegotiationStage, QuestionKind, TaskStatus
from negotiation.models import InvestorQuestion, NegotiationCase, ProgressDispatch, TeamTask
from negotiation.services import NEW_PROJECT_FIELDS
from yingkou.api.liaisons import AnsweringLiaisonField, LiaisonLeftField
from yingkou.models import Project


class NegotiationCaseSerializer(serializers.ModelSerializer):
    """SPEC §8 `negotiations/`: the applied N-2 `rule` (1–7) and `tier` (A/B/C) and the team."""

    rule = serializers.SerializerMethodField()
    tier = serializers.SerializerMethodField()
    lead_leader = serializers.IntegerField(
        source="team.lead_leader_id", read_only=True, allow_null=True
    )
    lead_unit = serializers.IntegerField(source="team.lead_unit_id", read_only=True)
    cooperating_units = serializers.SerializerMethodField()
    main_negotiating_unit = serializers.IntegerField(
        source="team.main_negotiating_unit_id", read_only=True
    )
    liaison = AnsweringLiaisonField(
        "service_liaison", help_text=_("服务联络员；已离开单位或已停用的为空（N-5）")
    )
    liaison_left = LiaisonLeftField(
        "service_liaison",
        help_text=_("服务联络员已离开单位或已停用；洽谈未签约、未终止的须指定新人选（N-1、N-5）"),
    )
    project_name = serializers.CharField(source="project.name", read_only=True)
    total_investment = serializers.DecimalField(
        source="project.total_investment", max_digits=14, decimal_places=2, read_only=True
    )

    class Meta:
        model = NegotiationCase
        fields = [
            "id",
            "project",
            "project_name",
            "negotiating_unit",
            "landing_unit",
            "stage",
            "rule",
            "tier",
            "total_investment",
            "lead_leader",
            "lead_unit",
            "cooperating_units",
            "main_negotiating_unit",
            "liaison",
            "liaison_left",
            "investor",
            "summary",
            "opened_on",
            "stage_changed_on",
            "signed_on",
            "ended_on",
            "end_reason",
            "lead_unfit",
            "rule_note",
            "version",
        ]
        read_only_fields = fields

    def get_rule(self, obj) -> int | None:
        return selectors.case_rule(obj)[0]

    def get_tier(self, obj) -> str:
        return selectors.case_rule(obj)[1]

    def get_cooperating_units(self, obj) -> list[int]:
        return [unit.pk for unit in obj.team.cooperating_units.all()]


class NewProjectSerializer(serializers.ModelSerializer):
    """A new lead's project, created with its case (N-1); the model's checks apply."""

    class Meta:
        model = Project
        fields = list(NEW_PROJECT_FIELDS)


class CaseOpenSerializer(serializers.Serializer):
    project = serializers.IntegerField(
        required=False, help_text="An existing project; or give new_project instead."
    )
    new_project = NewProjectSerializer(required=False)
    negotiating_unit = serializers.IntegerField()
    landing_unit = serializers.IntegerField(required=False, allow_null=True)
    opened_on = serializers.DateField(required=False)
    investor = serializers.CharField(required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if ("project" in attrs) == ("new_project" in attrs):
            raise serializers.ValidationError(
                _("请给出项目库中的项目（project）或新项目（new_project），二者选一。")
            )
        return attrs


class CaseMoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=[s for s in NegotiationStage.choices if s[0] != NegotiationStage.CONTACT]
    )
    on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TeamSerializer(serializers.Serializer):
    lead_leader = serializers.IntegerField(allow_null=True)
    cooperating_units = serializers.ListField(child=serializers.IntegerField(), default=list)
    main_negotiating_unit = serializers.IntegerField(required=False, allow_null=True)
    service_liaison = serializers.IntegerField(allow_null=True)
    project_liaison = serializers.IntegerField(required=False, allow_null=True)
    members = serializers.ListField(child=serializers.IntegerField(), default=list)
    version = serializers.IntegerField(
        help_text=_("读取洽谈项目时的版本号，版本不符（他人已修改）返回 409"),
        error_messages={"required": _("修改服务团队时必须提供版本号。")},
    )


class TaskSerializer(serializers.ModelSerializer):
    result = serializers.CharField(source="outcome", read_only=True)

    class Meta:
        model = TeamTask
        fields = [
            "id",
            "case",
            "title",
            "detail",
            "owner_unit",
            "due_on",
            "status",
            "done_on",
            "result",
            "assigned_on",
            "version",
        ]
        read_only_fields = [
            "id",
            "case",
            "status",
            "done_on",
            "result",
            "assigned_on",
            "version",
        ]


class TaskUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    result = serializers.CharField(source="outcome", required=False, allow_blank=True, default="")
    done_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(
        source="expected_version",
        help_text=_("读取任务时的版本号，版本不符（他人已更新）返回 409"),
        error_messages={"required": _("更新任务时必须提供版本号。")},
    )


class InvestorQuestionSerializer(serializers.ModelSerializer):
    """SPEC §8 `negotiations/questions/`, with `due_on` fixed by N-4."""

    negotiation = serializers.PrimaryKeyRelatedField(source="case", read_only=True)
    project_name = serializers.CharField(source="case.project.name", read_only=True)
    answer = serializers.CharField(source="outcome", read_only=True)
    delivered_on = serializers.DateField(source="done_on", read_only=True)
    late = serializers.SerializerMethodField()
    days_overdue = serializers.SerializerMethodField()

    class Meta:
        model = InvestorQuestion
        fields = [
            "id",
            "negotiation",
            "project_name",
            "kind",
            "question",
            "owner_unit",
            "superior_body",
            "asked_on",
            "due_on",
            "reported_on",
            "answer",
            "answered_on",
            "delivered_on",
            "late",
            "escalated_on",
            "escalated_to",
            "escalated_leader",
            "days_overdue",
            "version",
        ]
        read_only_fields = fields

    def get_late(self, obj) -> bool:
        return rules.question_is_late(obj, timezone.localdate())

    def get_days_overdue(self, obj) -> int:
        return rules.question_days_overdue(obj, timezone.localdate())


class QuestionRaiseSerializer(serializers.Serializer):
    negotiation = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    question = serializers.CharField()
    owner_unit = serializers.IntegerField()
    asked_on = serializers.DateField()
    due_on = serializers.DateField(required=False, allow_null=True)
    superior_body = serializers.CharField(required=False, allow_blank=True, default="")


class QuestionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(source="outcome")
    answered_on = serializers.DateField()
    delivered_on = serializers.DateField(source="done_on", required=False, allow_null=True)
    version = serializers.IntegerField(
        source="expected_version",
        help_text=_("读取问题时的版本号，版本不符（他人已修改答复）返回 409"),
        error_messages={"required": _("答复问题时必须提供版本号。")},
    )


class ProgressDispatchSerializer(serializers.ModelSerializer):
    """N-6: the investment bureau's dispatch (调度) of one month's progress reports."""

    dispatched_by_name = serializers.CharField(source="dispatched_by", read_only=True)

    class Meta:
        model = ProgressDispatch
        fields = [
            "id",
            "period",
            "remarks",
            "dispatched_by",
            "dispatched_by_name",
            "dispatched_on",
            "version",
        ]
        read_only_fields = fields


class DispatchRecordSerializer(serializers.Serializer):
    """N-6: the month to dispatch (the running month or a closed one) and what is asked."""

    period = serializers.CharField(
        max_length=7, help_text=_("月份，如 2026-10：本月或已结束的月份（不早于2017-08）")
    )
    remarks = serializers.CharField(max_length=5000, help_text=_("调度意见"))
    version = serializers.IntegerField(
        min_value=0,
        source="expected_version",
        help_text=_("读取该月调度时的版本号（尚未调度为 0），版本不符（他人已调度或修改）返回 409"),
        error_messages={"required": _("记录调度时必须提供版本号（尚未调度为 0）。")},
    )


class DispatchRecordedSerializer(ProgressDispatchSerializer):
    """The dispatch recorded, and how many lead units behind on its month were told."""

    lead_units_told = serializers.IntegerField(
        read_only=True, help_text=_("已通知的尚未上报该月推进情况的牵头单位数")
    )

    class Meta(ProgressDispatchSerializer.Meta):
        fields = [*ProgressDispatchSerializer.Meta.fields, "lead_units_told"]
        read_only_fields = fields
