"""Pages: remit (404), forbidden actions (403), rule errors on forms, the public complaint form,
personal data on pages, and fixed query counts on every list."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from enterprise.filters import VisitFilterSet
from enterprise.models import Complaint, Visit
from tests.enterprise.factories import (
    ComplaintFactory,
    EnterpriseFactory,
    InspectionFactory,
    PromiseFactory,
    VisitFactory,
)
from tests.factories import LeaderFactory, UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import LeaderRank, Role, UnitKind

D = dt.date


@pytest.fixture
def enterprise(area):
    return EnterpriseFactory(name="营口某化工有限公司", introducing_unit=area)


@pytest.fixture
def office(db):
    return UnitFactory(name="营口市营商环境建设局", code="YSHJ", kind=UnitKind.SUPERVISION_BUREAU)


@pytest.mark.django_db
class TestRemit:
    def test_every_page_answers(self, client, drc, enterprise):
        client.force_login(drc)
        for name in (
            "list",
            "visits",
            "problems",
            "complaints",
            "inspections",
            "promises",
            "assessment",
            "from_project",
            "create",
        ):
            assert client.get(reverse(f"enterprise:{name}")).status_code == 200, name
        assert client.get(reverse("enterprise:detail", args=[enterprise.pk])).status_code == 200
        assert client.get(reverse("home")).status_code == 200

    def test_outsider_gets_404_and_a_reader_403(
        self, client, enterprise, outsider, city_leader_user
    ):
        client.force_login(outsider)
        assert client.get(reverse("enterprise:detail", args=[enterprise.pk])).status_code == 404
        client.force_login(city_leader_user)
        assert client.get(reverse("enterprise:detail", args=[enterprise.pk])).status_code == 200
        assert client.get(reverse("enterprise:edit", args=[enterprise.pk])).status_code == 403
        assert (
            client.get(reverse("enterprise:visit_create", args=[enterprise.pk])).status_code == 403
        )

    def test_assessment_is_for_supervision_and_leaders(self, client, owner, city_leader_user):
        client.force_login(owner)
        assert client.get(reverse("enterprise:assessment")).status_code == 403
        client.force_login(city_leader_user)
        assert client.get(reverse("enterprise:assessment")).status_code == 200
        assert client.get(reverse("enterprise:assessment_figures")).status_code == 403


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_visit_page_shows_who_is_behind(client, drc, area, area_principal):
    # October is shown as of its end: its records are entered in October.
    with time_machine.travel(dt.datetime(2026, 10, 28, 10, tzinfo=dt.UTC), tick=False):
        behind = EnterpriseFactory(
            name="未走访企业", introducing_unit=area, responsible_leader=area_principal
        )
        visited = EnterpriseFactory(name="已走访企业", introducing_unit=area)
        VisitFactory(enterprise=behind, visited_on=D(2026, 10, 28))
    VisitFactory(enterprise=visited, visited_on=D(2026, 11, 3))
    client.force_login(drc)
    page = client.get(reverse("enterprise:visits")).content.decode()
    assert "未走访企业" in page and area_principal.name in page
    assert "已走访企业" not in page
    october = client.get(reverse("enterprise:visits") + "?month=2026-10").content.decode()
    assert "已走访企业" in october and "未走访企业" not in october
    # October leads on to November; the month running leads back only, not to one not begun.
    assert "?month=2026-11" in october and "?month=2026-09" in october
    assert "?month=2026-12" not in page and "?month=2026-10" in page
    # The number behind is red only when someone is behind.
    assert '<div class="stat bad">1</div>' in page
    VisitFactory(enterprise=behind, visited_on=D(2026, 11, 4))
    caught_up = client.get(reverse("enterprise:visits")).content.decode()
    assert '<div class="stat">0</div>' in caught_up and "stat bad" not in caught_up


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_visit_coverage_is_headed_and_written_out(client, drc, area):
    """E-2: each unit's coverage is read as text under its own heading, not only from a bar's
    hover title, which a phone cannot show."""
    with time_machine.travel(dt.datetime(2026, 10, 28, 10, tzinfo=dt.UTC), tick=False):
        EnterpriseFactory(introducing_unit=area)
        visited = EnterpriseFactory(introducing_unit=area)
    VisitFactory(enterprise=visited, visited_on=D(2026, 11, 3))
    client.force_login(drc)
    page = client.get(reverse("enterprise:visits")).content.decode()
    assert "<th></th>" not in page and '<th class="u-w-40"></th>' not in page
    assert "覆盖率</th>" in page
    assert '<span class="nowrap">50%</span>' in page


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_visit_page_lists_a_suspended_key_enterprise_as_such(client, drc, area):
    """E-2: a suspended (停产) key enterprise is still owed its monthly service; the list says
    it is suspended, so the unit knows why it is there."""
    with time_machine.travel(dt.datetime(2026, 10, 28, 10, tzinfo=dt.UTC), tick=False):
        EnterpriseFactory(name="停产企业", introducing_unit=area, status="suspended")
    client.force_login(drc)
    page = client.get(reverse("enterprise:visits")).content.decode()
    assert '停产企业</a> <span class="muted">（停产）</span>' in page


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_recording_a_visit_from_the_page(client, owner, enterprise):
    client.force_login(owner)
    url = reverse("enterprise:visit_create", args=[enterprise.pk])
    response = client.post(url, {"visited_on": "2026-11-27", "visitors": "周", "topics": "x"})
    assert "E-2" in response.content.decode()  # a visit in the future is refused
    response = client.post(
        url, {"visited_on": "2026-11-25", "visitors": "周", "topics": "融资对接"}
    )
    assert response.status_code == 302
    assert Visit.objects.get().visiting_unit == owner.unit


@pytest.mark.django_db
def test_the_visit_form_names_each_leaders_unit(client, owner, enterprise, area):
    """Two bureaus' 局长 are told apart on the form: E-2 counts only the enterprise's own chain."""
    commerce = UnitFactory(name="营口市商务局", code="SWJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    finance = UnitFactory(name="营口市财政局", code="CZJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    LeaderFactory(name="张志明", title="局长", rank=LeaderRank.PRINCIPAL, unit=commerce)
    LeaderFactory(name="李国华", title="局长", rank=LeaderRank.PRINCIPAL, unit=finance)
    client.force_login(owner)
    page = client.get(reverse("enterprise:visit_create", args=[enterprise.pk])).content.decode()
    assert "张志明（营口市商务局 局长）" in page and "李国华（营口市财政局 局长）" in page
    assert "张志明（局长）" not in page
    edit = client.get(reverse("enterprise:edit", args=[enterprise.pk])).content.decode()
    assert "张志明（营口市商务局 局长）" in edit


@pytest.mark.django_db
class TestPublicComplaints:
    def test_submit_without_login_and_track(self, client, office):
        from django.core.cache import cache

        cache.clear()
        response = client.post(
            reverse("enterprise:complaint_public"),
            {
                "complainant_name": "隐私姓名",
                "complainant_phone": "13712345678",
                "subject": "乱收费",
                "content": "被收取无依据的服务费。",
            },
        )
        assert response.status_code == 302  # post/redirect/get
        complaint = Complaint.objects.get()
        confirmation = client.get(response.url)
        assert complaint.tracking_number in confirmation.content.decode()
        again = client.get(response.url)  # a browser refresh shows it again, files nothing
        assert complaint.tracking_number in again.content.decode()
        assert Complaint.objects.count() == 1
        track = client.get(
            reverse("enterprise:complaint_track"), {"number": complaint.tracking_number.lower()}
        ).content.decode()
        assert "已受理" in track and str(complaint.due_on.year) in track
        for private in ("隐私姓名", "13712345678", "乱收费", "无依据"):
            assert private not in track
        missing = client.get(
            reverse("enterprise:complaint_track"), {"number": "TS20260101XXXXXXXXXX"}
        )
        assert "未找到" in missing.content.decode()

    def test_floods_are_refused(self, client, office):
        from django.core.cache import cache

        from enterprise.views import PUBLIC_SUBMISSIONS_PER_HOUR

        cache.clear()
        body = {
            "complainant_name": "甲",
            "complainant_phone": "13900001111",  # phone numbers are validated now
            "subject": "s",
            "content": "c",
        }
        for _ in range(PUBLIC_SUBMISSIONS_PER_HOUR):
            client.post(reverse("enterprise:complaint_public"), body)
        refused = client.post(reverse("enterprise:complaint_public"), body)
        assert "提交过于频繁" in refused.content.decode()
        assert Complaint.objects.count() == PUBLIC_SUBMISSIONS_PER_HOUR
        cache.clear()

    def test_staff_pages_need_login(self, client):
        response = client.get(reverse("enterprise:complaints"))
        assert response.status_code == 302


@pytest.mark.django_db
def test_personal_data_on_pages_only_for_handlers(client, office, drc, supervisor):
    complaint = ComplaintFactory(receiving_unit=supervisor.unit, complainant_name="投诉人甲")
    url = reverse("enterprise:complaint", args=[complaint.pk])
    client.force_login(drc)
    for page in (client.get(url), client.get(reverse("enterprise:complaints"))):
        text = page.content.decode()
        assert "投诉人甲" not in text and "13900001111" not in text
    client.force_login(supervisor)
    assert "13900001111" in client.get(url).content.decode()
    assert "投诉人甲" in client.get(reverse("enterprise:complaints")).content.decode()
    # A reader cannot act on it.
    client.force_login(drc)
    assert (
        client.post(
            reverse("enterprise:complaint_reply", args=[complaint.pk]),
            {"outcome": "x", "done_on": "2026-11-20"},
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_inspection_form_shows_the_e5_refusal(client, enterprise, frozen_today):
    agency = UnitFactory(code="STHJ", level="city", enforcement_system="ecology")
    staff = UserFactory(role=Role.UNIT_STAFF, unit=agency)
    InspectionFactory(enterprise=enterprise, agency=agency, planned_on=D(2026, 3, 1))
    client.force_login(staff)
    response = client.post(
        reverse("enterprise:inspection_create"),
        {"enterprise": enterprise.pk, "planned_on": "2026-12-01", "purpose": "复查"},
    )
    assert response.status_code == 200
    assert "E-5" in response.content.decode()
    assert "每年不得超过一次" in response.content.decode()


@pytest.mark.django_db
class TestConstantQueries:
    def test_enterprise_list(self, client, drc, area):
        client.force_login(drc)

        def add(n):
            for _ in range(n):
                VisitFactory(enterprise=EnterpriseFactory(introducing_unit=area))

        assert_constant_queries(lambda: client.get(reverse("enterprise:list")), add, large=60)

    def test_visits_page(self, client, drc, area):
        client.force_login(drc)

        def add(n):
            for i in range(n):
                unit = UnitFactory()
                EnterpriseFactory(introducing_unit=unit if i % 2 else area)

        assert_constant_queries(lambda: client.get(reverse("enterprise:visits")), add, large=60)

    def test_complaint_list(self, client, supervisor, area):
        client.force_login(supervisor)

        def add(n):
            for _ in range(n):
                complaint = ComplaintFactory(receiving_unit=supervisor.unit)
                complaint.transfers.create(
                    from_unit=supervisor.unit, to_unit=area, transferred_on=D(2026, 11, 3)
                )

        assert_constant_queries(lambda: client.get(reverse("enterprise:complaints")), add, large=60)

    def test_inspection_list_for_legal_affairs(self, client, legal, area):
        client.force_login(legal)
        agency = UnitFactory(enforcement_system="ecology")
        market = UnitFactory(enforcement_system="market")

        def add(n):
            for _ in range(n):
                enterprise = EnterpriseFactory(introducing_unit=area)
                InspectionFactory(enterprise=enterprise, agency=agency)
                InspectionFactory(enterprise=enterprise, agency=market)

        assert_constant_queries(
            lambda: client.get(reverse("enterprise:inspections")), add, large=60
        )

    def test_promises_and_problems(self, client, drc, enterprise):
        client.force_login(drc)
        assert_constant_queries(
            lambda: client.get(reverse("enterprise:promises")),
            lambda n: PromiseFactory.create_batch(n, enterprise=enterprise),
            large=60,
        )


@pytest.mark.django_db
def test_complaint_export_and_history_leave_personal_data_out(client, supervisor):
    import io

    from openpyxl import load_workbook

    from enterprise import services

    complaint = ComplaintFactory(receiving_unit=supervisor.unit, complainant_name="投诉人乙")
    services.complaint_reply(
        complaint=complaint, user=supervisor, outcome="已答复", done_on=D(2026, 11, 5)
    )
    client.force_login(supervisor)
    response = client.get(reverse("enterprise:complaints"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert complaint.tracking_number in cells
    assert not any("投诉人乙" in c or "13900001111" in c for c in cells)
    historical = complaint.history.first()
    assert not hasattr(historical, "complainant_name")
    assert not hasattr(historical, "complainant_phone")


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_overdue_filter(client, supervisor):
    late = ComplaintFactory(
        receiving_unit=supervisor.unit, subject="超期件", due_on=D(2026, 11, 20)
    )
    ComplaintFactory(receiving_unit=supervisor.unit, subject="未到期件", due_on=D(2026, 12, 3))
    client.force_login(supervisor)
    text = client.get(reverse("enterprise:complaints"), {"is_overdue": "true"}).content.decode()
    assert late.subject in text and "未到期件" not in text
    assert '<div class="stat bad">1</div>' in text
    late.delete()
    text = client.get(reverse("enterprise:complaints")).content.decode()
    assert '<div class="stat">0</div>' in text and "stat bad" not in text


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_problem_pages(client, owner, teammate, department, enterprise):
    client.force_login(owner)
    response = client.post(
        reverse("enterprise:problem_create", args=[enterprise.pk]),
        {"category": "labour", "description": "缺少熟练技工", "raised_on": "2026-11-20"},
    )
    problem = enterprise.problems.get()
    assert response.url == reverse("enterprise:problem", args=[problem.pk])
    materials = reverse("enterprise:problem_materials", args=[problem.pk])
    client.post(materials, {"materials": "用工需求表"})
    again = client.post(materials, {"materials": "再补充一份"})
    assert "E-3" in again.content.decode()
    client.post(
        reverse("enterprise:problem_hand_on", args=[problem.pk]),
        {"to_unit": department.pk, "reason": "人社职责"},
    )
    problem.refresh_from_db()
    assert problem.owner_unit == department
    solve = reverse("enterprise:problem_solve", args=[problem.pk])
    assert client.post(solve, {"outcome": "x"}).status_code == 403
    client.force_login(teammate)
    assert client.post(solve, {"outcome": "已组织招聘会"}).status_code == 302
    problem.refresh_from_db()
    assert problem.status == "solved"


@pytest.mark.django_db
def test_inspection_pages_approve_and_merge(client, enterprise, legal):
    ecology = UnitFactory(code="STHJ", level="city", enforcement_system="ecology")
    market = UnitFactory(code="SCJG", level="city", enforcement_system="market")
    first = InspectionFactory(enterprise=enterprise, agency=ecology)
    second = InspectionFactory(enterprise=enterprise, agency=market)
    client.force_login(legal)
    page = client.get(reverse("enterprise:inspections")).content.decode()
    assert "合并为联合检查" in page
    approve = reverse("enterprise:inspection_approve", args=[first.pk])
    refused = client.post(approve, follow=True)
    assert "E-5" in refused.content.decode()
    client.post(
        reverse("enterprise:inspection_merge"),
        {"inspections": [first.pk, second.pk], "lead": first.pk},
    )
    second.refresh_from_db()
    assert second.joint_with == first
    client.post(approve)
    first.refresh_from_db()
    assert first.approved
    staff = UserFactory(role=Role.UNIT_STAFF, unit=ecology)
    client.force_login(staff)
    assert client.post(approve).status_code == 403


@pytest.mark.django_db
def test_promise_page_records_compensation(client, owner, enterprise, outsider):
    promise = PromiseFactory(enterprise=enterprise)
    url = reverse("enterprise:promise", args=[promise.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(owner)
    refused = client.post(url, {"status": "compensated", "version": 1})
    assert "E-6" in refused.content.decode()
    client.post(
        url,
        {
            "status": "compensated",
            "compensation": "依法赔偿",
            "compensation_amount": "8",
            "version": 1,
        },
    )
    promise.refresh_from_db()
    assert promise.status == "compensated"


@pytest.mark.django_db
def test_a_stale_promise_close_on_the_page_is_refused_with_a_message(client, owner, enterprise):
    """Two officials open the same pending promise; the second to save is told, not saved over
    the first."""
    promise = PromiseFactory(enterprise=enterprise)
    url = reverse("enterprise:promise", args=[promise.pk])
    client.force_login(owner)
    assert 'name="version" value="1"' in client.get(url).content.decode()
    data = {"status": "compensated", "compensation": "依法赔偿", "compensation_amount": "8"}
    assert client.post(url, {**data, "version": 1}).status_code == 302
    stale = client.post(url, {**data, "compensation_amount": "99", "version": 1})
    assert stale.status_code == 200
    assert "已被他人修改" in stale.content.decode()
    promise.refresh_from_db()
    assert (promise.compensation_amount, promise.version) == (8, 2)
    assert promise.history.count() == 2  # created, then the one close that won


@pytest.mark.django_db
def test_problem_list_constant_queries(client, drc, enterprise, owner):
    from enterprise import services

    client.force_login(drc)

    def add(n):
        for _ in range(n):
            services.problem_raise(
                enterprise=enterprise,
                user=owner,
                category="funds",
                description="x",
                raised_on=D(2026, 11, 2),
                due_on=D(2026, 11, 20),
            )

    assert_constant_queries(lambda: client.get(reverse("enterprise:problems")), add, large=60)


@pytest.mark.django_db
def test_a_city_leader_finds_the_enterprises_he_answers_for(
    client, city_leader_user, area, vice_mayor
):
    vice_mayor.user = city_leader_user
    vice_mayor.save()
    EnterpriseFactory(name="市领导负责企业", introducing_unit=area, responsible_leader=vice_mayor)
    EnterpriseFactory(name="其他企业", introducing_unit=area)
    client.force_login(city_leader_user)
    text = client.get(reverse("enterprise:list"), {"mine": "true"}).content.decode()
    assert "市领导负责企业" in text and "其他企业" not in text
    from enterprise.dashboard import panels

    assert panels(city_leader_user)[0]["rows"][0][1] == 1


@pytest.mark.django_db
def test_list_filters_say_what_each_date_bound_means(client, legal, drc):
    """A clerk reads "起始年度" and "起始/截止日期", not a bare "年度自" or "日期至"."""
    client.force_login(legal)
    page = client.get(reverse("enterprise:inspections")).content.decode()
    assert "计划检查年度" in page and "起始年度（含以后各年）" in page
    assert "年度自" not in page
    client.force_login(drc)
    complaints = client.get(reverse("enterprise:complaints")).content.decode()
    assert "受理起始日期" in complaints and "受理截止日期" in complaints
    # The visit filter is the API's (its browsable filter form and OpenAPI description).
    visits = VisitFilterSet().form
    assert (visits["visited_from"].label, visits["visited_to"].label) == (
        "走访起始日期",
        "走访截止日期",
    )
