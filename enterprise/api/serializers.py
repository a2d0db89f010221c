"""API representations (SPEC §8 field names kept; more fields added)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from yingkou.models import Leader, Project, Unit

from .. import permissions
from ..models import (
    AssessmentResult,
    Complaint,
    ComplaintTransfer,
    Enterprise,
    Inspection,
    PolicyPromise,
    Problem,
    ProblemAction,
    ProblemHandover,
    Visit,
)
from ..selectors import chain_unit_ids


class VisibleEnterpriseField(serializers.PrimaryKeyRelatedField):
    """An enterprise the caller may see; anything else is an unknown id (400)."""

    def get_queryset(self):
        return Enterprise.objects.visible_to(self.context["request"].user)


class VisibleVisitField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Visit.objects.visible_to(self.context["request"].user)


class EnterpriseSerializer(serializers.ModelSerializer):
    last_visit = serializers.DateField(read_only=True, allow_null=True)
    open_problems = serializers.IntegerField(read_only=True, allow_null=True)
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False
    )
    responsible_leader = serializers.PrimaryKeyRelatedField(
        queryset=Leader.objects.all(), required=False, allow_null=True
    )
    leader_in_charge = serializers.PrimaryKeyRelatedField(
        queryset=Leader.objects.all(), required=False, allow_null=True
    )
    version = serializers.IntegerField(
        required=False,
        help_text=_("修改时必须带上读取时的版本号，版本不符（他人已修改）返回 409"),
    )

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "credit_code",
            "project",
            "area",
            "introducing_unit",
            "responsible_unit",
            "counterpart_unit",
            "industry",
            "total_investment",
            "tier",
            "responsible_leader",
            "leader_in_charge",
            "team",
            "is_key",
            "status",
            "address",
            "contact_name",
            "contact_phone",
            "registered_on",
            "last_visit",
            "open_problems",
            "version",
        ]
        read_only_fields = ["project", "counterpart_unit", "tier", "team", "registered_on"]
        extra_kwargs = {"credit_code": {"validators": []}}

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [_("修改企业信息时必须提供版本号。")]})
        return attrs


class FromProjectSerializer(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The OpenAPI schema is built from the class alone, with no request to narrow by.
        request = self.context.get("request")
        if request is not None:
            self.fields["project"].queryset = Project.objects.visible_to(request.user)


class VisitSerializer(serializers.ModelSerializer):
    enterprise = VisibleEnterpriseField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "enterprise",
            "visited_on",
            "kind",
            "visiting_unit",
            "leader",
            "visitors",
            "topics",
            "problems_raised",
            "recorded_by",
        ]
        read_only_fields = ["visiting_unit", "recorded_by"]


class TransferSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintTransfer
        fields = ["from_unit", "to_unit", "transferred_on", "note"]


class ComplaintSerializer(serializers.ModelSerializer):
    """The complainant's name, phone and address only for those handling the complaint (E-4)."""

    transfers = TransferSerializer(many=True, read_only=True)
    is_overdue = serializers.SerializerMethodField()
    enterprise = VisibleEnterpriseField(required=False, allow_null=True)
    # The contract's names (SPEC § API); the model's fields are those of every deadline item.
    reply_due = serializers.DateField(source="due_on", read_only=True)
    replied_on = serializers.DateField(source="done_on", read_only=True, allow_null=True)
    reply = serializers.CharField(source="outcome", read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "tracking_number",
            "channel",
            "enterprise",
            "complainant_organisation",
            "complainant_name",
            "complainant_phone",
            "complainant_address",
            "accused_party",
            "incident_place",
            "subject",
            "content",
            "received_on",
            "statutory_days",
            "reply_due",
            "replied_on",
            "reopened_on",
            "status",
            "is_overdue",
            "receiving_unit",
            "handling_unit",
            "reply",
            "transfers",
        ]
        read_only_fields = [
            "tracking_number",
            "reply_due",
            "replied_on",
            "reopened_on",
            "status",
            "receiving_unit",
            "handling_unit",
            "reply",
        ]

    def get_is_overdue(self, complaint) -> bool:
        return complaint.is_overdue()

    def to_representation(self, complaint):
        data = super().to_representation(complaint)
        user = self.context["request"].user
        if not permissions.handles_complaint(user, complaint, chain_unit_ids(complaint)):
            for name in Complaint.PERSONAL_FIELDS:
                data.pop(name, None)
        return data


