"""E-5: the inspections list (page and API) filters on the marker 已不符合E-5，待核实
(`?unfit=1`), read live like the marker itself, in a fixed number of queries whatever the
number of inspections."""

import re

import pytest
from django.urls import reverse

from enterprise.choices import InspectionStatus
from tests.conftest import api_as
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.enterprise.inspections import agency
from tests.factories import UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def rows(area, other_area, city_gov):
    """Inspections of a 鲅鱼圈区 enterprise: the county market bureau's approved plan fits;
    盖州市's bureau's pending plan does not (another county's enterprise); a joint inspection
    of a city bureau no longer an enforcement agency does not, nor the plan merged into it (of
    another system, so no upper level of the county bureau); that bureau's inspection carried
    out is not judged again."""
    enterprise = EnterpriseFactory(name="营口港精细化工有限公司", introducing_unit=area, area=area)
    fits = InspectionFactory(
        enterprise=enterprise,
        agency=agency("BYQ-SCJG", "county", "market", parent=area),
        status=InspectionStatus.APPROVED,
        approved_by_unit=area,
        purpose="符合",
    )
    elsewhere = InspectionFactory(
        enterprise=enterprise,
        agency=agency("GZ-SCJG", "county", "market", parent=other_area),
        purpose="辖区外",
    )
    former = agency("STHJ", "city", "")
    joint = InspectionFactory(
        enterprise=enterprise,
        agency=former,
        status=InspectionStatus.APPROVED,
        approved_by_unit=city_gov,
        purpose="联合检查",
    )
    merged = InspectionFactory(
        enterprise=enterprise,
        agency=agency("YJJ", "city", "emergency"),
        status=InspectionStatus.MERGED,
        joint_with=joint,
        purpose="并入",
    )
    InspectionFactory(
        enterprise=enterprise,
        agency=former,
        planned_on=joint.planned_on.replace(year=2025),
        status=InspectionStatus.DONE,
        purpose="已实施",
    )
    return fits, elsewhere, joint, merged


def purposes(response) -> list[str]:
    return sorted(row["purpose"] for row in response.json()["results"])


def test_the_api_lists_only_what_no_longer_fits_or_only_what_does(legal, rows):
    client = api_as(legal)
    marked = client.get("/api/v1/enterprise/inspections/?unfit=true")
    assert purposes(marked) == ["并入", "联合检查", "辖区外"]
    assert all(row["unfit"] for row in marked.json()["results"])
    assert purposes(client.get("/api/v1/enterprise/inspections/?unfit=1")) == purposes(marked)
    unmarked = client.get("/api/v1/enterprise/inspections/?unfit=false")
    assert purposes(unmarked) == ["已实施", "符合"]


def test_the_page_filters_the_same_and_offers_the_filter(client, legal, rows):
    client.force_login(legal)
    page = client.get(reverse("enterprise:inspections"), {"unfit": "1"}).content.decode()
    listed = re.findall(r'href="/enterprise/inspections/\d+/">([^<]+)</a>', page)
    assert sorted(listed) == ["并入", "联合检查", "辖区外"]
    assert page.count("data-unfit") == 3
    assert 'name="unfit"' in client.get(reverse("enterprise:inspections")).content.decode()


def test_an_agency_filters_only_its_own(client, rows):
    _fits, elsewhere, _joint, _merged = rows
    staff = UserFactory(role=Role.UNIT_STAFF, unit=elsewhere.agency)
    assert purposes(api_as(staff).get("/api/v1/enterprise/inspections/?unfit=1")) == ["辖区外"]


@pytest.fixture
def add_rows(area, other_area, city_gov):
    counter = iter(range(10_000))
    former = agency("STHJ", "city", "")
    market = agency("YJJ", "city", "emergency")
    outside = agency("GZ-SCJG", "county", "market", parent=other_area)

    def add(n):
        for _ in range(n):
            enterprise = EnterpriseFactory(introducing_unit=area, area=area)
            joint = InspectionFactory(
                enterprise=enterprise,
                agency=former,
                status=InspectionStatus.APPROVED,
                approved_by_unit=city_gov,
                purpose=f"联合检查{next(counter)}",
            )
            InspectionFactory(
                enterprise=enterprise,
                agency=market,
                status=InspectionStatus.MERGED,
                joint_with=joint,
            )
            InspectionFactory(enterprise=enterprise, agency=outside)

    return add


def test_the_filtered_page_runs_a_fixed_number_of_queries(client, legal, add_rows):
    client.force_login(legal)
    assert_constant_queries(
        lambda: client.get(reverse("enterprise:inspections"), {"unfit": "1"}),
        add_rows,
        small=2,
        large=20,
    )


def test_the_filtered_api_runs_a_fixed_number_of_queries(legal, add_rows):
    client = api_as(legal)
    assert_constant_queries(
        lambda: client.get("/api/v1/enterprise/inspections/?unfit=true&page_size=500"),
        add_rows,
        small=2,
        large=20,
    )


def test_the_filtered_export_runs_a_fixed_number_of_queries(client, legal, add_rows):
    client.force_login(legal)
    assert_constant_queries(
        lambda: client.get(reverse("enterprise:inspections"), {"unfit": "1", "export": "xlsx"}),
        add_rows,
        small=2,
        large=12,
    )
