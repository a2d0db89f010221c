"""E-5 and the home page: every role's enterprise queues on one data set. Each count is the number
of rows its link shows, every row of an inspection list opens for the user, and every pending
plan the user decides on for a same-level government opens, and is counted in their queue when
they have one (the city government's reviewers may approve the city's plans, but while the city
has a legal affairs office the queue is the office's and the city leaders') — a queue never counts
what its link cannot show, and a plan never waits on someone who cannot see it (the notice of a
filed plan links there too)."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise import permissions, rules, services
from enterprise.choices import InspectionStatus
from enterprise.models import Inspection
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.enterprise.inspections import agency, legal_office
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def plan(unit, enterprise, day=dt.date(2026, 12, 10)):
    return services.inspection_plan(
        user=UserFactory(role=Role.UNIT_STAFF, unit=unit),
        enterprise=enterprise,
        planned_on=day,
        purpose="安全生产检查",
    )


@pytest.fixture
def world(area, other_area, department, city_gov, legal, drc, supervisor, reviewer, owner):
    """Two counties, the city; agencies of both levels; enterprises located in a county, one
    whose area is read from its responsible unit (a county's own bureau), one located in another
    county that this one introduced; plans pending, merged, approved, carried out, turned down;
    and one user of every role that reads inspections."""
    county_bureau = UnitFactory(
        name="鲅鱼圈区工业和信息化局",
        code="BYQ-GXJ",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        parent=area,
    )
    market = agency("BYQ-SCJG", "county", "market", parent=area)
    ecology = agency("BYQ-STHJ", "county", "ecology", parent=area)
    gz_market = agency("GZ-SCJG", "county", "market", parent=other_area)
    city_ecology = agency("STHJ", "city", "ecology")
    located = EnterpriseFactory(name="港区化工", introducing_unit=area, area=area)
    # No recorded area: it is in the county of its responsible unit, the county's own bureau —
    # the county government approves its county agencies' plans, though it neither introduced
    # nor answers for it.
    unlocated = EnterpriseFactory(
        name="区工信局联系企业",
        introducing_unit=department,
        responsible_unit=county_bureau,
        counterpart_unit=county_bureau,
        area=None,
    )
    elsewhere = EnterpriseFactory(name="盖州落地企业", introducing_unit=area, area=other_area)
    city_one = EnterpriseFactory(name="市直联系企业", introducing_unit=department, area=other_area)

    lead = plan(market, located)
    part = plan(ecology, located, dt.date(2026, 12, 14))
    services.inspection_merge(inspections=[lead, part], lead=lead, user=reviewer)
    plan(market, unlocated)
    plan(gz_market, elsewhere)
    plan(city_ecology, city_one)
    InspectionFactory(enterprise=city_one, agency=gz_market, status=InspectionStatus.APPROVED)
    InspectionFactory(
        enterprise=elsewhere,
        agency=city_ecology,
        status=InspectionStatus.DONE,
        planned_on=dt.date(2026, 3, 1),
        carried_out_on=dt.date(2026, 3, 1),
    )
    InspectionFactory(enterprise=unlocated, agency=ecology, status=InspectionStatus.REJECTED)

    users = {
        "agency staff": UserFactory(username="scjg", role=Role.UNIT_STAFF, unit=market),
        "other county's agency": UserFactory(
            username="gz_scjg", role=Role.UNIT_REVIEWER, unit=gz_market
        ),
        "city agency": UserFactory(username="sthj", role=Role.UNIT_STAFF, unit=city_ecology),
        "county reviewer": reviewer,
        "county staff": owner,
        "county bureau": UserFactory(username="byq_gxj", role=Role.UNIT_STAFF, unit=county_bureau),
        "other county's reviewer": UserFactory(
            username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area
        ),
        "city government reviewer": UserFactory(
            username="szf_boss", role=Role.UNIT_REVIEWER, unit=city_gov
        ),
        "city leader": UserFactory(username="mayor", role=Role.CITY_LEADER, unit=city_gov),
        "legal office": legal,
        "county legal office": legal_office("GZ-SFJ", "county", parent=other_area),
        "DRC": drc,
        "supervisor": supervisor,
    }
    return users


def enterprise_queues(client, user) -> list[tuple[str, int, str]]:
    client.force_login(user)
    panels = client.get("/").context["panels"]
    return [
        (label, count, url)
        for panel in panels
        for label, count, url in panel["rows"]
        if url.startswith("/enterprise/") and isinstance(count, int)
    ]


def decides(user) -> set[int]:
    """The pending plans `user` decides on for a same-level government."""
    return {
        inspection.pk
        for inspection in Inspection.objects.filter(status=InspectionStatus.PLANNED)
        if permissions.can_approve_inspection(user, inspection)
        and rules.inspection_decision_possible(inspection, user.unit)
    }


@pytest.mark.parametrize("city_office", [True, False], ids=["city office", "no city office"])
def test_every_roles_queues_show_what_they_count_and_open_what_they_show(
    client, world, city_office
):
    if not city_office:
        # The city government's reviewers then examine and merge the city-level plans.
        world["legal office"].is_active = False
        world["legal office"].save()
    inspection_list = reverse("enterprise:inspections")
    for role, user in world.items():
        if not user.is_active:
            continue
        queued: set[int] = set()
        has_queue = False
        for label, count, url in enterprise_queues(client, user):
            response = client.get(url)
            assert response.status_code == 200, (role, label)
            page = response.context["page"]
            assert page.paginator.count == count, (role, label, url)
            if not url.startswith(inspection_list):
                continue
            has_queue = True
            assert page.paginator.num_pages == 1  # every row is read below
            rows = [inspection.pk for inspection in page.object_list]
            queued.update(rows)
            for pk in rows:
                opened = client.get(reverse("enterprise:inspection", args=[pk]))
                assert opened.status_code == 200, (role, label, pk)
        waiting = decides(user)
        if has_queue:
            assert waiting <= queued, (role, waiting - queued)
        for pk in waiting:
            assert client.get(reverse("enterprise:inspection", args=[pk])).status_code == 200
        # The plans offered to merge open too.
        candidates = client.get(inspection_list).context["candidates"]
        for group in candidates:
            for inspection in group["plans"]:
                opened = client.get(inspection.get_absolute_url())
                assert opened.status_code == 200, (role, inspection.pk)


def test_the_county_government_sees_and_counts_the_plans_it_approves(client, world):
    """The county's reviewers approve the plan for an enterprise whose area is read from its
    responsible unit, one of the county's own bureaus: it is in their queue, it opens, they
    approve it; another county's reviewers neither count nor see it."""
    reviewer = world["county reviewer"]
    unlocated = Inspection.objects.get(enterprise__name="区工信局联系企业", status="planned")
    [(label, count, url)] = [
        row
        for row in enterprise_queues(client, reviewer)
        if row[0] == "待本级政府批准的执法检查计划"
    ]
    assert count == 2  # the joint inspection and this plan; not the other county's
    assert unlocated.pk in [i.pk for i in client.get(url).context["page"].object_list]
    assert client.get(unlocated.get_absolute_url()).status_code == 200
    services.inspection_approve(inspection=unlocated, user=reviewer)
    elsewhere = world["other county's reviewer"]
    client.force_login(elsewhere)
    assert client.get(unlocated.get_absolute_url()).status_code == 404
    # The other county's own staff do not see it either: it is the approving government's.
    client.force_login(UserFactory(role=Role.UNIT_STAFF, unit=elsewhere.unit))
    assert client.get(unlocated.get_absolute_url()).status_code == 404
