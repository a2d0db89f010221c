"""Forms of the enterprise pages. They collect input; the services decide the rules."""

from django import forms
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from yingkou.choice_sources import RemoteChoiceField, choice_source
from yingkou.choices import LeaderRank
from yingkou.forms import CheckedForm, CheckedModelForm, LeaderChoiceField
from yingkou.models import Leader, Unit

from . import permissions
from .choices import ComplaintChannel, PromiseStatus, VisitKind
from .models import (
    AssessmentFigures,
    Complaint,
    Enterprise,
    Inspection,
    PolicyPromise,
    Problem,
    Visit,
)
from .rules import FOLLOWS_PROJECT, promise_open_rule, serving_principals

DATE = forms.DateInput(attrs={"type": "date"})


def _units():
    return Unit.objects.filter(is_active=True).order_by("code")


class EnterpriseForm(CheckedModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "introducing_unit",
            "responsible_unit",
            "area",
            "industry",
            "total_investment",
            "responsible_leader",
            "leader_in_charge",
            "is_key",
            "status",
            "address",
            "contact_name",
            "contact_phone",
        ]
        field_classes = {
            "responsible_leader": LeaderChoiceField,
            "leader_in_charge": LeaderChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("introducing_unit", "responsible_unit", "area"):
            self.fields[name].queryset = _units()
        self.fields["responsible_unit"].required = False
        leaders = Leader.objects.select_related("unit").order_by("unit__code", "rank", "name")
        self.fields["responsible_leader"].queryset = leaders
        self.fields["leader_in_charge"].queryset = leaders.serving(LeaderRank.IN_CHARGE)
        self.fields["responsible_leader"].help_text = _("留空则按规则自动确定（E-1）")
        if self.instance.pk:
            for name in ("introducing_unit", "responsible_unit"):
                self.fields[name].disabled = True
            if self.instance.project_id is not None:
                for name in FOLLOWS_PROJECT:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("随来源项目，在项目中修改（E-1）")
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if version is None:
            raise forms.ValidationError(_("缺少版本号，请刷新页面后重新编辑。"))
        return version

    def clean_credit_code(self):
        return self.cleaned_data.get("credit_code") or None


class VisitForm(CheckedModelForm):
    class Meta:
        model = Visit
        fields = ["visited_on", "kind", "leader", "visitors", "topics", "problems_raised"]
        field_classes = {"leader": LeaderChoiceField}
        widgets = {
            "visited_on": DATE,
            "topics": forms.Textarea(attrs={"rows": 3}),
            "problems_raised": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or VisitKind.SERVICE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Leader.objects.select_related("unit")
        # An ordinary visit unless the unit says it was a matchmaking or a job fair.
        self.fields["kind"].required = False


class ProblemForm(CheckedModelForm):
    class Meta:
        model = Problem
        fields = ["category", "description", "raised_on", "due_on"]
        widgets = {
            "raised_on": DATE,
            "due_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].required = False
        self.fields["due_on"].help_text = _("留空则为提出后10个工作日（限时办结）")


class HandOnForm(CheckedForm):
    to_unit = forms.ModelChoiceField(queryset=_units(), label=_("移交给"))
    reason = forms.CharField(label=_("移交理由"), widget=forms.Textarea(attrs={"rows": 2}))


class MaterialsForm(CheckedForm):
    materials = forms.CharField(
        label=_("一次性告知材料清单"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("一次列明企业需提供的全部材料，告知后不得再要求补充"),
    )


class ActionForm(CheckedForm):
    unit = forms.ModelChoiceField(queryset=_units(), label=_("协办部门"))
    task = forms.CharField(label=_("办理事项"), max_length=300)
    due_on = forms.DateField(label=_("办理期限"), widget=DATE)


class ActionDoneForm(CheckedForm):
    action = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.CharField(label=_("办理情况"), widget=forms.Textarea(attrs={"rows": 2}))


class SolveForm(CheckedForm):
    outcome = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}))


class PublicComplaintForm(CheckedModelForm):
    class Meta:
        model = Complaint
        fields = [
            "accused_party",
            "incident_place",
            "subject",
            "content",
            "complainant_name",
            "complainant_phone",
            "complainant_organisation",
            "complainant_address",
        ]
        widgets = {"content": forms.Textarea(attrs={"rows": 6})}


ENTERPRISE_HINT = _("无脚本时请输入统一社会信用代码或企业全称")


def enterprise_source(key: str, *, may_use):
    """A remote picker of enterprises, found by name or unified social credit code."""
    return choice_source(
        key,
        may_use=may_use,
        search=("name", "credit_code"),
        columns=("name",),
        label=str,
        typed_hint=ENTERPRISE_HINT,
    )


@enterprise_source("complaint-enterprise", may_use=permissions.can_receive_complaint)
def complaint_enterprises(user):
    """E-4: the enterprise a complaint is about, among those the receiving user may see."""
    return Enterprise.objects.visible_to(user)


@enterprise_source("inspection-enterprise", may_use=permissions.can_plan_inspection)
def inspectable_enterprises(user):
    """E-5: the enterprises in the agency's jurisdiction."""
    return permissions.plannable_enterprises(user)


class StaffComplaintForm(CheckedModelForm):
    enterprise = RemoteChoiceField(complaint_enterprises, label=_("涉及企业"), required=False)
    channel = forms.ChoiceField(
        label=_("受理渠道"),
        choices=[c for c in ComplaintChannel.choices if c[0] != ComplaintChannel.ONLINE],
    )

    class Meta:
        model = Complaint
        fields = [
            "channel",
            "received_on",
            "statutory_days",
            "enterprise",
            "complainant_organisation",
            "complainant_name",
            "complainant_phone",
            "complainant_address",
            "accused_party",
            "incident_place",
            "subject",
            "content",
        ]
        widgets = {"received_on": DATE, "content": forms.Textarea(attrs={"rows": 5})}
        # The model's hints speak to the complainant on the public form; here a clerk writes
        # down what the complainant said on the phone or in a letter.
        help_texts = {
            "complainant_organisation": _("投诉人本人所在的企业或单位，不是被投诉的一方"),
            "accused_party": _("投诉人所投诉的部门、单位或工作人员"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].offer_to(user)


class TrackForm(CheckedForm):
    number = forms.CharField(label=_("查询编号"), max_length=24)


class TransferForm(CheckedForm):
    to_unit = forms.ModelChoiceField(queryset=_units(), label=_("转办给"))
    note = forms.CharField(
        label=_("转办说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplyForm(CheckedForm):
    done_on = forms.DateField(label=_("书面答复日期"), widget=DATE)
    outcome = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 4}))


class FeedbackForm(CheckedForm):
    """E-7: the complainant's view of the written reply (回访)."""

    accepted = forms.TypedChoiceField(
        label=_("投诉人是否认可答复"),
        choices=[("1", _("认可")), ("0", _("不认可，重新办理"))],
        coerce=lambda value: value == "1",
    )


class AccountabilityForm(CheckedForm):
    """E-7: the accountability follow-up (问责) of a criticised unit."""

    unit = forms.IntegerField(widget=forms.HiddenInput)
    measures = forms.CharField(label=_("问责情况"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label=_("问责日期"), widget=DATE)
    # The version the editor saw (0: none yet); saving on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class StatutoryForm(CheckedForm):
    statutory_days = forms.IntegerField(
        label=_("法定答复时限（自然日）"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("留空表示法律未规定，按7个工作日"),
    )


class InspectionForm(CheckedModelForm):
    enterprise = RemoteChoiceField(inspectable_enterprises, label=_("企业"))

    class Meta:
        model = Inspection
        fields = ["enterprise", "planned_on", "purpose"]
        widgets = {"planned_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].offer_to(user)


class InspectionMergeForm(CheckedForm):
    """E-5: the plans ticked to be merged into one joint inspection and the one whose agency
    leads it; the service judges them (nothing ticked is its refusal too). A refusal because
    of one plan is kept for that plan's row (`row_errors`, by its key), not above the table."""

    inspections = forms.ModelMultipleChoiceField(
        queryset=Inspection.objects.all(), required=False, label=_("合并")
    )
    lead = forms.ModelChoiceField(queryset=Inspection.objects.all(), label=_("牵头"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_errors: dict[int, ErrorList] = {}

    def add_row_error(self, pk: int, reason: str) -> None:
        self.row_errors.setdefault(pk, self.error_class()).append(reason)


class CarryOutForm(CheckedForm):
    carried_out_on = forms.DateField(label=_("实施日期"), widget=DATE)
    findings = forms.CharField(label=_("检查结果"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawInspectionForm(CheckedForm):
    reason = forms.CharField(
        label=_("撤回理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "不少于10个字。撤回后不再实施该检查，不计入同一机关对该企业每年一次的检查（E-5）。"
        ),
    )


class RedateInspectionForm(CheckedForm):
    planned_on = forms.DateField(
        label=_("新的计划检查日期"),
        widget=DATE,
        help_text=_(
            "按新的日期重新审核本机关每年一次、上级机关已检查等限制（E-5）；"
            "联合检查的日期须让各参加机关均可检查。"
        ),
    )


def _serving_principals():
    return serving_principals().select_related("unit").order_by("unit__code", "name")


class PromiseForm(CheckedModelForm):
    class Meta:
        model = PolicyPromise
        fields = [
            "kind",
            "source",
            "content",
            "promised_on",
            "responsible_unit",
            "principal_leader",
            "due_on",
        ]
        field_classes = {"principal_leader": LeaderChoiceField}
        widgets = {
            "promised_on": DATE,
            "due_on": DATE,
            "content": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _units()
        self.fields["principal_leader"].queryset = _serving_principals()
        self.fields["principal_leader"].help_text = _(
            "责任部门的主要领导；留空则按责任部门唯一的在任主要领导自动确定（E-6）"
        )


class PromisePrincipalForm(CheckedForm):
    """E-6: naming the principal leader (一把手) of a promise still to be kept."""

    principal_leader = LeaderChoiceField(label=_("“一把手”责任人"), queryset=Leader.objects.none())
    # The version the editor saw; saving on an older one is refused instead of overwriting.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, responsible_unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principal_leader"].queryset = _serving_principals().filter(
            unit=responsible_unit
        )


class PromiseCloseForm(CheckedForm):
    status = forms.ChoiceField(
        label=_("办结方式"),
        choices=[c for c in PromiseStatus.choices if c[0] != PromiseStatus.PENDING],
    )
    honoured_on = forms.DateField(label=_("兑现日期"), widget=DATE, required=False)
    evidence = forms.CharField(
        label=_("兑现佐证"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    compensation = forms.CharField(
        label=_("赔偿情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    compensation_amount = forms.DecimalField(
        label=_("赔偿金额（万元）"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    # The version the editor saw; saving on an older one is refused instead of overwriting.
    version = forms.IntegerField(widget=forms.HiddenInput)

    @staticmethod
    def current_rule(promise) -> None:
        """E-6: a promise closed meanwhile is not closed again by a second save."""
        promise_open_rule(promise)


class FiguresForm(CheckedModelForm):
    class Meta:
        model = AssessmentFigures
        fields = [
            "unit",
            "period",
            "new_market_entities",
            "new_market_entities_last_year",
            "satisfaction",
            "private_investment",
            "private_investment_last_year",
            "targets_total",
            "targets_met",
        ]

    # The version the editor saw (0: none yet); saving on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def _post_clean(self):
        # Saving the same unit and period again corrects its figures (the service decides, on
        # the version): the entry being corrected is no clash with itself.
        unit, period = self.cleaned_data.get("unit"), self.cleaned_data.get("period")
        if unit is not None and period:
            entered = AssessmentFigures.objects.filter(unit=unit, period=period).first()
            self.instance = entered or self.instance
        super()._post_clean()

    def validate_unique(self):
        # Saving the same unit and period again updates the figures (the service decides).
        pass
