from django import forms
from django.utils.translation import gettext_lazy as _

from yingkou.choices import UnitKind
from yingkou.models import Project, Unit
from yingkou.rules import CREATION_STAGES


class ProjectForm(forms.ModelForm):
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
            stage.help_text = _("阶段由申报审核、洽谈签约、精准帮扶和投产流程变更，不能在此修改")
        else:
            del self.fields["version"]
            stage.choices = [(v, label) for v, label in stage.choices if v in CREATION_STAGES]

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if version is None:
            raise forms.ValidationError(_("缺少版本号，请刷新页面后重新编辑。"))
        return version
