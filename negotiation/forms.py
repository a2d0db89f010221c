from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingkou.choice_sources import RemoteChoiceField, RemoteSelect, choice_source
from yingkou.choices import Role, UnitKind
from yingkou.errors import RuleViolation
from yingkou.forms import (
    CheckedForm,
    CheckedModelForm,
    LeaderChoiceField,
    PeopleChoiceField,
    PersonChoiceField,
    guard_form_fields,
    members_still_acting,
    offered_and_sent,
)
from yingkou.models import Leader, Project, Unit, User

from . import permissions as perms
from . import rules
from .choices import NegotiationStage
from .models import InvestorQuestion, NegotiationCase, ProgressReport, TeamMeeting, TeamTask
from .services import NEW_PROJECT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _new_project_fields() -> dict[str, forms.Field]:
    """The new lead's project fields, from the project model (its labels, choices and limits),
    named new_<field> beside the case's own fields; required only when a new project is entered."""
    fields = forms.fields_for_model(
        Project,
        fields=NEW_PROJECT_FIELDS,
        widgets={"construction_content": forms.Textarea(attrs={"rows": 2})},
    )
    for field in fields.values():
        field.widget.attrs["data-source"] = "new"
        if field.required:
            # required only when a new project is chosen (clean()); marked * all the same
            field.required = False
            field.required_when_chosen = True
            field.widget.attrs["data-required"] = "1"
    return {f"new_{name}": field for name, field in fields.items()}


@choice_source("negotiation-open", may_use=perms.can_open_case)
def projects_to_negotiate(user):
    """N-1: the user's projects being planned, reserved or negotiated that have no case yet; the
    largest first (the projects' own order, read from its index)."""
    return (
        Project.objects.visible_to(user)
        .filter(stage__in=rules.OPENABLE_PROJECT_STAGES)
        .exclude(Exists(NegotiationCase.objects.filter(project=OuterRef("pk"))))
    )


