"""Forms of the assistance pages. They only collect input; the rules run in the services."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from yingkou.choice_sources import FollowingSelect, RemoteChoiceField, choice_source
from yingkou.choices import LeaderRank, Role, Stage, UnitKind
from yingkou.forms import (
    CheckedForm,
    LeaderChoiceField,
    PeopleChoiceField,
    PersonChoiceField,
    PersonOptions,
    members_still_acting,
    offered_and_sent,
)
from yingkou.models import Leader, Project, Unit, User
from yingkou.models.projects import STAGE_FLOW
from yingkou.rules import still_answers

from . import permissions as perm
from . import rules
from .choices import CaseSource, ProblemCategory
from .models import AssistanceCase, AssistancePlan

DATE = forms.DateInput(attrs={"type": "date"})
AREA_KINDS = (*UnitKind.areas(),)


@choice_source("assistance-open", may_use=perm.can_open_case)
def projects_to_assist(user):
    """R-8: the user's projects that A-1 takes in (`rules.assistance_scope_q`), not yet
    assisted; the largest first (the projects' own order, read from its index)."""
    return (
        Project.objects.visible_to(user)
        .filter(rules.assistance_scope_q())
        .exclude(Exists(AssistanceCase.objects.filter(project=OuterRef("pk"))))
        .select_related("owner_unit")
    )


class OpenCaseForm(CheckedForm):
    project = RemoteChoiceField(projects_to_assist, label=_("项目"))
    source = forms.ChoiceField(choices=CaseSource.choices, label=_("来源"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].offer_to(user)


class TeamForm(CheckedForm):
    """A-5/A-6: what the area/department proposes."""

    responsible_leader = LeaderChoiceField(
        queryset=Leader.objects.none(), required=False, label=_("责任领导")
    )
    assisting_leader = LeaderChoiceField(
        queryset=Leader.objects.none(),
        required=False,
        label=_("帮扶领导"),
        help_text=_("市级领导帮扶项目由发改委汇总时确定，地区、部门可提出建议"),
    )
    cooperating_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        label=_("团队单位"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    members = PeopleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("团队成员"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    service_liaison = PersonChoiceField(
        queryset=User.objects.none(), required=False, label=_("服务联络员")
    )
    project_liaison = PersonChoiceField(
        queryset=User.objects.none(), required=False, label=_("项目联络员")
    )
    plan = forms.CharField(
        required=False, label=_("帮扶方案"), widget=forms.Textarea(attrs={"rows": 4})
    )
    # The case version the editor saw; saving on an older one is refused instead of overwriting.
    version = forms.IntegerField(widget=forms.HiddenInput)
    # A stale save is refused on the case; the team's own fields are read on its team.
    record_fields = {
        "assisting_leader": "team.lead_leader",
        "cooperating_units": "team.cooperating_units",
        "members": "team.members",
        "service_liaison": "team.service_liaison",
        "project_liaison": "team.project_liaison",
    }

    def __init__(self, *args, case: AssistanceCase, **kwargs):
        team = case.team
        initial = {
            "responsible_leader": case.responsible_leader_id,
            "assisting_leader": team.lead_leader_id,
            "cooperating_units": list(team.cooperating_units.all()),
            "service_liaison": getattr(team.current_service_liaison, "pk", None),
            "project_liaison": getattr(team.current_project_liaison, "pk", None),
            "plan": case.plan,
            "version": case.version,
        }
        super().__init__(*args, initial=initial, **kwargs)
        unit_ids = rules.team_people_unit_ids(
            lead_unit_id=team.lead_unit_id,
            project=case.project,
            cooperating_unit_ids=[unit.pk for unit in initial["cooperating_units"]],
        )
        self.fields["responsible_leader"].queryset = (
            Leader.objects.serving().filter(unit_id=team.lead_unit_id).select_related("unit")
        )
        # retired city leaders may assist (包括部分退休副市级以上领导); the unit's own serve.
        self.fields["assisting_leader"].queryset = Leader.objects.filter(
            Q(rank=LeaderRank.CITY_LEADER) | (Q(unit_id=team.lead_unit_id) & Leader.serving_q())
        ).select_related("unit")
        # the people of the units acting for the case, not the whole city; a unit
        # added to the team offers its people once the team is saved.
        people = (
            User.objects.filter(is_active=True, unit_id__in=unit_ids)
            .select_related("unit")
            .order_by("unit__code", "username")
        )
        self.fields["members"].queryset = people
        self.fields["service_liaison"].queryset = people
        self.fields["project_liaison"].queryset = people.filter(unit_id=team.lead_unit_id)
        self.fields["members"].help_text = _("团队单位调整后请先保存，再选择新单位的人员。")
        # a member who left the case's units or was deactivated is not chosen again.
        self.initial["members"] = members_still_acting(
            self.fields["members"],
            team.members.select_related("unit"),
            lambda person: still_answers(person, unit_ids),
        )


class CompileForm(CheckedForm):
    assisting_leader = LeaderChoiceField(
        queryset=Leader.objects.filter(rank=LeaderRank.CITY_LEADER).select_related("unit"),
        label=_("帮扶市级领导"),
        required=False,
    )


class ReturnForm(CheckedForm):
    comment = forms.CharField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 3}))


class StageForm(CheckedForm):
    stage = forms.ChoiceField(label=_("项目阶段"), choices=())

    def __init__(self, *args, case: AssistanceCase, **kwargs):
        super().__init__(*args, **kwargs)
        options = [*STAGE_FLOW.get(case.project.stage, ())]
        if case.project.can_move_to(Stage.STOPPED):
            options.append(Stage.STOPPED)
        self.fields["stage"].choices = offered_and_sent(self, "stage", options, dict(Stage.choices))


class ProgressForm(CheckedForm):
    month = forms.DateField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}))
    planned_investment = forms.DecimalField(
        label=_("计划投资（万元）"), max_digits=14, decimal_places=2, min_value=0
    )
    actual_investment = forms.DecimalField(
        label=_("完成投资（万元）"), max_digits=14, decimal_places=2, min_value=0
    )
    note = forms.CharField(label=_("形象进度"), required=False)
    # The version of the month's report the editor saw (0: none yet); an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # The month that version belongs to: the form opens on one month and the editor may pick
    # another, whose report they have not seen (its version is then 0).
    version_month = forms.CharField(widget=forms.HiddenInput, required=False)
    # A refused report is drawn again on the version of the month's report found.
    seen_fields = {
        "version": "version",
        "version_month": lambda report: report.month.strftime("%Y-%m"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].input_formats = ["%Y-%m", "%Y-%m-%d"]

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.pop("version_month", "")
        month = cleaned.get("month")
        if seen and month is not None and seen != month.strftime("%Y-%m"):
            cleaned["version"] = 0
        return cleaned


class ProblemForm(CheckedForm):
    category = forms.ChoiceField(choices=ProblemCategory.choices, label=_("问题类别"))
    title = forms.CharField(max_length=200, label=_("问题"))
    description = forms.CharField(
        required=False, label=_("具体情况"), widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_unit = forms.ModelChoiceField(
        queryset=Unit.objects.filter(is_active=True), label=_("责任单位")
    )
    due_on = forms.DateField(label=_("办结时限"), widget=DATE)


class SolveForm(CheckedForm):
    outcome = forms.CharField(label=_("解决情况"), widget=forms.Textarea(attrs={"rows": 3}))


class EscalateForm(CheckedForm):
    reason = forms.CharField(
        label=_("上报原因（服务团队无法解决的原因）"), widget=forms.Textarea(attrs={"rows": 3})
    )


class InstructForm(CheckedForm):
    instruction = forms.CharField(label=_("市政府意见"), widget=forms.Textarea(attrs={"rows": 3}))


class MeetingForm(CheckedForm):
    held_on = forms.DateField(label=_("会议日期"), widget=DATE)
    place = forms.CharField(required=False, max_length=200, label=_("地点"))
    attendees = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.filter(
            is_active=True,
            kind__in=(UnitKind.MUNICIPAL_DEPARTMENT, UnitKind.UTILITY, *UnitKind.areas()),
        ).order_by("kind", "code"),
        label=_("参会部门和单位"),
        help_text=_(
            "审批、住建、国土、环保、水利、消防、人防、安监、地震及供水、供电、供气、供暖等"
        ),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    minutes = forms.CharField(
        required=False, label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 4})
    )
    decisions = forms.CharField(
        required=False, label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 3})
    )


