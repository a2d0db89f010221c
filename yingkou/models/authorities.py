"""Competent authorities of industries (行业主管部门): the reference table of E-1 and A-3."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class IndustryAuthority(models.Model):
    """E-1, A-3 reference table: which kind of department is the competent authority (行业主管部门)
    of an industry — a GB/T 4754 section (门类, "H") or division (大类, "N77"); a division's row
    wins over its section's (`yingkou.industries.industry_authority_rule`). Administrators keep
    it in the admin. `department_code` is the code the city's department of that kind carries
    (WHLY); an area's one is coded "<area>-<code>" (BYQ-WHLY)."""

    industry = models.CharField(
        _("行业门类或大类"),
        max_length=3,
        unique=True,
        help_text=_("门类字母，或门类字母加两位大类代码，如 H、N77"),
    )
    department_code = models.CharField(
        _("主管部门代码"),
        max_length=16,
        help_text=_("市级该类部门的单位代码，如 WHLY；县(市)区、园区的为“地区代码-WHLY”"),
    )
    department_name = models.CharField(
        _("主管部门类别"), max_length=50, help_text=_("如 文化旅游局")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("行业主管部门对照")
        verbose_name_plural = _("行业主管部门对照")
        ordering = ["industry"]

    def __str__(self) -> str:
        return f"{self.industry} → {self.department_name}"

    def clean(self) -> None:
        from yingkou.industries import validate_industry_code

        validate_industry_code(self.industry)
