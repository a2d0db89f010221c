from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingkou.choice_sources import RemoteChoiceField, choice_source
from yingkou.choices import Stage
from yingkou.errors import RuleViolation
from yingkou.forms import CheckedForm, CheckedModelForm, PersonChoiceField, ProjectForm
from yingkou.models import Project
from yingkou.rules import CREATION_STAGES

from . import permissions as perms
from . import rules, services
from .choices import FundingChannel
from .models import Pool, ReserveFund


class DeclareForm(ProjectForm):
    """A new project declared into the unit's level-2 pool (申报)."""

    submit_now = forms.BooleanField(label=_("保存后立即提交单位审核"), required=False, initial=True)

    class Meta(ProjectForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only stages a new project may be opened in (§1) that a pool takes: 储备 is
        # reached by approval, and offering it only led to a refusal after saving.
        self.fields["stage"].choices = [
            (value, label)
            for value, label in Stage.choices
            if value in rules.RESERVE_STAGES and value in CREATION_STAGES
        ]
        self.fields["total_investment"].help_text = _("%(band)s方可入库（R-1）") % {
            "band": rules.SCOPE_BAND
        }

    def clean(self):
        cleaned = super().clean()
        # The scope rule is asked here too, not only by the service after the form is
        # valid: a clerk who left the name empty and typed 999 learns both in one go instead of
        # fixing the name and only then being told the amount is out of scope.
        amount = cleaned.get("total_investment")
        if amount is not None and "total_investment" not in self.errors:
            try:
                rules.reserve_scope_rule(
                    total_investment=amount,
                    stage=cleaned.get("stage") or rules.RESERVE_STAGES[0],
                )
            except RuleViolation as exc:
                self.add_error(exc.field if exc.field in self.fields else None, exc.text)
        return cleaned


def may_declare(user) -> bool:
    """The declaring page's own gate (R-3 who declares, R-2 which units have a pool)."""
    try:
        services.declaring_pool(user)
    except (PermissionDenied, RuleViolation):
        return False
    return True


@choice_source("reserve-declare", may_use=may_declare)
def projects_to_declare(user):
    """R-1, R-3: the unit's own projects in a reserve stage without an entry under way; the
    largest first (the projects' own order)."""
    return Project.objects.filter(
        owner_unit_id=user.unit_id, stage__in=rules.RESERVE_STAGES
    ).exclude(reserve_entries__status__in=["draft", "submitted", "approved", "returned"])


class DeclareExistingForm(CheckedForm):
    project = RemoteChoiceField(projects_to_declare, label=_("本单位已有项目"))
    submit_now = forms.BooleanField(label=_("立即提交单位审核"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].offer_to(user)


class StepForm(CheckedForm):
    comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, reviewing: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not reviewing:
            # Staff submitting or withdrawing their own declaration write a note, not a review.
            self.fields["comment"].label = _("说明（可不填）")


class PlanForm(CheckedModelForm):
    """R-4: the pool's plan period and plan investment total, set by the DRC."""

    # The plan shown when the form was drawn (an empty total: none): saving after someone else
    # changed it is refused instead of overwriting; the unit naming its responsible person, on
    # the same pool, is no reason to.
    seen_period = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    seen_investment = forms.DecimalField(widget=forms.HiddenInput, required=False)

    # A refused plan is drawn again on the plan saved meanwhile (yingkou.views.kit.form_error).
    seen_fields = {"seen_period": "plan_period", "seen_investment": "plan_investment"}

    class Meta:
        model = Pool
        fields = ["plan_period", "plan_investment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["seen_period"].initial = self.instance.plan_period
            self.fields["seen_investment"].initial = self.instance.plan_investment


class FundForm(CheckedModelForm):
    # The version of the year's fund being corrected (0: the year has none yet); saving on an
    # older one is refused instead of overwriting what another entered meanwhile.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = ReserveFund
        fields = ["year", "amount", "budget_document"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version if self.instance.pk else 0
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year


class ResponsibleForm(CheckedForm):
    """R-5: the pool's named responsible person (专人负责), one of its unit's active users."""

    responsible = PersonChoiceField(queryset=None, label=_("更新专人"), empty_label=_("未指定"))
    # The person named when the form was drawn (empty: none): a choice made after someone
    # else named another is refused; the DRC's plan, on the same pool, is no reason to.
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen_fields = {"seen": "responsible_id"}

    def __init__(self, *args, pool=None, **kwargs):
        from yingkou.models import User

        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # The one stored, not `current_responsible`: a person who left still counts as
            # named until the unit names another.
            self.fields["seen"].initial = pool.responsible_id
        self.fields["responsible"].queryset = User.objects.filter(
            unit_id=pool.unit_id, is_active=True
        ).order_by("username")


class WeeklyUpdateForm(CheckedForm):
    note = forms.CharField(
        label=_("本周更新情况"),
        required=False,
        max_length=500,
        widget=forms.TextInput(
            attrs={"size": 60, "placeholder": _("如：新增2个项目，更新3个项目进展")}
        ),
    )


@choice_source("reserve-candidate", may_use=perms.can_add_candidate)
def projects_to_nominate(user):
    """R-9: any project the user sees, in a pool or not — one outside the pools is kept only with
    a written reason, which the service asks for; the largest first (the projects' own order)."""
    return Project.objects.visible_to(user)


class CandidateForm(CheckedForm):
    channel = forms.ChoiceField(label=_("资金渠道"), choices=FundingChannel.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    project = RemoteChoiceField(
        projects_to_nominate,
        label=_("项目"),
        help_text=_("项目库中的项目；不在储备库中的须填写入选理由"),
    )
    override_reason = forms.CharField(
        label=_("库外项目入选理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("项目不在储备库中时必须填写（R-9）"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["project"].offer_to(user)


class CandidateReasonForm(CheckedForm):
    """R-9: the written reason that keeps a candidate whose project has left the pools, in its
    row of the candidate list. How long it must be is the rule's to say (the service asks it),
    so a reason too short is refused in the rule's words whatever the browser checked."""

    reason = forms.CharField(label=_("继续列为候选的书面理由"), required=False)

    # The rule names the candidate's field.
    rule_fields = {"override_reason": "reason"}


class CandidateRemovalForm(CheckedForm):
    """R-9: the written reason a candidate is taken off the list with, in its row."""

    reason = forms.CharField(label=_("移除理由"), required=False)

    rule_fields = {"removal_reason": "reason"}


class ImportForm(CheckedForm):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