class MinutesForm(CheckedForm):
    minutes = forms.CharField(
        required=False, label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 4})
    )
    decisions = forms.CharField(
        required=False, label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 3})
    )
    # The version the editor saw (0: none yet); saving on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ActionItemForm(CheckedForm):
    description = forms.CharField(max_length=300, label=_("工作任务"))
    owner_unit = forms.ModelChoiceField(
        queryset=Unit.objects.filter(is_active=True), label=_("责任单位")
    )
    due_on = forms.DateField(label=_("完成时限"), widget=DATE)


class ActionDoneForm(CheckedForm):
    outcome = forms.CharField(label=_("落实情况"))


class PromotionGroupForm(CheckedForm):
    name = forms.CharField(max_length=100, label=_("名称"))
    head = PersonChoiceField(
        queryset=User.objects.filter(role=Role.DRC_REVIEWER), required=False, label=_("组长")
    )
    members = PeopleChoiceField(
        queryset=User.objects.filter(role=Role.DRC_REVIEWER), required=False, label=_("成员")
    )
    areas = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.filter(kind__in=AREA_KINDS),
        label=_("负责地区"),
        widget=forms.CheckboxSelectMultiple,
    )
    # The group's version the editor saw (empty for a new group); an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


def general_liaison_units(user):
    """A-6: the areas and departments whose general liaison the user may name: any for the DRC,
    the user's own for its staff."""
    units = Unit.objects.filter(
        kind__in=(*AREA_KINDS, UnitKind.MUNICIPAL_DEPARTMENT, UnitKind.PARTY_ORG)
    )
    if not (user.is_superuser or user.role == Role.DRC_REVIEWER):
        units = units.filter(pk=user.unit_id)
    return units


