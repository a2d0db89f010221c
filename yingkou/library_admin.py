"""The admin pages of the installed libraries, in the product's Chinese.

The project catalogue (locale/) translates the libraries' own gettext strings; what they write
without gettext (a column named after a method, a field's plain verbose name, django-celery-beat's
schedule descriptions, django-simple-history's breadcrumbs and raw values) is labelled here, by
registering subclasses of their admin classes.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from yingkou.history import changed_by, show_value, write_history_row
from yingkou.library_labels import crontab_description, zone_name

# -- django-celery-beat --------------------------------------------------------------------------


class TaskNameFilter(admin.AllValuesFieldListFilter):
    """The task filter: the model names the field "Task Name" without gettext."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("任务名称")


class PeriodicTaskForm(beat_admin.PeriodicTaskForm):
    """The library's form with the saved task chosen in its list of registered tasks: that list
    is no model field, so the library gives it no value and a saved task opened blank there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        registered = {value for value, _label in self.fields["regtask"].widget.choices if value}
        if self.instance.task in registered:
            self.initial.setdefault("regtask", self.instance.task)


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    form = PeriodicTaskForm
    list_display = [
        "schedule_shown" if name == "scheduler" else name
        for name in beat_admin.PeriodicTaskAdmin.list_display
    ]
    # The name is the key `install_schedules` finds a task by ("daily-deadlines"); the
    # description says what it does.
    list_display.insert(1, "description")
    list_filter = [
        ("task", TaskNameFilter) if name == "task" else name
        for name in beat_admin.PeriodicTaskAdmin.list_filter
    ]
    # The library's template adds an inline script (refused by the Content-Security-Policy) that
    # writes an English description under the schedule; the options name the schedules already.
    change_form_template = "admin/change_form.html"

    @admin.display(description=_("执行计划"))
    def schedule_shown(self, obj):
        if obj.crontab is not None:
            return crontab_description(obj.crontab)
        return obj.scheduler

    @admin.display(description=_("执行时间说明"))
    def crontab_translation(self, obj):
        return crontab_description(obj.crontab) if obj.crontab is not None else "—"


class PeriodicTaskInline(beat_admin.PeriodicTaskInline):
    """The tasks on a schedule by what they do (the library lists the task's dotted path and
    its JSON arguments)."""

    fields = ("name", "description", "enabled")
    readonly_fields = fields


for model, base in (
    (ClockedSchedule, beat_admin.ClockedScheduleAdmin),
    (SolarSchedule, beat_admin.SolarScheduleAdmin),
    (IntervalSchedule, beat_admin.IntervalScheduleAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, type(base.__name__, (base,), {"inlines": [PeriodicTaskInline]}))

admin.site.unregister(CrontabSchedule)


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin):
    list_display = ("__str__", "tasks_shown")
    inlines = [PeriodicTaskInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("periodictask_set")

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The product's schedules run in its time zone (SPEC §6); the library offers every
        zone in the world by its English name. A schedule saved in another zone keeps it."""
        form = super().get_form(request, obj, change, **kwargs)
        zones = dict.fromkeys([settings.TIME_ZONE, *([str(obj.timezone)] if obj else [])])
        field = form.base_fields["timezone"]
        field.choices = [(zone, f"{zone_name(zone)}（{zone}）") for zone in zones]
        field.help_text = _("定时任务按北京时间执行。")
        return form

    @admin.display(description=_("执行时间说明"))
    def human_readable(self, obj):
        return crontab_description(obj)

    @admin.display(description=_("使用此计划的周期性任务"))
    def tasks_shown(self, obj):
        return "、".join(task.description or task.name for task in obj.periodictask_set.all())


# -- django-simple-history -----------------------------------------------------------------------


class _HistoryValues(HistoricalRecordContextHelper):
    """Before and after of a change as the record's own pages show them: "—" for empty, choice
    labels, 是/否, related records by name (simple-history prints None, True, "Deleted ...")."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            names = super().prepare_delta_change_value(change, value)
            return "、".join(str(name) for name in names) or "—"
        if isinstance(value, DeletedObject):
            return "—" if value.pk is None else str(value)
        if field.is_relation:
            return "—" if value is None else str(value)
        return show_value(field, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin of a record with history (simple-history's, with its history page in Chinese)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return _HistoryValues(self.model, historical_record)

    # A record with many-to-many history is saved, then its lists (save_related, or the
    # history's restore which sets them itself): one historical row of the final state is
    # written once both are saved, not one per save and per list change.

    def save_model(self, request, obj, form, change):
        if self.model.history.model._history_m2m_fields:
            obj._history_row_pending = not change
            obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._write_pending_history_row(form.instance)

    def log_change(self, request, obj, message):
        self._write_pending_history_row(obj)
        return super().log_change(request, obj, message)

    def log_addition(self, request, obj, message):
        self._write_pending_history_row(obj)
        return super().log_addition(request, obj, message)

    def _write_pending_history_row(self, obj) -> None:
        if not hasattr(obj, "_history_row_pending"):
            return
        adding = obj.__dict__.pop("_history_row_pending")
        del obj.skip_history_when_saving
        write_history_row(obj, "+" if adding else "~")

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        # The page prints the reason as it is: most changes have none, which would read "None".
        for record in historical_records:
            if record.history_change_reason is None:
                record.history_change_reason = ""
            record.changed_by = changed_by(record.history_user)


# -- permissions ---------------------------------------------------------------------------------

_ACTIONS = {"add": _("新增"), "change": _("修改"), "delete": _("删除"), "view": _("查看")}


def permission_label(permission: Permission) -> str:
    """A permission as the pickers list it: "基础数据 | 项目 | 修改". Django stores the names of
    the default permissions in English ("Can change 项目") when it creates them."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    action, _sep, rest = permission.codename.partition("_")
    if action in _ACTIONS and rest == model._meta.model_name:
        name = _ACTIONS[action]
    else:
        name = permission.name
    return f"{model._meta.app_config.verbose_name} | {_model_name(model)} | {name}"


def _model_name(model) -> str:
    """simple-history's models are named in English ("historical 项目"); this name says what
    they hold. The automatic many-to-many tables are named at start-up (`library_labels`)."""
    original = getattr(model, "instance_type", None)  # a simple-history model
    if original is not None:
        return _("%(name)s（历史记录）") % {"name": _model_name(original)}
    return str(model._meta.verbose_name)


class PermissionLabelsMixin:
    """Names the permissions of a user's or a group's permission picker in Chinese."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.related_model is Permission:
            formfield.label_from_instance = permission_label
        return formfield


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabelsMixin, BaseGroupAdmin):
    pass
