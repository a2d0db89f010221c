"""The enterprise lists' Excel files: the cells an office reads (labels, leaders, dates, amounts,
overdue), a fixed number of queries whatever the rows, and a large file built in the background
of what the user may see."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise.choices import ComplaintChannel, ComplaintStatus, InspectionStatus
from tests.enterprise.factories import (
    ComplaintFactory,
    EnterpriseFactory,
    InspectionFactory,
    VisitFactory,
)
from tests.exports import job_rows, sheet_rows
from tests.factories import LeaderFactory, UnitFactory
from tests.queries import assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today", "_media")]

D = dt.date
FORMULA_NAME = '=HYPERLINK("http://example.com","点这里")'


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def leader(area):
    return LeaderFactory(name="区长甲", title="区长", rank="principal", unit=area)


@pytest.fixture
def enterprises(area, other_area, department, leader):
    ours = EnterpriseFactory(
        name=FORMULA_NAME,
        area=area,
        introducing_unit=department,
        responsible_unit=area,
        counterpart_unit=department,
        total_investment="123456.78",
        tier="city",
        responsible_leader=leader,
        registered_on=D(2026, 1, 5),
    )
    VisitFactory(enterprise=ours, visited_on=D(2026, 11, 10), visiting_unit=area)
    VisitFactory(enterprise=ours, visited_on=D(2026, 10, 3), visiting_unit=area)
    theirs = EnterpriseFactory(
        name="盖州不走访企业",
        area=None,
        introducing_unit=other_area,
        tier="local",
        is_key=False,
        leader_in_charge=leader,
    )
    behind = EnterpriseFactory(
        name="+未走访企业",
        introducing_unit=area,
        counterpart_unit=department,
        total_investment="5000.00",
        responsible_leader=leader,
        registered_on=D(2026, 3, 1),
    )
    VisitFactory(enterprise=behind, visited_on=D(2026, 10, 15), visiting_unit=area)
    return ours, theirs, behind


def test_the_enterprise_list_file(client, drc, area, department, enterprises):
    client.force_login(drc)
    rows = sheet_rows(client.get(reverse("enterprise:list"), {"export": "xlsx"}))
    assert rows == [
        (
            1,
            FORMULA_NAME,
            area.name,
            department.name,
            area.name,
            department.name,
            123456.78,
            "市级领导负责",
            "区长甲（区长）",
            None,
            "是",
            dt.datetime(2026, 11, 10),
        ),
        (
            2,
            "盖州不走访企业",
            None,
            "盖州市",
            "盖州市",
            "盖州市",
            20000.0,
            "地区、部门负责",
            None,
            "区长甲（区长）",
            "否",
            None,
        ),
        (
            3,
            "+未走访企业",
            area.name,
            area.name,
            area.name,
            department.name,
            5000.0,
            "地区、部门主要领导负责",
            "区长甲（区长）",
            None,
            "是",
            dt.datetime(2026, 10, 15),
        ),
    ]


def test_the_missing_visits_file(client, drc, area, department, enterprises):
    client.force_login(drc)
    response = client.get(reverse("enterprise:visits"), {"month": "2026-11", "export": "xlsx"})
    assert sheet_rows(response) == [
        (1, "+未走访企业", area.name, "区长甲（区长）", department.name, dt.datetime(2026, 10, 15))
    ]


@pytest.fixture
def complaints(area, supervisor):
    late = ComplaintFactory(
        subject="=cmd|' /C calc'!A0",
        channel=ComplaintChannel.PHONE,
        received_on=D(2026, 11, 2),
        due_on=D(2026, 11, 11),
        receiving_unit=supervisor.unit,
        handling_unit=area,
    )
    answered = ComplaintFactory(
        subject="用电报装慢",
        channel=ComplaintChannel.ONLINE,
        received_on=D(2026, 11, 20),
        statutory_days=15,
        due_on=D(2026, 12, 3),
        done_on=D(2026, 11, 24),
        status=ComplaintStatus.REPLIED,
        receiving_unit=area,
    )
    answered_late = ComplaintFactory(
        subject="答复超期",
        received_on=D(2026, 10, 2),
        due_on=D(2026, 10, 14),
        done_on=D(2026, 10, 20),
        status=ComplaintStatus.REPLIED,
        receiving_unit=supervisor.unit,
    )
    return late, answered, answered_late


def test_the_complaint_file(client, drc, area, supervisor, complaints):
    late, answered, answered_late = complaints
    client.force_login(drc)
    rows = sheet_rows(client.get(reverse("enterprise:complaints"), {"export": "xlsx"}))
    assert rows == [
        (
            1,
            answered.tracking_number,
            "网络平台",
            "用电报装慢",
            dt.datetime(2026, 11, 20),
            15,
            dt.datetime(2026, 12, 3),
            dt.datetime(2026, 11, 24),
            "已书面答复",
            area.name,
            area.name,
            "否",
        ),
        (
            2,
            late.tracking_number,
            "电话",
            "=cmd|' /C calc'!A0",
            dt.datetime(2026, 11, 2),
            None,
            dt.datetime(2026, 11, 11),
            None,
            "已受理",
            supervisor.unit.name,
            area.name,
            "是",
        ),
        (
            3,
            answered_late.tracking_number,
            "电话",
            "答复超期",
            dt.datetime(2026, 10, 2),
            None,
            dt.datetime(2026, 10, 14),
            dt.datetime(2026, 10, 20),
            "已书面答复",
            supervisor.unit.name,
            supervisor.unit.name,
            "是",
        ),
    ]


@pytest.fixture
def inspections(enterprises, city_gov):
    ours, theirs, _ = enterprises
    ecology = UnitFactory(
        name="营口市生态环境局",
        code="SSTHJJ",
        kind="municipal_department",
        enforcement_system="ecology",
    )
    market = UnitFactory(
        name="营口市市场监督管理局",
        code="SSCJGJ",
        kind="municipal_department",
        enforcement_system="market",
    )
    joint = InspectionFactory(
        enterprise=ours,
        agency=ecology,
        planned_on=D(2026, 12, 10),
        purpose="@联合检查",
        status=InspectionStatus.APPROVED,
        approved_by_unit=city_gov,
    )
    merged = InspectionFactory(
        enterprise=ours,
        agency=market,
        planned_on=D(2026, 12, 10),
        purpose="计量器具检查",
        status=InspectionStatus.MERGED,
        joint_with=joint,
    )
    done = InspectionFactory(
        enterprise=theirs,
        agency=market,
        planned_on=D(2026, 11, 3),
        purpose="计量器具检查",
        status=InspectionStatus.DONE,
        carried_out_on=D(2026, 11, 4),
    )
    return joint, merged, done


def test_the_inspection_file(client, legal, city_gov, inspections):
    client.force_login(legal)
    rows = sheet_rows(client.get(reverse("enterprise:inspections"), {"export": "xlsx"}))
    assert rows == [
        (
            1,
            FORMULA_NAME,
            "营口市生态环境局",
            dt.datetime(2026, 12, 10),
            "@联合检查",
            "已批准",
            city_gov.name,
            None,
            None,
            None,
        ),
        (
            2,
            FORMULA_NAME,
            "营口市市场监督管理局",
            dt.datetime(2026, 12, 10),
            "计量器具检查",
            "已并入联合检查",
            None,
            "营口市生态环境局",
            None,
            None,
        ),
        (
            3,
            "盖州不走访企业",
            "营口市市场监督管理局",
            dt.datetime(2026, 11, 3),
            "计量器具检查",
            "已实施",
            None,
            None,
            dt.datetime(2026, 11, 4),
            None,
        ),
    ]


def test_the_inspection_file_says_which_open_inspections_no_longer_fit_and_why(
    client, legal, inspections
):
    """E-5's marker, as the list shows it: the joint inspection led by a bureau no longer an
    enforcement agency, and the plan merged into it, read 已不符合E-5，待核实 with the reason;
    the inspection carried out is not judged again. A reason naming the enterprise keeps its
    name as text."""
    joint, merged, done = inspections
    joint.agency.enforcement_system = ""
    joint.agency.save()
    merged.agency.level = "county"
    merged.agency.code = "GZ-SCJGJ"
    merged.agency.save()
    client.force_login(legal)
    rows = sheet_rows(client.get(reverse("enterprise:inspections"), {"export": "xlsx"}))
    reasons = (
        "已不符合E-5，待核实：营口市生态环境局已不是行政执法机关。（E-5）"
        f"营口市市场监督管理局只能对本辖区（盖州市）的企业执法检查，{FORMULA_NAME}不在其辖区。（E-5）"
    )
    assert [row[-1] for row in rows] == [reasons, reasons, None]


# --- a fixed number of queries ------------------------------------------------------------------


def _export(client, url, **query):
    return lambda: client.get(reverse(url), {"export": "xlsx", **query})


def test_the_enterprise_file_runs_a_fixed_number_of_queries(client, drc, area, leader):
    client.force_login(drc)

    def add(n):
        for _ in range(n):
            enterprise = EnterpriseFactory(
                introducing_unit=UnitFactory(), responsible_leader=leader, area=area
            )
            VisitFactory(enterprise=enterprise)

    assert_constant_queries(_export(client, "enterprise:list"), add, small=2, large=12)


def test_the_missing_visits_file_runs_a_fixed_number_of_queries(client, drc, leader):
    client.force_login(drc)

    def add(n):
        EnterpriseFactory.create_batch(n, introducing_unit=UnitFactory(), leader_in_charge=leader)

    call = _export(client, "enterprise:visits", month="2026-11")
    assert_constant_queries(call, add, small=2, large=12)


def test_the_complaint_file_runs_a_fixed_number_of_queries(client, drc, area):
    client.force_login(drc)

    def add(n):
        ComplaintFactory.create_batch(n, receiving_unit=UnitFactory(), handling_unit=area)

    assert_constant_queries(_export(client, "enterprise:complaints"), add, small=2, large=12)


def test_the_inspection_file_runs_a_fixed_number_of_queries(client, legal, city_gov):
    client.force_login(legal)
    joint = InspectionFactory(status=InspectionStatus.APPROVED, approved_by_unit=city_gov)

    def add(n):
        for _ in range(n):
            InspectionFactory(
                agency=UnitFactory(), status=InspectionStatus.MERGED, joint_with=joint
            )

    assert_constant_queries(_export(client, "enterprise:inspections"), add, small=2, large=12)


# --- large files: built in the background, of what the user may see ------------------------------


@pytest.fixture
def one_row_direct(settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 1


@pytest.mark.usefixtures("one_row_direct")
def test_a_large_enterprise_file_is_a_job_of_the_units_enterprises(
    client, owner, enterprises, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("enterprise:list"), {"export": "xlsx", "ordering": "name"})
    # Not 盖州's enterprise, which the owner's unit does not answer for.
    assert [row[1] for row in job_rows(client, response)] == ["+未走访企业", FORMULA_NAME]


@pytest.mark.usefixtures("one_row_direct")
def test_a_large_missing_visits_file_is_a_job_of_the_units_enterprises_that_month(
    client, owner, area, other_area, enterprises, django_capture_on_commit_callbacks
):
    EnterpriseFactory(name="本区另一企业", introducing_unit=area, total_investment=1)
    EnterpriseFactory(name="外区未走访企业", introducing_unit=other_area)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("enterprise:visits"), {"export": "xlsx", "month": "2026-11"})
    assert [row[1] for row in job_rows(client, response)] == ["+未走访企业", "本区另一企业"]


@pytest.mark.usefixtures("one_row_direct")
def test_a_large_complaint_file_is_a_job_of_the_units_complaints(
    client, other_area, area, complaints, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    clerk = UserFactory(username="clerk", unit=area)
    ComplaintFactory(subject="别处的投诉", receiving_unit=other_area)
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("enterprise:complaints"), {"export": "xlsx"})
    assert [row[3] for row in job_rows(client, response)] == ["用电报装慢", "=cmd|' /C calc'!A0"]


@pytest.mark.usefixtures("one_row_direct")
def test_a_large_inspection_file_is_a_job_of_the_agencys_inspections(
    client, enterprises, inspections, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    joint, merged, _ = inspections
    InspectionFactory(enterprise=enterprises[2], agency=joint.agency, purpose="别的机关的检查")
    inspector = UserFactory(username="inspector", unit=merged.agency)
    client.force_login(inspector)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("enterprise:inspections"), {"export": "xlsx"})
    # Its own plans and the joint inspection it takes part in, not another agency's plan.
    assert [row[4] for row in job_rows(client, response)] == [
        "@联合检查",
        "计量器具检查",
        "计量器具检查",
    ]


@pytest.mark.usefixtures("one_row_direct")
def test_the_worker_exports_what_the_user_may_see_when_it_builds_the_file(
    client, owner, other_area, enterprises, django_capture_on_commit_callbacks
):
    from yingkou.export_jobs import export_build
    from yingkou.models import ExportJob

    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.get(reverse("enterprise:list"), {"export": "xlsx"})
    # Moved to 盖州市 before the worker got to the file: 盖州市's enterprise, not 鲅鱼圈区's.
    owner.unit = other_area
    owner.save()
    export_build(ExportJob.objects.get().pk)
    assert [row[1] for row in job_rows(client, response)] == ["盖州不走访企业"]
