from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from yingkou.choices import UnitKind
from yingkou.dates import EARLIEST, LATEST, is_year_field, refuse_out_of_range_date
from yingkou.models import Leader, Project, Unit, User
from yingkou.rules import CREATION_STAGES
from yingkou.text import (
    LINE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    refuse_control_characters,
    refuse_control_characters_in_line,
    refuse_invalid_phone,
)


class LeaderOptions:
    """A leader field's options name the leader's unit (Leader.label_in_unit); the picker reads
    them as these plain columns (yingkou.templatetags.pickers)."""

    option_columns = ("name", "unit__name", "title")
    option_label = staticmethod(Leader.label_in_unit)

    def label_from_instance(self, obj) -> str:
        return Leader.label_in_unit(obj.name, obj.unit.name, obj.title)


class LeaderChoiceField(LeaderOptions, forms.ModelChoiceField):
    """Choosing a leader: 张志明（营口市商务局 局长）, not a bare 张志明（局长）."""


class PersonOptions:
    """A person field's options name the person's unit (User.label_in_unit); the picker reads
    them as these plain columns (yingkou.templatetags.pickers)."""

    option_columns = ("username", "first_name", "last_name", "unit__name")
    option_label = staticmethod(User.label_in_unit)

    def label_from_instance(self, obj) -> str:
        unit = obj.unit.name if obj.unit_id else None
        return User.label_in_unit(obj.username, obj.first_name, obj.last_name, unit)


class PersonChoiceField(PersonOptions, forms.ModelChoiceField):
    """Choosing a person: 张三（站前区发展和改革局）, not a bare 张三."""


class PeopleChoiceField(PersonOptions, forms.ModelMultipleChoiceField):
    """Choosing several people, each named with their unit."""


def members_still_acting(field: forms.Field, members, acts) -> list[int]:
    """A team form's members (A-5, N-3): the ids of those who still act for the team
    (`acts(person)`), to be chosen again. One who left its units or was deactivated is not
    chosen, so saving the form takes him off the team; the field names him so that is seen."""
    staying = [person.pk for person in members if acts(person)]
    gone = [person.display_name for person in members if not acts(person)]
    if gone:
        note = _("已离开或已停用，保存后移出团队：%(names)s") % {"names": "、".join(gone)}
        field.help_text = " ".join(str(text) for text in (field.help_text, note) if text)
    return staying


def offered_and_sent(form, name: str, offered, labels: dict) -> list[tuple[str, str]]:
    """The choices of a select whose options follow the record's state (the stages a project
    or a negotiation may move to), with the one sent among them when the state moved on after
    the page was opened. The form then passes it to the service, whose rule says why it is
    refused (the stage it is at now), and is drawn again with it chosen; out of the choices it
    was Django's "not one of the available choices", the option now first shown as chosen."""
    values = list(offered)
    sent = form.data.get(form.add_prefix(name)) if form.is_bound else None
    if sent in labels and sent not in values:
        values.append(sent)
    return [(value, labels[value]) for value in values]


def guard_form_fields(form) -> None:
    """Every form checks what people type the way the models do (yingkou.text, yingkou.dates),
    before a service sees it: a text has a length limit and no control characters, a phone field
    is a phone number, a year and a date lie in the business's range. A plain form's value goes to
    a service whose full_clean() would otherwise refuse it only after the form had accepted it."""
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField) and not isinstance(
            field, (forms.EmailField, forms.URLField)
        ):
            multi_line = isinstance(field.widget, forms.Textarea)
            if field.max_length is None:
                field.max_length = TEXT_MAX_LENGTH if multi_line else LINE_MAX_LENGTH
                field.validators.append(MaxLengthValidator(field.max_length))
                field.widget.attrs.setdefault("maxlength", str(field.max_length))
            check = refuse_control_characters if multi_line else refuse_control_characters_in_line
            if check not in field.validators:
                field.validators.append(check)
            if name.endswith("phone") and refuse_invalid_phone not in field.validators:
                field.validators.append(refuse_invalid_phone)
        elif isinstance(field, forms.IntegerField) and is_year_field(name):
            if field.min_value is None:
                field.min_value = EARLIEST.year
                field.validators.append(MinValueValidator(EARLIEST.year))
                field.widget.attrs.setdefault("min", str(EARLIEST.year))
            if field.max_value is None:
                field.max_value = LATEST.year
                field.validators.append(MaxValueValidator(LATEST.year))
                field.widget.attrs.setdefault("max", str(LATEST.year))
        elif (
            isinstance(field, forms.DateField)
            and not isinstance(field, forms.DateTimeField)
            and refuse_out_of_range_date not in field.validators
        ):
            field.validators.append(refuse_out_of_range_date)


# Django's label suffix is the ASCII colon, also in its zh_Hans translation; a Chinese label
# ends in the full-width one.
LABEL_SUFFIX = "："


class CheckedForm(forms.Form):
    """The base of every plain form of the project (guard_form_fields)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        guard_form_fields(self)


class DispatchForm(CheckedForm):
    """A period's dispatch (`yingkou.models.Dispatch`: A-8, N-6)."""

    remarks = forms.CharField(label=_("调度意见"), widget=forms.Textarea(attrs={"rows": 3}))
    # The version the editor saw (0: none yet); saving on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class BatchForm(CheckedForm):
    """The bar of a queue's batch action: the comment that goes with each record ticked."""

    comment = forms.CharField(label=_("审核意见"), required=False)


class DecisionForm(CheckedForm):
    """A reviewer's decision on one change request (通过 or 退回), in its row of the queue or on
    the project's page: the comment that goes with it (a return needs one, by the rule)."""

    comment = forms.CharField(label=_("审核意见"), required=False)


class CheckedModelForm(forms.ModelForm):
    """The base of every model form of the project (guard_form_fields)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        guard_form_fields(self)


class ProjectForm(CheckedModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "name",
            "code",
            "landing_unit",
            "industry",
            "capital_origin",
            "capacity_kind",
            "size_class",
            "total_investment",
            "investor",
            "investor_intent_clear",
            "construction_content",
            "start_year",
            "end_year",
            "stage",
            "contact_name",
            "contact_phone",
        ]
        widgets = {"construction_content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landing_unit"].queryset = Unit.objects.filter(kind__in=UnitKind.areas())
        stage = self.fields["stage"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # Shown, not offered: a stage picked here would only be refused on saving.
            stage.disabled = True
            stage.help_text = _("阶段由申报审核、洽谈签约、精准帮扶和投产流程变更，不能在此修改")
        else:
            del self.fields["version"]
            stage.choices = [(v, label) for v, label in stage.choices if v in CREATION_STAGES]

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if version is None:
            raise forms.ValidationError(_("缺少版本号，请刷新页面后重新编辑。"))
        return version