@choice_source(
    "general-liaison",
    may_use=perm.can_set_general_liaison,
    follows="unit",
    followed_choices=general_liaison_units,
    search=("username", "last_name", "first_name"),
    columns=PersonOptions.option_columns,
    label=User.label_in_unit,
)
def general_liaison_people(user, unit=None):
    """A-6: the general liaison is one of the unit's own active staff (general_liaison_rule), so
    the form offers the people of the unit chosen, not everyone in the city (without a unit:
    the people of every unit the user may name the liaison of)."""
    people = User.objects.filter(is_active=True, unit__in=general_liaison_units(user))
    if unit is not None:
        people = people.filter(unit=unit)
    return people.select_related("unit").order_by("unit__code", "username")


class GeneralLiaisonForm(CheckedForm):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("地区、部门"))
    # Its options follow the unit chosen, in the browser too (FollowingSelect).
    liaison = PersonChoiceField(
        queryset=User.objects.none(),
        label=_("总联络员"),
        widget=FollowingSelect(general_liaison_people),
    )
    # The version the editor saw (0: none yet); saving on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # The unit that version belongs to: the form opens on one unit and the editor may choose
    # another, whose liaison they have not seen (its version is then 0, and an existing one is
    # named to them before it is replaced).
    version_unit = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A refused choice is drawn again on the version of the unit's liaison record found.
    seen_fields = {"version": "version", "version_unit": "unit_id"}
    record_fields = {"liaison": "user"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = general_liaison_units(user)
        self.fields["unit"].queryset = units
        chosen = self.data.get("unit") if self.is_bound else self.initial.get("unit")
        unit = units.filter(pk=int(chosen)).first() if str(chosen or "").isdigit() else None
        self.fields["liaison"].queryset = general_liaison_people(user, unit)

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.pop("version_unit", None)
        unit = cleaned.get("unit")
        if seen is not None and unit is not None and seen != unit.pk:
            cleaned["version"] = 0
        return cleaned


class PlanForm(CheckedForm):
    # The year is the page's (`?year=`), not typed: the plan shown and its version are that year's.
    year = forms.IntegerField(
        label=_("年度"),
        min_value=AssistancePlan.FIRST_YEAR,
        max_value=AssistancePlan.LAST_YEAR,
        widget=forms.HiddenInput,
    )
    title = forms.CharField(max_length=200, label=_("标题"))
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 8}))
    is_published = forms.BooleanField(
        required=False,
        label=_("确定并公开"),
        help_text=_(
            "勾选即确定本方案，在本系统公示页面公开，并须在20个工作日内于本单位门户网站公示"
            "（A-5）；不勾选为草稿"
        ),
    )
    # The version the editor saw (0: none yet); saving on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PublicationForm(CheckedForm):
    """A-5: the day an area or department published on its portal a case's arrangement it leads
    or its own yearly plan."""

    published_on = forms.DateField(label=_("公示日期"), widget=DATE)
    url = forms.URLField(required=False, max_length=500, assume_scheme="https", label=_("公示网址"))
    note = forms.CharField(
        required=False,
        max_length=300,
        label=_("公示说明"),
        help_text=_("无网址时说明在门户网站的公示位置"),
    )
    # The record's version the editor saw; saving on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    # The rule names the case's fields, as the API does.
    rule_fields = {"published_url": "url", "published_note": "note"}
    record_fields = {"url": "published_url", "note": "published_note"}


