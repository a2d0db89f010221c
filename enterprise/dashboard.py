"""The enterprise panel of the home page (fixed number of queries)."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou.choices import Role

from . import rules, selectors
from .choices import InspectionStatus
from .models import Enterprise, Inspection, Visit


def panels(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    start, end = selectors.month_bounds(today)
    visited = Visit.objects.filter(enterprise=OuterRef("pk"), visited_on__range=(start, end))
    enterprises = (
        Enterprise.objects.visible_to(user)
        .annotate(was_visited=Exists(visited))
        .aggregate(
            total=Count("pk"),
            key=Count("pk", filter=rules.visit_required_q(end)),
            behind=Count("pk", filter=rules.visit_required_q(end) & Q(was_visited=False)),
        )
    )
    overdue = selectors.overdue_counts(today=today, user=user)
    rows = [
        (_("帮扶企业"), enterprises["total"], reverse("enterprise:list")),
        (_("本月未走访重点企业"), enterprises["behind"], reverse("enterprise:visits")),
        (
            _("超期未办结的企业问题"),
            overdue["problems"],
            reverse("enterprise:problems") + "?is_overdue=true",
        ),
        (
            _("超期未答复的投诉"),
            overdue["complaints"],
            reverse("enterprise:complaints") + "?is_overdue=true",
        ),
        (
            _("超期未兑现的政策承诺"),
            overdue["promises"],
            reverse("enterprise:promises") + "?is_overdue=true",
        ),
    ]
    if user.has_role(Role.CITY_LEADER):
        mine = Enterprise.objects.filter(
            Q(responsible_leader__user=user) | Q(leader_in_charge__user=user)
        ).count()
        rows.insert(0, (_("我负责的企业"), mine, reverse("enterprise:list") + "?mine=true"))
    if user.has_role(Role.LEGAL_AFFAIRS, Role.CITY_LEADER):
        pending = Inspection.objects.filter(
            status=InspectionStatus.PLANNED,
            planned_on__year__gte=(today - dt.timedelta(days=1)).year,
        ).count()
        rows.append((_("待批准、待合并的执法检查计划"), pending, reverse("enterprise:inspections")))
    return [{"title": _("投产运营企业帮扶"), "rows": rows}]
