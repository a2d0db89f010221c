"""The enterprise panel of the home page (fixed number of queries). Every count is the row count
of the list it links to (`yingkou.dashboard.linked_count`)."""

import datetime as dt

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou import charts
from yingkou.choices import AdministrativeLevel, Role
from yingkou.dashboard import linked_count

from . import permissions, rules, selectors
from .choices import ComplaintChannel, ComplaintStatus, InspectionStatus
from .filters import (
    ComplaintFilterSet,
    EnterpriseFilterSet,
    InspectionFilterSet,
    ProblemFilterSet,
    PromiseFilterSet,
)
from .models import Complaint, Enterprise


def panels(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    today = timezone.localdate()

    def row(label, url_name, filterset, queryset, **params):
        return linked_count(
            label,
            url_name=url_name,
            filterset=filterset,
            queryset=queryset,
            user=user,
            params=params,
        )

    enterprises = selectors.enterprise_list(user)
    rows = [
        row(_("帮扶企业"), "enterprise:list", EnterpriseFilterSet, enterprises),
        row(
            _("本月未走访重点企业"),
            "enterprise:visits",
            None,
            selectors.enterprises_without_visit(
                month=today, queryset=Enterprise.objects.visible_to(user)
            ),
        ),
        row(
            _("超期未办结的企业问题"),
            "enterprise:problems",
            ProblemFilterSet,
            selectors.problem_list(user),
            overdue_open="true",
        ),
        row(
            _("超期未答复的投诉"),
            "enterprise:complaints",
            ComplaintFilterSet,
            selectors.complaint_list(user),
            overdue_open="true",
        ),
        row(
            _("超期未兑现的政策承诺"),
            "enterprise:promises",
            PromiseFilterSet,
            selectors.promise_list(user),
            overdue_open="true",
        ),
    ]
    if user.has_role(Role.CITY_LEADER):
        rows.insert(
            0,
            row(
                _("我负责的企业"), "enterprise:list", EnterpriseFilterSet, enterprises, mine="true"
            ),
        )
    if user.has_role(Role.SUPERVISOR):
        rows.insert(
            0,
            row(
                _("待转办的网络投诉"),
                "enterprise:complaints",
                ComplaintFilterSet,
                selectors.complaint_list(user),
                channel=ComplaintChannel.ONLINE,
                status=ComplaintStatus.RECEIVED,
            ),
        )
    # On 1 January last year's plans still wait for their decision.
    plans_from = (today - dt.timedelta(days=1)).year
    own_panels = []
    if user.has_role(Role.LEGAL_AFFAIRS):
        # E-5: the plans the legal affairs office approves and merges are its whole work here;
        # at the foot of the enterprise panel they came after a page of project figures it
        # does not follow, so they come first, as an agency's own plans do.
        own_panels.append(
            {
                "title": _("执法检查计划的审查与合并（E-5）"),
                "rows": [
                    row(
                        _("待批准、待合并的执法检查计划"),
                        "enterprise:inspections",
                        InspectionFilterSet,
                        selectors.inspection_list(user),
                        status=InspectionStatus.PLANNED,
                        year_from=plans_from,
                    )
                ],
                "first": True,
            }
        )
    if rules.examines_city_plans(user):
        # E-5: the city-level agencies' plans, which the city government approves (and, where
        # the city has no legal affairs office, examines and merges itself).
        rows.append(
            row(
                _("待市政府批准、合并的执法检查计划"),
                "enterprise:inspections",
                InspectionFilterSet,
                selectors.inspection_list(user),
                status=InspectionStatus.PLANNED,
                agency_level=AdministrativeLevel.CITY,
                year_from=plans_from,
            )
        )
    if permissions.can_plan_inspection(user):
        # E-5: an agency's own plans — those waiting for its government's approval, and the
        # approved ones it has still to carry out (or withdraw). They are the agency's whole
        # work here, so its staff have them first, before the figures of projects they do not
        # follow.
        own = selectors.inspection_list(user)
        agency_rows = [
            row(
                _("本机关待批准的执法检查计划"),
                "enterprise:inspections",
                InspectionFilterSet,
                own,
                status=InspectionStatus.PLANNED,
                agency=user.unit_id,
                year_from=plans_from,
            ),
            row(
                _("本机关已批准、待实施的执法检查"),
                "enterprise:inspections",
                InspectionFilterSet,
                own,
                status=InspectionStatus.APPROVED,
                agency=user.unit_id,
            ),
        ]
        own_panels.append({"title": _("本机关执法检查（E-5）"), "rows": agency_rows, "first": True})
    if rules.examines_area_plans(user):
        # E-5: the county-level agencies' plans for the area's enterprises, which its
        # government approves (and, where it has no legal affairs office, merges).
        rows.append(
            row(
                _("待本级政府批准的执法检查计划"),
                "enterprise:inspections",
                InspectionFilterSet,
                selectors.inspection_list(user),
                status=InspectionStatus.PLANNED,
                approving_area=user.unit_id,
                year_from=plans_from,
            )
        )
    return [
        *own_panels,
        {
            "title": _("投产运营企业帮扶"),
            "rows": rows,
            "charts": [complaint_chart(user, today)],
            "records": led_enterprises(user) if user.has_role(Role.CITY_LEADER) else None,
        },
    ]


def complaint_chart(user, today) -> dict:
    """Complaints answered on time, answered late, overdue without an answer, and still within
    their time (E-4), of the complaints the user may see (one query)."""
    counts = Complaint.objects.visible_to(user).aggregate(
        on_time=Count("pk", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))),
        late=Count("pk", filter=Q(done_on__gt=F("due_on"))),
        overdue=Count("pk", filter=Complaint.objects.overdue_q(today, open_only=True)),
        pending=Count("pk", filter=Complaint.open_q() & Q(due_on__gte=today)),
    )
    labels = {
        "on_time": _("按时答复"),
        "late": _("超期答复"),
        "overdue": _("超期未答复"),
        "pending": _("办理中（未到期）"),
    }
    return charts.chart(
        "enterprise-complaints",
        _("投诉答复是否按时"),
        kind="pie",
        categories=list(labels.values()),
        series=[
            {
                "name": _("投诉"),
                "values": [counts[key] for key in labels],
                "tones": ["done", "warn", "late", "open"],
            }
        ],
    )


def led_enterprises(user) -> dict:
    """The enterprises this city leader answers for (ten, one query)."""
    mine = (
        Enterprise.objects.visible_to(user)
        .filter(Q(responsible_leader__user=user) | Q(leader_in_charge__user=user))
        .order_by("name")
    )
    return {
        "title": _("我负责的企业"),
        "rows": [
            (e.name, reverse("enterprise:detail", args=[e.pk]), e.get_status_display())
            for e in mine[:10]
        ],
    }