class IndustryServiceForm(CheckedForm):
    """The department's leader in charge and service staff for a key project."""

    leader_in_charge = LeaderChoiceField(queryset=None, label=_("分管领导"))
    service_staff = PersonChoiceField(queryset=None, label=_("服务人员"))
    # The version the editor saw (0: none yet); saving on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader_in_charge"].queryset = rules.department_leaders_in_charge(
            unit.pk if unit else None
        ).select_related("unit")
        self.fields["service_staff"].queryset = User.objects.filter(unit=unit, is_active=True)


class WeeklyProgressForm(CheckedForm):
    progress = forms.CharField(
        label=_("本周形象进度"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("将在全市建设项目进展情况中公开发布，请勿填写个人信息。"),
    )
    investment = forms.DecimalField(
        label=_("本周完成投资（万元）"), max_digits=14, decimal_places=2, min_value=0
    )
    problems = forms.CharField(
        required=False,
        label=_("存在问题"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("仅供调度，不公开。"),
    )
    # The version the editor saw (0: none yet); saving on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class WeeklyNarrowForm(CheckedForm):
    """What the weekly list narrows to (A-8): a report state, a responsible area or department."""

    state = forms.ChoiceField(
        required=False,
        choices=[("", _("全部")), ("missing", _("未报送")), ("reported", _("已报送"))],
    )
    unit = forms.IntegerField(required=False, min_value=1)


class CoordinationForm(CheckedForm):
    involved_unit = forms.ModelChoiceField(
        queryset=Unit.objects.filter(is_active=True).order_by("code"), label=_("涉及地区、部门")
    )
    matter = forms.CharField(label=_("需协调事项"), widget=forms.Textarea(attrs={"rows": 2}))


class CoordinationCompileForm(CheckedForm):
    note = forms.CharField(
        required=False, label=_("汇总说明"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CoordinationDecideForm(CheckedForm):
    agreed = forms.TypedChoiceField(
        label=_("市政府意见"),
        choices=[("1", _("同意")), ("0", _("不同意"))],
        coerce=lambda value: value == "1",
    )
    decision = forms.CharField(label=_("具体意见"), widget=forms.Textarea(attrs={"rows": 2}))