class ComplaintTransferInput(serializers.Serializer):
    to_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ComplaintReplyInput(serializers.Serializer):
    reply = serializers.CharField(source="outcome")
    replied_on = serializers.DateField(source="done_on", required=False)


class StatutoryDaysInput(serializers.Serializer):
    statutory_days = serializers.IntegerField(min_value=1, max_value=365, allow_null=True)


class InspectionSerializer(serializers.ModelSerializer):
    approved = serializers.BooleanField(read_only=True)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    unfit = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "未实施的检查计划按执法机关、批准机关和企业现在的信息已不符合 E-5（不在辖区、"
            "同一系统上级机关12个月内已检查、原批准机关已非本级政府、联合检查并入了不同本级政府的"
            "检查计划等），实时判定；计划不会自动撤销，由执法机关与本级政府核实后决定"
        ),
    )
    unfit_reasons = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("不符合 E-5 的具体原因（符合时为空）"),
    )

    class Meta:
        model = Inspection
        fields = [
            "id",
            "enterprise",
            "agency",
            "planned_on",
            "purpose",
            "status",
            "approved",
            "approved_by_unit",
            "approved_on",
            "joint_with",
            "carried_out_on",
            "findings",
            "withdrawn_on",
            "withdrawal_reason",
            "unfit",
            "unfit_reasons",
        ]
        read_only_fields = [
            "agency",
            "status",
            "approved_by_unit",
            "approved_on",
            "joint_with",
            "carried_out_on",
            "findings",
            "withdrawn_on",
            "withdrawal_reason",
        ]


class InspectionMergeInput(serializers.Serializer):
    inspections = serializers.PrimaryKeyRelatedField(queryset=Inspection.objects.all(), many=True)
    lead = serializers.PrimaryKeyRelatedField(queryset=Inspection.objects.all())


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, default="", help_text=_("撤回理由（必填，E-5）")
    )


class RedateInput(serializers.Serializer):
    planned_on = serializers.DateField(help_text=_("新的计划检查日期（E-5）"))


class CarryOutInput(serializers.Serializer):
    findings = serializers.CharField(allow_blank=True, default="")
    carried_out_on = serializers.DateField(required=False)


class ProblemHandoverSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProblemHandover
        fields = ["from_unit", "to_unit", "reason", "handed_on"]


class ActionSerializer(serializers.ModelSerializer):
    result = serializers.CharField(source="outcome", read_only=True)  # the published name

    class Meta:
        model = ProblemAction
        fields = ["id", "unit", "task", "due_on", "done_on", "result"]


class ProblemSerializer(serializers.ModelSerializer):
    enterprise = VisibleEnterpriseField()
    visit = VisibleVisitField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False)
    handovers = ProblemHandoverSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    # Published as `solution` and `solved_on`; the model's fields are `outcome` and `done_on`
    # like every deadline item's.
    solution = serializers.CharField(source="outcome", read_only=True)
    solved_on = serializers.DateField(source="done_on", read_only=True, allow_null=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "enterprise",
            "visit",
            "category",
            "description",
            "raised_on",
            "first_unit",
            "owner_unit",
            "due_on",
            "status",
            "materials",
            "materials_notified_on",
            "solved_on",
            "solution",
            "handovers",
            "actions",
        ]
        read_only_fields = [
            "first_unit",
            "owner_unit",
            "status",
            "materials",
            "materials_notified_on",
            "solved_on",
            "solution",
        ]


class HandOnInput(serializers.Serializer):
    to_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    reason = serializers.CharField(allow_blank=True)


class MaterialsInput(serializers.Serializer):
    materials = serializers.CharField(allow_blank=True)


