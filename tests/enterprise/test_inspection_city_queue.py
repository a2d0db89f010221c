"""E-5: where the city has no legal affairs office, the city government's own reviewers examine,
merge and approve the city-level agencies' plans. Like the office, they have the plans waiting
for them on their home page — a count and a link to the list filtered to those plans — and
they see those plans (the notice of each plan filed links to it)."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from enterprise import dashboard, services
from enterprise.choices import InspectionStatus
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.enterprise.inspections import agency, legal_office, plan
from tests.factories import UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

QUEUE = "待市政府批准、合并的执法检查计划"


@pytest.fixture
def szf_reviewer(city_gov):
    return UserFactory(username="szf_reviewer", role=Role.UNIT_REVIEWER, unit=city_gov)


@pytest.fixture
def plans(area):
    """Two city-level plans waiting (one joint inspection still to be merged), a county-level
    one (its county's to approve), a city-level one already approved."""
    enterprise = EnterpriseFactory(name="营口港精细化工有限公司", introducing_unit=area, area=area)
    ecology = plan(agency("STHJ", "city", "ecology"), enterprise)
    market = plan(agency("SCJG", "city", "market"), enterprise, dt.date(2026, 12, 14))
    plan(
        agency("BYQ-YJJ", "county", "emergency", parent=area),
        EnterpriseFactory(introducing_unit=area, area=area),
    )
    InspectionFactory(
        enterprise=EnterpriseFactory(introducing_unit=area),
        agency=agency("SZJJ", "city", "housing"),
        status=InspectionStatus.APPROVED,
    )
    return ecology, market


def queue(user):
    return {label: (count, url) for label, count, url in dashboard.panels(user)[0]["rows"]}


def listed(client, url) -> list[int]:
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    response = client.get("/api/v1/enterprise/inspections/", query)
    return sorted(row["id"] for row in response.json()["results"])


def test_without_a_city_office_the_city_governments_reviewers_have_the_queue(
    client, szf_reviewer, plans
):
    count, url = queue(szf_reviewer)[QUEUE]
    assert count == 2
    assert url.startswith(reverse("enterprise:inspections"))
    assert parse_qs(urlsplit(url).query) == {
        "status": ["planned"],
        "agency_level": ["city"],
        "year_from": ["2026"],
    }
    client.force_login(szf_reviewer)
    assert listed(client, url) == sorted(plan.pk for plan in plans)
    page = client.get(url).content.decode()
    assert "营口港精细化工有限公司" in page and "合并为联合检查" in page

    # The plan the notice links to opens for them, and they merge, then approve it.
    ecology, market = plans
    assert client.get(ecology.get_absolute_url()).status_code == 200
    services.inspection_merge(inspections=[ecology, market], lead=ecology, user=szf_reviewer)
    services.inspection_approve(inspection=ecology, user=szf_reviewer)
    assert queue(szf_reviewer)[QUEUE][0] == 0


def test_with_a_city_office_it_is_the_offices_queue_and_the_city_leaders(
    szf_reviewer, city_gov, plans, legal
):
    assert QUEUE not in queue(szf_reviewer)
    assert queue(legal)["待批准、待合并的执法检查计划"][0] == 3  # its queue, unchanged
    mayor = UserFactory(role=Role.CITY_LEADER, unit=city_gov)
    assert queue(mayor)[QUEUE][0] == 2  # the city government approves the city's plans


def test_an_office_without_an_active_user_is_no_office(szf_reviewer, plans, legal):
    legal.is_active = False
    legal.save()
    assert queue(szf_reviewer)[QUEUE][0] == 2


def test_nobody_else_has_it(city_gov, reviewer, area, plans):
    clerk = UserFactory(role=Role.UNIT_STAFF, unit=city_gov)
    legal_office("BYQ-SFJ", "county", parent=area)  # a county's office is not the city's
    for user in (clerk, reviewer):
        assert QUEUE not in queue(user)


def test_the_queue_and_its_list_run_a_fixed_number_of_queries(client, szf_reviewer, area):
    ecology = agency("STHJ", "city", "ecology")

    def add(n):
        for _ in range(n):
            InspectionFactory(enterprise=EnterpriseFactory(introducing_unit=area), agency=ecology)

    assert_constant_queries(lambda: dashboard.panels(szf_reviewer), add, small=2, large=20)
    assert queue(szf_reviewer)[QUEUE][0] == 20
    client.force_login(szf_reviewer)
    url = queue(szf_reviewer)[QUEUE][1]
    assert_constant_queries(lambda: client.get(url), add, small=1, large=30)


AREA_QUEUE = "待本级政府批准的执法检查计划"


def test_a_county_governments_reviewers_have_their_countys_plans_waiting(
    client, area, plans, other_area
):
    """E-5 须经本级政府批准: the county's reviewers approve its county-level agencies' plans;
    their home page counts those waiting and links to them (the city-level ones are not theirs)."""
    reviewer = UserFactory(username="byq_reviewer", role=Role.UNIT_REVIEWER, unit=area)
    # An enterprise the area introduced (so sees) but located in another county: its county
    # plan is that county's government's to approve, not this one's.
    plan(
        agency("GZ-YJJ", "county", "emergency", parent=other_area),
        EnterpriseFactory(introducing_unit=area, area=other_area),
    )
    count, url = queue(reviewer)[AREA_QUEUE]
    assert count == 1
    client.force_login(reviewer)
    [waiting] = listed(client, url)
    assert client.get(reverse("enterprise:inspection", args=[waiting])).status_code == 200
    services.inspection_approve(
        inspection=InspectionFactory._meta.model.objects.get(pk=waiting), user=reviewer
    )
    assert queue(reviewer)[AREA_QUEUE][0] == 0
    elsewhere = UserFactory(username="gz_reviewer", role=Role.UNIT_REVIEWER, unit=other_area)
    assert queue(elsewhere)[AREA_QUEUE][0] == 1
    staff = UserFactory(username="byq_staff", role=Role.UNIT_STAFF, unit=area)
    assert AREA_QUEUE not in queue(staff)


def test_an_agencys_staff_have_its_own_plans_on_their_home_page(client, area, owner):
    """E-5: the inspections are an agency's whole work here, yet its staff's home page counted
    none of them: the plans waiting for approval and the approved ones still to be carried out
    are counted, each linked to the list of that agency's plans."""
    bureau = agency("BYQ-SCJG", "county", "market", parent=area)
    staff = UserFactory(username="byq_scjg", role=Role.UNIT_STAFF, unit=bureau)
    enterprise = EnterpriseFactory(introducing_unit=area, area=area)
    waiting = plan(bureau, enterprise)
    approved = InspectionFactory(
        enterprise=EnterpriseFactory(introducing_unit=area, area=area),
        agency=bureau,
        status=InspectionStatus.APPROVED,
    )
    InspectionFactory(enterprise=enterprise, agency=bureau, status=InspectionStatus.DONE)
    plan(agency("BYQ-STHJ", "county", "ecology", parent=area), enterprise)  # another agency's
    rows = queue(staff)
    client.force_login(staff)
    for label, expected in (
        ("本机关待批准的执法检查计划", waiting),
        ("本机关已批准、待实施的执法检查", approved),
    ):
        count, url = rows[label]
        assert count == 1
        assert parse_qs(urlsplit(url).query)["agency"] == [str(bureau.pk)]
        assert listed(client, url) == [expected.pk]
    assert not {"本机关待批准的执法检查计划", "本机关已批准、待实施的执法检查"} & set(queue(owner))


def test_an_agencys_staff_have_its_inspections_first_on_their_home_page(client, area, owner):
    """E-5: an agency's inspections sat at the foot of a home page whose project figures and
    queues are all zeros for it; they come first, before the figures. Other units' staff keep
    theirs as it was: the figures, then each app's panels."""
    bureau = agency("BYQ-SCJG", "county", "market", parent=area)
    staff = UserFactory(username="byq_scjg", role=Role.UNIT_STAFF, unit=bureau)
    plan(bureau, EnterpriseFactory(introducing_unit=area, area=area))
    client.force_login(staff)
    page = client.get("/").content.decode()
    panels = page.split('<section class="card panel">')[1:]
    assert "<h2>本机关执法检查（E-5）</h2>" in panels[0]
    assert (
        "本机关待批准的执法检查计划" in panels[0] and "本机关已批准、待实施的执法检查" in panels[0]
    )
    assert page.index("本机关执法检查（E-5）") < page.index("可见项目")
    assert not any("本机关待批准的执法检查计划" in panel for panel in panels[1:])
    client.force_login(owner)
    page = client.get("/").content.decode()
    assert "执法检查（E-5）" not in page
    assert page.index("可见项目") < page.index('<section class="card panel">')


def test_the_legal_affairs_office_has_its_plans_first_on_its_home_page(client, legal, plans):
    """E-5: the plans the legal affairs office approves and merges, its whole work here, sat at
    the foot of the enterprise panel after a page of project figures; they come first."""
    client.force_login(legal)
    page = client.get("/").content.decode()
    panels = page.split('<section class="card panel">')[1:]
    assert "<h2>执法检查计划的审查与合并（E-5）</h2>" in panels[0]
    assert "待批准、待合并的执法检查计划" in panels[0]
    assert page.index("执法检查计划的审查与合并（E-5）") < page.index("可见项目")
    assert not any("待批准、待合并的执法检查计划" in panel for panel in panels[1:])
