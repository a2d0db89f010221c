from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingkou import permissions, services
from yingkou.calendar_changes import calendar_day_save, calendar_days_delete
from yingkou.choices import AdministrativeLevel, NotificationKind, Sector, UnitKind
from yingkou.errors import RuleViolation, StaleVersion
from yingkou.history import has_authored_history
from yingkou.industries import industry_choices
from yingkou.library_admin import HistoryAdmin, PermissionLabelsMixin
from yingkou.models import (
    AuditEvent,
    CalendarDay,
    IndustryAuthority,
    Leader,
    Notification,
    Project,
    ScheduledRun,
    Team,
    Unit,
    User,
)
from yingkou.people_changes import leader_added, leader_changed, leader_rule_values, person_left
from yingkou.scheduling.periods import PERIOD_LABELS, period_name
from yingkou.scheduling.registry import job_description, registered_jobs
from yingkou.told import told_summary
from yingkou.unit_changes import (
    authority_rows,
    industry_authority_changed,
    unit_added,
    unit_changed,
    unit_rule_values,
)
from yingkou.views.kit import form_error

admin.site.site_header = _("营口市重点项目信息管理系统 · 后台管理")
admin.site.site_title = _("后台管理")


class _LabelledValues(admin.SimpleListFilter):
    labels: dict = {}

    def lookups(self, request, model_admin):
        return [(str(value), label) for value, label in self.labels.items()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(**{self.parameter_name: self.value()})


def labelled_filter(model, field_name: str, labels) -> type[admin.SimpleListFilter]:
    """A list filter on a field whose values are labelled outside the model (a generated field,
    a kind kept without `choices`): the admin would list the stored values ("primary", True)."""
    return type(
        f"{model.__name__}{field_name.title().replace('_', '')}Filter",
        (_LabelledValues,),
        {
            "title": model._meta.get_field(field_name).verbose_name,
            "parameter_name": field_name,
            "labels": dict(labels),
        },
    )


def period_column(model, field_name: str):
    """A list column and read-only field naming a period's key as readers do (`period_name`:
    2026年第四季度, not 2026-Q4), sorted by the key. Reading the name runs no query."""

    @admin.display(description=model._meta.get_field(field_name).verbose_name, ordering=field_name)
    def shown(model_admin, obj):
        return period_name(getattr(obj, field_name))

    return shown


def period_filter(model, field_name: str) -> type[admin.SimpleListFilter]:
    """A list filter offering the periods recorded, newest first, by name (in one query, as the
    admin's own filter of the values does)."""

    def lookups(self, request, model_admin):
        keys = (
            model_admin.get_queryset(request)
            .order_by(f"-{field_name}")
            .values_list(field_name, flat=True)
            .distinct()
        )
        return [(key, period_name(key)) for key in keys]

    return type(
        f"{model.__name__}{field_name.title().replace('_', '')}PeriodFilter",
        (_LabelledValues,),
        {
            "title": model._meta.get_field(field_name).verbose_name,
            "parameter_name": field_name,
            "lookups": lookups,
        },
    )


class PeriodNamed:
    """A record only read in the admin shows its period by name in the place of the key:
    `period_named` maps the key's field to its `period_column`. Where the record may be
    changed, the key stays a field to type."""

    period_named: dict[str, str] = {}

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fields
        return [*fields, *self.period_named.values()]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fields
        shown = set(self.period_named.values())
        return [self.period_named.get(name, name) for name in fields if name not in shown]


class ToldAfterSave:
    """Says, under the admin's own "saved" or "deleted" message, what the change set in motion:
    which open records the rules decided again and which units were told, or that nothing rested
    on it. An administrator changing reference data otherwise learns of it from nobody."""

    def tell(self, request, summary: str) -> None:
        request.__dict__.setdefault("_told_after_save", []).append(summary)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        super().message_user(request, message, level, *args, **kwargs)
        for summary in request.__dict__.pop("_told_after_save", []):
            messages.info(request, summary)


class ReadOnly:
    """A business record whose writes are decided by the rules (a team's composition, an
    enterprise's responsibility): the admin reads it, and changes go through the pages and the
    API, where the rules apply and the people concerned are told."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UnitKindFilter(admin.SimpleListFilter):
    """The kinds as the list names them (`Unit.kind_label`): the departments of the city and
    those of the counties and parks apart."""

    title = Unit._meta.get_field("kind").verbose_name
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(key, label) for key, _kind, _level, label in UnitKind.choices_by_level()]

    def queryset(self, request, queryset):
        for key, kind, level, _label in UnitKind.choices_by_level():
            if key == self.value():
                found = queryset.filter(kind=kind)
                return found if level is None else found.filter(level=level)
        return queryset


def _kind_option(kind: str) -> str:
    """A kind as the form offers it: each name it takes at some level ("市直部门（市级）/
    县(市)区、园区部门（县级）" for a department)."""
    names = {UnitKind.label_at(kind, level): level.label for level in AdministrativeLevel}
    if len(names) == 1:
        return next(iter(names))
    return "／".join(
        gettext("%(name)s（%(level)s）") % {"name": name, "level": level}
        for name, level in names.items()
    )


@admin.register(Unit)
class UnitAdmin(ToldAfterSave, HistoryAdmin):
    """N-2, E-1, E-5: the open negotiations, the enterprises' counterpart departments and the
    inspections resting on a unit whose kind, level, parent, code or enforcement system changes
    here are judged again (`unit_changed`)."""

    list_display = [
        "code",
        "name",
        "kind_shown",
        "level",
        "parent",
        "enforcement_system",
        "is_active",
    ]
    list_filter = [UnitKindFilter, "level", "enforcement_system"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            before = unit_rule_values(Unit.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        if before is None:
            told = unit_added(unit=obj, user=request.user)
            heading = gettext("已按 E-1 重新确定企业的对口服务部门（新增%(unit)s）：") % {
                "unit": obj
            }
            none = gettext("各企业的对口服务部门均未改变，未发送通知。")
            self.tell(request, told_summary(heading, told, none=none))
        elif before != unit_rule_values(obj):
            told = unit_changed(unit=obj, before=before, user=request.user)
            heading = gettext(
                "已按 N-2、E-1、E-5 重新判定%(unit)s洽谈中的项目、企业的对口服务部门和未实施的执法检查："
            ) % {"unit": obj}
            none = gettext(
                "洽谈适用规则、牵头领导、对口服务部门和执法检查的判定均未改变，未发送通知。"
            )
            self.tell(request, told_summary(heading, told, none=none))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "kind":
            # One kind for a department of either level; its name follows the level chosen.
            field.choices = [
                (value, _kind_option(value) if value else label) for value, label in field.choices
            ]
        return field

    @admin.display(description=Unit._meta.get_field("kind").verbose_name, ordering="kind")
    def kind_shown(self, obj):
        return obj.kind_label


class TwoListPicker(FilteredSelectMultiple):
    """The admin's two-list picker for choices that are not records. Its script puts the picker
    first in the widget's parent; a related field's picker sits in a wrapper, and so does this
    one, or it would go before the field's label."""

    def render(self, name, value, attrs=None, renderer=None):
        picker = super().render(name, value, attrs, renderer)
        return format_html('<div class="related-widget-wrapper">{}</div>', picker)


class LeaderForm(forms.ModelForm):
    # The industries by name in the two-list picker the portfolio's units use; the model keeps
    # their codes (a JSON list) and would show a text box to type ["C", "G55"] into.
    portfolio_industries = forms.MultipleChoiceField(
        label=Leader._meta.get_field("portfolio_industries").verbose_name,
        choices=industry_choices,
        required=False,
        widget=TwoListPicker(
            Leader._meta.get_field("portfolio_industries").verbose_name, is_stacked=False
        ),
        help_text=_("分管的行业门类或大类；选门类即包括其下各大类。"),
    )

    class Meta:
        model = Leader
        fields = [
            "name",
            "title",
            "rank",
            "unit",
            "is_retired",
            "portfolio_units",
            "portfolio_industries",
            "user",
        ]


@admin.register(Leader)
class LeaderAdmin(ToldAfterSave, HistoryAdmin):
    """N-2, A-2, A-3, A-5, A-7, E-1, E-6: what rests on a leader is judged again once he is
    saved here; a leader added here may fill his department's promises waiting for a principal
    leader (E-6)."""

    form = LeaderForm
    list_display = ["name", "title", "rank", "unit", "is_retired"]
    list_filter = ["rank", "is_retired"]
    search_fields = ["name", "title"]
    filter_horizontal = ["portfolio_units"]
    list_select_related = ["unit"]

    def save_model(self, request, obj, form, change):
        if change:
            # What he was, read before the save (the change form and a restore from his history
            # both save here): what waited on him for a role he no longer holds is told once
            # not on every later save of the same leader.
            obj._rule_values_before = leader_rule_values(Leader.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        # Once the leader and his portfolio (many-to-many, it decides N-2's vice-mayors) are
        # saved: the change form and a restore from his history both log the change then, and
        # the restore saves no related objects, so save_related would miss it.
        before = getattr(obj, "_rule_values_before", None) or leader_rule_values(obj)
        told = leader_changed(leader=obj, before=before, user=request.user)
        heading = gettext(
            "已按 N-2、A-2、A-3、A-5、A-7、E-1 重新判定%(leader)s牵头、帮扶或负责的在办事项："
        ) % {"leader": obj}
        self.tell(request, told_summary(heading, told, none=gettext("均无变化，未发送通知。")))
        return super().log_change(request, obj, message)

    def log_addition(self, request, obj, message):
        # Logged once he and his portfolio are saved, as a change is: a new leader may be the
        # one his unit's enterprises (E-1) or policy promises (E-6) are waiting for (待指定).
        told = leader_added(leader=obj, user=request.user)
        heading = gettext(
            "已按 E-1、E-6 为新增的%(leader)s判定待指定负责领导的企业和其单位待指定“一把手”的政策承诺："
        ) % {"leader": obj}
        none = gettext("没有由其补上负责领导的企业或“一把手”责任人的政策承诺，未发送通知。")
        self.tell(request, told_summary(heading, told, none=none))
        return super().log_addition(request, obj, message)


class ProjectAdminForm(forms.ModelForm):
    """The admin's project form carries the version the administrator saw, as the project's
    page does: a save on an older one is refused instead of overwriting someone's edit, and
    the form is drawn again on the current version with what changed (`form_error`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # The service's refusal of this form's first save (`ProjectAdmin.changeform_view`).
    refused: RuleViolation | StaleVersion | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The version saved now, not the one of a history row restored here: restoring
            # starts from what the administrator sees saved.
            saved = Project.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            self.initial["version"] = saved.first()
            self.fields["version"].required = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            # A project declared here starts at its first version whatever was posted.
            cleaned.pop("version", None)
        if self.refused is not None:
            form_error(self, self.refused)
        return cleaned


@admin.register(Project)
class ProjectAdmin(ToldAfterSave, HistoryAdmin):
    """Admin lists respect the same access rule as pages and API; a project is declared and
    edited through the same services as on its pages (`project_create`, `project_edit`), on
    the version the administrator saw."""

    form = ProjectAdminForm

    list_display = ["name", "owner_unit", "industry", "total_investment", "stage"]
    list_filter = [
        "stage",
        labelled_filter(Project, "sector", Sector.choices),
        labelled_filter(Project, "is_real_estate", [(True, _("是")), (False, _("否"))]),
    ]
    search_fields = ["name", "code"]
    list_select_related = ["owner_unit"]
    # The stage moves only through its workflow (§1). The declaring unit is whose pool the
    # project sits in and who proposes its team and introduced its enterprise (E-1):
    # those decisions are not taken again for another unit, so an edit does not hand it over.
    readonly_fields = ["stage", "owner_unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_project(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_delete_project(request.user, obj))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (RuleViolation, StaleVersion) as refused:
            # Refused by the service (its transaction rolled back): the form is drawn again as
            # it was sent, with why on it — a stale edit on the current version, with what
            # changed meanwhile, so saving again overwrites it knowingly.
            request._project_refused = refused
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and context["adminform"].form.errors:
            # A refused form has put what was typed on the project in memory: the heading and
            # the breadcrumbs name it as it is stored, not as if the typing had been saved.
            stored = Project.objects.get(pk=obj.pk)
            context.update(original=stored, subtitle=str(stored))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "_project_refused", None)
        if refused is None:
            return form
        return type(form.__name__, (form,), {"refused": refused})

    def get_readonly_fields(self, request, obj=None):
        # A new project is declared by the unit chosen here, in the planning stage (§1).
        return self.readonly_fields if obj is not None else ["stage"]

    def save_model(self, request, obj, form, change):
        """An edit here is an edit like any other (`project_edit`): what rests on a changed
        rule field is decided again and told, and unit staff's changes wait for review. A
        history revert ends here too. A project added here is declared as on its page."""
        if not change:
            fields = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
            created = services.project_create(user=request.user, **fields)
            obj.pk = created.pk
            obj._state.adding = False
            obj.refresh_from_db()
            return
        current = Project.objects.get(pk=obj.pk)
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name in form.fields and name != "version" and value != getattr(current, name)
        }
        edit = services.project_edit(
            project=current,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            **fields,
        )
        obj.refresh_from_db()
        if edit.change_request is not None:
            messages.info(request, _("规则相关字段的修改已生成变更申请，待审核后生效。"))
        if edit.reevaluations is not None:
            heading = gettext(
                "已按 R-1、N-2、A-2、E-1 重新判定%(project)s的储备库、洽谈、帮扶和企业服务："
            ) % {"project": obj}
            none = gettext("均无变化，未发送通知。")
            self.tell(request, told_summary(heading, edit.reevaluations, none=none))


@admin.register(Team)
class TeamAdmin(ReadOnly, HistoryAdmin):
    """N-2, N-3, N-5, A-2, A-5, A-6: a team is set by its lead unit on the case's page."""

    list_display = ["project", "phase", "lead_leader", "lead_unit"]
    list_filter = ["phase"]
    raw_id_fields = ["project", "members"]
    filter_horizontal = ["cooperating_units"]
    list_select_related = ["project", "lead_leader", "lead_unit"]


@admin.register(IndustryAuthority)
class IndustryAuthorityAdmin(ToldAfterSave, HistoryAdmin):
    """E-1, A-3: industry section/division → the kind of department that is its competent
    authority; a change here moves at once which key projects a municipal department sees and
    serves (A-3), and the enterprises' counterpart departments are decided again (E-1,
    `industry_authority_changed`)."""

    list_display = ["industry", "department_name", "department_code"]
    search_fields = ["industry", "department_name", "department_code"]

    def save_model(self, request, obj, form, change):
        before = authority_rows()
        super().save_model(request, obj, form, change)
        self._told(request, before)

    def delete_model(self, request, obj):
        before = authority_rows()
        super().delete_model(request, obj)
        self._told(request, before)

    def delete_queryset(self, request, queryset):
        before = authority_rows()
        super().delete_queryset(request, queryset)
        self._told(request, before)

    def _told(self, request, before) -> None:
        told = industry_authority_changed(before=before, user=request.user)
        heading = gettext("行业主管部门对照已调整，已按 E-1 重新确定企业的对口服务部门：")
        none = gettext("各企业的对口服务部门均未改变，未发送通知。")
        self.tell(request, told_summary(heading, told, none=none))


@admin.register(CalendarDay)
class CalendarDayAdmin(ToldAfterSave, HistoryAdmin):
    """§1: the deadlines counted over a day entered, changed or removed here follow it."""

    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        self._told(request, calendar_day_save(day=obj, user=request.user))

    def delete_model(self, request, obj):
        self._told(request, calendar_days_delete(days=[obj], user=request.user))

    def delete_queryset(self, request, queryset):
        self._told(request, calendar_days_delete(days=queryset, user=request.user))

    def _told(self, request, notices) -> None:
        heading = gettext("工作日历已调整，按规则计算的在办期限（E-3、E-4、N-4）已重新计算：")
        none = gettext("没有期限跨过调整的日期，均未变更。")
        self.tell(request, told_summary(heading, notices, none=none))


class JobFilter(_LabelledValues):
    """The jobs by what they do; read when the list is shown, once every app has registered
    its jobs (the admin is loaded before them)."""

    title = _("任务")
    parameter_name = "job"

    def lookups(self, request, model_admin):
        return [(job.name, job_description(job.name)) for job in registered_jobs()]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(PeriodNamed, admin.ModelAdmin):
    list_display = [
        "job_shown",
        "period_shown",
        "status",
        "started_at",
        "finished_at",
        "attempts",
        "lease_expires_at",
        "retry_after",
    ]
    list_filter = [
        "status",
        labelled_filter(ScheduledRun, "period", PERIOD_LABELS.items()),
        JobFilter,
    ]

    period_named = {"period_key": "period_shown"}
    period_shown = period_column(ScheduledRun, "period_key")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("任务"), ordering="job")
    def job_shown(self, obj):
        return obj.job_description


class AdministratorSetPasswordForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        # A password an administrator set is replaced by its user at first login (等保2.0).
        self.user.must_change_password = True
        return super().save(commit=commit)


@admin.register(User)
class UserAdmin(ToldAfterSave, PermissionLabelsMixin, BaseUserAdmin):
    change_password_form = AdministratorSetPasswordForm
    list_display = ["username", "last_name", "first_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    list_select_related = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("角色与单位"), {"fields": ("role", "unit", "phone")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("角色与单位"), {"fields": ("role", "unit", "phone")}),
    )

    def get_deleted_objects(self, objs, request):
        """A user who made changes is kept, so that history goes on naming him (SPEC §0: who
        and when): his deletion, alone or in a batch, is refused as Django refuses deleting a
        protected record, and the page says to deactivate him instead."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        kept = [
            gettext(
                "%(user)s（已有修改记录，删除后这些记录将无法显示操作人，请取消勾选“有效”停用该账户）"
            )
            % {"user": user.display_name or user.username}
            for user in objs
            if has_authored_history(user)
        ]
        if kept:
            # Django's page shows the kinds of record the administrator may not delete (a team
            # membership, a general liaison) in place of the protected ones, and the sentence
            # would not be shown. The deletion is refused either way: the protected list names
            # every record in the way (Django lists those it would protect there too) and says
            # what to do instead.
            perms_needed = set()
        return deleted, counts, perms_needed, [*protected, *kept]

    def save_model(self, request, obj, form, change):
        # A password an administrator chose is known to two people: the user replaces it at
        # first login (等保2.0).
        if not change or "password" in form.changed_data:
            obj.must_change_password = True
        before = User.objects.filter(pk=obj.pk).values("is_active", "unit_id").first()
        super().save_model(request, obj, form, change)
        # Deactivated or moved: whoever names his successors in what he answered for is told.
        if (
            before
            and before["is_active"]
            and (not obj.is_active or obj.unit_id != before["unit_id"])
        ):
            told = person_left(person=obj, user=request.user)
            heading = (
                gettext("%(person)s已停用：")
                if not obj.is_active
                else gettext("%(person)s已调离原单位：")
            ) % {"person": obj.display_name}
            if told:
                heading += gettext("其担任的联络员、服务人员和储备库更新专人须重新指定。")
            none = gettext("未担任在办事项的联络员、服务人员或储备库更新专人，无需通知。")
            self.tell(request, told_summary(heading, told, none=none))


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notices are written only by notify(); the admin shows who was told what."""

    list_display = ["created_at", "user", "kind_shown", "title", "read_at", "emailed_at"]
    list_filter = [labelled_filter(Notification, "kind", NotificationKind.choices), "day"]
    fields = ["user", "kind_shown", "key", "day", "title", "body", "url", "read_at", "emailed_at"]
    readonly_fields = ["kind_shown"]
    search_fields = ["title", "key", "user__username"]
    list_select_related = ["user"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("类别"), ordering="kind")
    def kind_shown(self, obj):
        return obj.kind_label


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The security log (等保2.0): administrators read it; nobody edits or deletes it here."""

    list_display = ["at", "kind", "username", "ip_address", "path", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