class ActionInput(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    task = serializers.CharField()
    due_on = serializers.DateField()


class ActionDoneInput(serializers.Serializer):
    action = serializers.IntegerField()
    result = serializers.CharField(allow_blank=True, source="outcome")


class SolveInput(serializers.Serializer):
    # The API keeps its published names; the model's fields are those of every deadline item.
    solution = serializers.CharField(allow_blank=True, source="outcome")
    solved_on = serializers.DateField(required=False, source="done_on")


class PromiseSerializer(serializers.ModelSerializer):
    enterprise = VisibleEnterpriseField()
    principal_leader = serializers.PrimaryKeyRelatedField(
        queryset=Leader.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "惠企政策落实“一把手”责任人：责任部门的在任主要领导；不填则按责任部门唯一的在任主要领导"
            "自动确定，有多位时须指定（E-6）；为空表示待指定"
        ),
    )
    principal_leader_name = serializers.StringRelatedField(
        source="principal_leader", read_only=True, allow_null=True
    )

    class Meta:
        model = PolicyPromise
        fields = [
            "id",
            "enterprise",
            "kind",
            "source",
            "content",
            "promised_on",
            "responsible_unit",
            "principal_leader",
            "principal_leader_name",
            "due_on",
            "status",
            "honoured_on",
            "evidence",
            "compensation",
            "compensation_amount",
            "version",
        ]
        read_only_fields = [
            "version",
            "status",
            "honoured_on",
            "evidence",
            "compensation",
            "compensation_amount",
        ]


class PromisePrincipalInput(serializers.Serializer):
    principal_leader = serializers.PrimaryKeyRelatedField(queryset=Leader.objects.all())
    version = serializers.IntegerField(
        help_text=_("读取时的版本号，版本不符（他人已修改）返回 409"),
        error_messages={"required": _("指定“一把手”责任人时必须提供版本号。")},
    )


class PromiseCloseInput(serializers.Serializer):
    status = serializers.CharField()
    version = serializers.IntegerField(
        help_text=_("读取时的版本号，版本不符（他人已修改）返回 409"),
        error_messages={"required": _("办结承诺时必须提供版本号。")},
    )
    honoured_on = serializers.DateField(required=False, allow_null=True)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    compensation = serializers.CharField(required=False, allow_blank=True, default="")
    compensation_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )


class AccountablePrincipalSerializer(serializers.Serializer):
    """E-7: a principal leader (一把手, E-6) who answers for a criticised unit's overdue policy
    promises, as he was at the period's end."""

    leader = serializers.IntegerField(
        allow_null=True, help_text=_("领导编号；为空表示这些承诺的“一把手”待指定")
    )
    name = serializers.CharField(help_text=_("考核期末的姓名"))
    title = serializers.CharField(help_text=_("考核期末的职务"))
    unit = serializers.IntegerField(help_text=_("承诺的责任部门"))
    unit_name = serializers.CharField()
    promises = serializers.IntegerField(help_text=_("截至考核期末逾期未兑现的承诺件数"))


class AssessmentResultSerializer(serializers.ModelSerializer):
    verdict_display = serializers.CharField(source="get_verdict_display", read_only=True)
    accountable_principals = AccountablePrincipalSerializer(
        many=True,
        read_only=True,
        allow_null=True,
        help_text=_(
            "被通报批评的地区、部门（含所属单位）截至考核期末逾期未兑现的政策承诺的“一把手”"
            "（负有责任的相关领导）；其他结论为空列表；为 null 表示该期归档时尚未记录"
        ),
    )
    accountability_measures = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("问责情况（被通报批评的地区、部门）")
    )
    accountability_decided_on = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("问责日期")
    )

    class Meta:
        model = AssessmentResult
        fields = [
            "id",
            "period",
            "unit",
            "unit_name",
            "unit_code",
            "market_growth",
            "satisfaction",
            "satisfaction_gain",
            "investment_growth",
            "targets_rate",
            "complaints_due",
            "complaints_on_time",
            "complaints_accepted",
            "score",
            "verdict",
            "verdict_display",
            "accountable_principals",
            "accountability_measures",
            "accountability_decided_on",
            "created_at",
        ]
        read_only_fields = fields
