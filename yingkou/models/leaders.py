from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.choices import LeaderRank
from yingkou.industries import industry_name, validate_industry_code


def serves_as(leader, *ranks: str) -> bool:
    """`Leader.serves_as` of a leader or of what a leader was (`people_changes.leader_rule_values`
    read into an object): not retired, of one of `ranks` (any when none)."""
    return not leader.is_retired and (not ranks or leader.rank in ranks)


class LeaderQuerySet(models.QuerySet):
    def serving(self, *ranks: str) -> "LeaderQuerySet":
        """§1: the leaders who hold their role now (not retired), of one of `ranks` (any rank
        when none is given)."""
        return self.filter(Leader.serving_q(*ranks))


class Leader(models.Model):
    """A leader: city leader (市级领导), a unit's principal leader or leader in charge (SPEC §1)."""

    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=100)
    rank = models.CharField(_("级别"), max_length=16, choices=LeaderRank.choices)
    unit = models.ForeignKey(
        "yingkou.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="leaders"
    )
    is_retired = models.BooleanField(_("已退休"), default=False)
    portfolio_units = models.ManyToManyField(
        "yingkou.Unit",
        verbose_name=_("分管单位"),
        blank=True,
        related_name="leaders_in_charge",
    )
    portfolio_industries = models.JSONField(
        _("分管行业"),
        default=list,
        blank=True,
        help_text=_('行业门类或大类代码列表，如 ["C", "G55"]'),
    )
    user = models.OneToOneField(
        "yingkou.User",
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leader",
    )
    history = HistoricalRecords(m2m_fields=[portfolio_units])

    objects = LeaderQuerySet.as_manager()

    #: The industries by name where a change is shown (yingkou.history.show_value).
    ITEM_LABELS = {"portfolio_industries": industry_name}

    class Meta:
        verbose_name = _("领导")
        verbose_name_plural = _("领导")
        ordering = ["unit__code", "rank", "name"]

    def __str__(self) -> str:
        return self.label(self.name, self.title)

    @staticmethod
    def label(name: str | None, title: str | None) -> str:
        """How a leader is named in lists and files: 姓名（职务）; nothing without a leader (an
        export reads both from a join, None when no leader is set)."""
        return "" if name is None else f"{name}（{title}）"

    @classmethod
    def labels_as_of(cls, moment, ids) -> dict[int, str]:
        """Each leader of `ids` labelled (`label`) with the name and title he had at `moment`:
        how an archived report names him, whatever he is called or does since (SPEC §6)."""
        from yingkou.asof import rows_as_of

        rows = rows_as_of(cls, moment, [pk for pk in ids if pk is not None], "name", "title")
        return {pk: cls.label(row["name"], row["title"]) for pk, row in rows.items()}

    @staticmethod
    def label_in_unit(name: str, unit_name: str, title: str) -> str:
        """How a leader is offered for picking: 姓名（单位 职务）. Some sixty leaders share a few
        titles (局长, 副区长), and a pick from the wrong unit is a different responsibility chain."""
        return f"{name}（{unit_name} {title}）"

    @staticmethod
    def serving_q(*ranks: str, prefix: str = "") -> Q:
        """§1: a serving leader (not retired) of one of `ranks` (any when none), as a condition on
        the leader at `prefix` (`serves_as` for a leader in hand)."""
        condition = Q(**{f"{prefix}is_retired": False})
        return condition & Q(**{f"{prefix}rank__in": ranks}) if ranks else condition

    def serves_as(self, *ranks: str) -> bool:
        """§1: whether the leader holds one of `ranks` now (any rank when none): not retired."""
        return serves_as(self, *ranks)

    def clean(self) -> None:
        for code in self.portfolio_industries or []:
            validate_industry_code(code)

    def covers_industry(self, industry: str) -> bool:
        """True if the leader is in charge of the industry: its section or its exact division."""
        codes = self.portfolio_industries or []
        return any(industry == code or industry.startswith(code) for code in codes)