class CaseOpenForm(CheckedForm):
    SOURCES = [
        ("existing", _("项目库中已有的项目")),
        ("new", _("新项目（同时录入项目库）")),
    ]
    source = forms.ChoiceField(
        label=_("洽谈项目"),
        choices=SOURCES,
        initial="existing",
        required=False,  # an existing project unless "new" is chosen
        widget=forms.RadioSelect,
    )
    project = RemoteChoiceField(
        projects_to_negotiate,
        label=_("项目"),
        required=False,
        widget=RemoteSelect(projects_to_negotiate, attrs={"data-source": "existing"}),
        help_text=_("项目库中尚未登记洽谈的策划、储备或洽谈阶段项目"),
    )
    negotiating_unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("洽谈单位"))
    landing_unit = forms.ModelChoiceField(
        queryset=Unit.objects.filter(kind__in=UnitKind.areas()),
        required=False,
        label=_("拟落地县(市)区/园区"),
        help_text=_("不填则取项目的拟落地单位"),
    )
    opened_on = forms.DateField(label=_("首次接触日期"), widget=DATE)
    investor = forms.CharField(label=_("投资方"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("项目洽谈概况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The new project's fields come right after the project picker.
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("project") + 1
        self.fields = dict([*fields[:at], *_new_project_fields().items(), *fields[at:]])
        guard_form_fields(self)
        self.fields["project"].offer_to(user)
        units = Unit.objects.filter(rules.negotiating_bodies_q())
        if not (user.is_superuser or user.has_role(Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER)):
            units = units.filter(pk=user.unit_id)
            self.fields["negotiating_unit"].initial = user.unit_id
        self.fields["negotiating_unit"].queryset = units
        self.fields["opened_on"].initial = timezone.localdate()

    @property
    def is_new_project(self) -> bool:
        return self.cleaned_data.get("source") == "new"

    def clean(self):
        data = super().clean()
        if self.is_new_project:
            missing = [
                name
                for name, field in self.fields.items()
                if field.widget.attrs.get("data-required")
                and data.get(name) in (None, "")
                and name not in self.errors
            ]
            for name in missing:
                self.add_error(name, self.fields[name].error_messages["required"])
        elif not data.get("project") and "project" not in self.errors:
            self.add_error("project", _("请选择项目库中的项目，或选择“新项目”并填写项目信息。"))
        return data

    def new_project(self) -> dict:
        return {name: self.cleaned_data[f"new_{name}"] for name in NEW_PROJECT_FIELDS}

    def case_values(self) -> dict:
        names = ("negotiating_unit", "landing_unit", "opened_on", "investor", "summary")
        return {name: self.cleaned_data[name] for name in names}

    def add_service_error(self, exc: ValidationError) -> None:
        """A refusal of the project's or the case's service, on the field it is about: the
        project's own fields are the new_<field> ones when a new project was entered."""
        if isinstance(exc, RuleViolation):
            errors = {exc.field: [exc.text]} if exc.field else {None: [exc.text]}
        elif hasattr(exc, "error_dict"):
            errors = exc.message_dict
        else:
            errors = {None: exc.messages}
        for name, messages in errors.items():
            target = None
            if name and self.is_new_project and f"new_{name}" in self.fields:
                target = f"new_{name}"
            elif name in self.fields:
                target = name
            for message in messages:
                self.add_error(target, message)


class CaseMoveForm(CheckedForm):
    stage = forms.ChoiceField(label=_("变更为"))
    on = forms.DateField(label=_("日期"), widget=DATE)
    note = forms.CharField(
        label=_("说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("终止洽谈须说明原因"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = offered_and_sent(
            self, "stage", rules.STAGE_FLOW[case.stage], dict(NegotiationStage.choices)
        )
        self.fields["on"].initial = timezone.localdate()


class ServiceModelForm(CheckedModelForm):
    """A model form whose data goes to a service, which runs full_clean() and the rules; the
    form only parses fields, so a rule is never checked in two places."""

    def _post_clean(self):
        pass


class VersionedEditForm(ServiceModelForm):
    """The edit of a saved record: it carries the version the editor saw, and the service
    refuses a save on an older one instead of overwriting another's work (StaleVersion)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def service_values(self) -> dict:
        """The cleaned data as the service names it (`expected_version`)."""
        values = dict(self.cleaned_data)
        values["expected_version"] = values.pop("version")
        return values


def _team_units(case) -> list[int]:
    return [*case.team.unit_ids(), case.negotiating_unit_id]


class TeamForm(CheckedForm):
    lead_leader = LeaderChoiceField(queryset=Leader.objects.none(), label=_("牵头领导"))
    cooperating_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        label=_("配合单位"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    main_negotiating_unit = forms.ModelChoiceField(
        queryset=Unit.objects.filter(is_active=True), required=False, label=_("主谈单位")
    )
    service_liaison = PersonChoiceField(queryset=User.objects.none(), label=_("服务联络员"))
    project_liaison = PersonChoiceField(
        queryset=User.objects.none(), required=False, label=_("项目联络员")
    )
    members = PeopleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("团队成员"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    # The case version the editor saw; saving on an older one is refused instead of overwriting.
    version = forms.IntegerField(widget=forms.HiddenInput)
    # A stale save is refused on the case; the team's fields are read on its team.
    record_fields = {
        name: f"team.{name}"
        for name in (
            "lead_leader",
            "cooperating_units",
            "main_negotiating_unit",
            "service_liaison",
            "project_liaison",
            "members",
        )
    }

    def __init__(self, *args, case, composition, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = [leader.pk for leader in composition.candidates]
        leaders = Leader.objects.select_related("unit")
        if candidates:
            leaders = leaders.filter(pk__in=[*candidates, case.team.lead_leader_id or 0])
        self.fields["lead_leader"].queryset = leaders
        self.fields["lead_leader"].help_text = _("按第%(rule)d条，应由%(who)s牵头") % {
            "rule": composition.rule,
            "who": composition.lead_requirement_text,
        }
        self.fields["cooperating_units"].help_text = _("按第%(rule)d条：%(text)s") % {
            "rule": composition.rule,
            "text": composition.cooperating_text,
        }
        people = User.objects.filter(is_active=True, role__in=Role.unit_bound()).select_related(
            "unit"
        )
        team_people = people.filter(
            Q(unit_id__in=_team_units(case)) | Q(unit__parent_id__in=_team_units(case))
        )
        self.fields["service_liaison"].queryset = team_people
        self.fields["service_liaison"].help_text = _(
            "部门引进的项目由主谈单位人员担任；地区引进的项目由引进地区人员担任"
        )
        self.fields["project_liaison"].queryset = team_people
        self.fields["members"].queryset = team_people
        team = case.team
        unit_ids = set(_team_units(case))
        members = members_still_acting(
            self.fields["members"],
            team.members.select_related("unit"),
            lambda person: rules.acts_for_team(person, unit_ids),
        )
        self.initial.update(
            {
                "lead_leader": team.lead_leader_id,
                "cooperating_units": [u.pk for u in team.cooperating_units.all()],
                "main_negotiating_unit": team.main_negotiating_unit_id,
                "service_liaison": getattr(team.current_service_liaison, "pk", None),
                "project_liaison": getattr(team.current_project_liaison, "pk", None),
                "members": members,
                "version": case.version,
            }
        )


class AddUnitForm(CheckedForm):
    unit = forms.ModelChoiceField(queryset=Unit.objects.filter(is_active=True), label=_("加入单位"))
    # N-2's refusal of the team's units is about the unit added here.
    rule_fields = {"cooperating_units": "unit"}


class TaskForm(ServiceModelForm):
    class Meta:
        model = TeamTask
        fields = ["title", "detail", "owner_unit", "due_on"]
        widgets = {"due_on": DATE, "detail": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = Unit.objects.filter(pk__in=_team_units(case))


class TaskUpdateForm(VersionedEditForm):
    class Meta:
        model = TeamTask
        fields = ["status", "outcome", "done_on"]
        widgets = {"done_on": DATE, "outcome": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(ServiceModelForm):
    due_on = forms.DateField(
        label=_("答复时限"),
        required=False,
        widget=DATE,
        help_text=_("有明确法律法规政策规定的问题自动定为提出后3日，其他问题须填写"),
    )

    class Meta:
        model = InvestorQuestion
        fields = ["kind", "question", "owner_unit", "superior_body", "asked_on", "due_on"]
        widgets = {"asked_on": DATE, "question": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = Unit.objects.filter(pk__in=_team_units(case))
        self.fields["asked_on"].initial = timezone.localdate()


class AnswerForm(VersionedEditForm):
    answered_on = forms.DateField(label=_("答复日期"), widget=DATE)

    class Meta:
        model = InvestorQuestion
        fields = ["outcome", "answered_on", "done_on"]
        widgets = {"done_on": DATE, "outcome": forms.Textarea(attrs={"rows": 4})}


class MeetingForm(ServiceModelForm):
    class Meta:
        model = TeamMeeting
        fields = ["held_on", "place", "attendees", "minutes", "decisions"]
        widgets = {
            "held_on": DATE,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }


class ReportForm(ServiceModelForm):
    class Meta:
        model = ProgressReport
        fields = ["period", "progress", "problems", "next_steps"]
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 4}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The latest month a report may be filed for (N-6): this month while the case is under
        # negotiation, the month it ended or was signed in after that.
        today = timezone.localdate()
        self.fields["period"].initial = months[0] if months else f"{today:%Y-%m}"
