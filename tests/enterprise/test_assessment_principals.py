"""E-7 "对负有责任的相关领导进行严肃问责" with E-6's 一把手责任制: the assessment of a criticised
area or department names the principal leaders who answer for its policy promises overdue at the
period's end — as they were then, so the archive reads the same after they retire, move or are
renamed —, on the page, in the Excel file and in the API, beside the free-text follow-up (问责).
Results archived before this was recorded still read."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from enterprise import rules, selectors, services
from enterprise.choices import AssessmentVerdict, PromiseStatus
from enterprise.models import AssessmentFigures, AssessmentResult
from tests.clock import at
from tests.conftest import api_as
from tests.enterprise.factories import AssessmentResultFactory, EnterpriseFactory, PromiseFactory
from tests.exports import sheet_header, sheet_rows
from tests.factories import LeaderFactory, UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from yingkou.asof import end_of
from yingkou.choices import LeaderRank, Role, UnitKind
from yingkou.services import save_with_history

pytestmark = pytest.mark.django_db
D = dt.date
Q3 = ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30))


# The units assessed are those of the period's end: these are there long before it.
def _before_the_periods(**fields):
    with time_machine.travel(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), tick=False):
        return UnitFactory(**fields)


@pytest.fixture
def area(db):
    return _before_the_periods(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)


@pytest.fixture
def other_area(db):
    return _before_the_periods(name="盖州市", code="GZ", kind=UnitKind.COUNTY)


@pytest.fixture
def department(db):
    return _before_the_periods(
        name="营口市工业和信息化局", code="GXJ", kind=UnitKind.MUNICIPAL_DEPARTMENT
    )


def reported(unit, period="2026-Q3"):
    """Figures scoring full marks, so the unit is commended rather than criticised."""
    return AssessmentFigures.objects.create(
        unit=unit,
        period=period,
        new_market_entities=120,
        new_market_entities_last_year=100,
        satisfaction=Decimal("99"),
        private_investment=Decimal("120"),
        private_investment_last_year=Decimal("100"),
        targets_total=8,
        targets_met=8,
    )


@pytest.fixture
def quarter(area, other_area, supervisor):
    """Q3 2026: 鲅鱼圈区 reports nothing (criticised as not reported) and has promises overdue
    on 30 September; 盖州市 reports well (commended) although one of its promises is overdue.
    After the quarter its principal retires under a new title, and a late promise is honoured."""
    with at(dt.date(2026, 7, 2)):
        bureau = UnitFactory(
            name="鲅鱼圈区发展和改革局",
            code="BYQ-FGJ",
            kind="municipal_department",
            level="county",
            parent=area,
        )
        head = LeaderFactory(name="区长甲", title="区长", rank=LeaderRank.PRINCIPAL, unit=area)
        bureau_head = LeaderFactory(
            name="局长乙", title="局长", rank=LeaderRank.PRINCIPAL, unit=bureau
        )
        elsewhere = LeaderFactory(
            name="市长丙", title="市长", rank=LeaderRank.PRINCIPAL, unit=other_area
        )
        enterprise = EnterpriseFactory(name="营口某化工有限公司", introducing_unit=area)

        def promise(unit, due_on, leader):
            return PromiseFactory(
                enterprise=enterprise, responsible_unit=unit, principal_leader=leader, due_on=due_on
            )

        promises = {
            "last_day": promise(area, D(2026, 9, 30), head),  # due on the quarter's last day
            "next_day": promise(area, D(2026, 10, 1), head),  # not late when the quarter ends
            "kept_late": promise(area, D(2026, 9, 1), head),  # honoured after the quarter
            "kept": promise(area, D(2026, 9, 1), head),  # honoured within it
            "nobody": promise(area, D(2026, 8, 1), None),  # 待指定
            "below": promise(bureau, D(2026, 8, 1), bureau_head),  # an office below 鲅鱼圈区
            "elsewhere": promise(other_area, D(2026, 8, 1), elsewhere),
        }
    drc = UserFactory(username="drc_closer", role=Role.DRC_REVIEWER)

    def honour(key, day):
        with at(day):
            services.promise_close(
                promise=promises[key],
                user=drc,
                status=PromiseStatus.HONOURED,
                honoured_on=day,
                evidence="拨付凭证",
            )

    honour("kept", D(2026, 9, 15))
    with at(dt.date(2026, 10, 15)):
        reported(other_area)
    honour("kept_late", D(2026, 10, 5))
    with at(dt.date(2026, 10, 8)):
        head.title, head.is_retired = "原区长", True
        save_with_history(head, supervisor)
    return {"head": head, "bureau_head": bureau_head, "bureau": bureau, **promises}


def archive():
    period, start, end = Q3
    with at(dt.date(2026, 10, 21)):
        services.assessment_archive(period=period, start=start, end=end)
    return {r.unit_id: r for r in AssessmentResult.objects.filter(period=period)}


def expected(area, quarter):
    return [
        {
            "leader": quarter["head"].pk,
            "name": "区长甲",
            "title": "区长",
            "unit": area.pk,
            "unit_name": "鲅鱼圈区",
            "promises": 2,
        },
        {
            "leader": None,
            "name": "",
            "title": "",
            "unit": area.pk,
            "unit_name": "鲅鱼圈区",
            "promises": 1,
        },
        {
            "leader": quarter["bureau_head"].pk,
            "name": "局长乙",
            "title": "局长",
            "unit": quarter["bureau"].pk,
            "unit_name": "鲅鱼圈区发展和改革局",
            "promises": 1,
        },
    ]


class TestTheRecord:
    def test_a_criticised_unit_names_the_principals_of_its_promises_overdue_at_the_end(
        self, area, other_area, quarter
    ):
        """Overdue on 30 September: due that day or before and not kept by then (kept late
        since counts); one due on 1 October does not. Names and titles as on 30 September."""
        results = archive()
        criticised = results[area.pk]
        assert criticised.verdict == AssessmentVerdict.NOT_REPORTED
        assert criticised.accountable_principals == expected(area, quarter)
        assert criticised.accountable_principal_labels() == [
            ("区长甲（区长）（鲅鱼圈区，逾期未兑现2项）", True),
            ("“一把手”待指定（鲅鱼圈区，逾期未兑现1项）", False),
            ("局长乙（局长）（鲅鱼圈区发展和改革局，逾期未兑现1项）", True),
        ]

    def test_a_unit_not_criticised_names_nobody(self, area, other_area, quarter):
        commended = archive()[other_area.pk]
        assert commended.verdict == AssessmentVerdict.COMMENDED
        assert commended.accountable_principals == []

    def test_the_preview_at_the_quarters_end_is_what_the_archive_keeps(self, area, quarter):
        """Read before the later changes, as the page previews the closed quarter, and archived
        after them: the same principals."""
        period, start, end = Q3
        with at(dt.date(2026, 10, 21)):
            preview = selectors.assessment_rows(period, start, end, end_of(end), end_of(end))
        row = next(r for r in preview if r.unit_id == area.pk)
        assert row.accountable_principals == expected(area, quarter)
        with at(dt.date(2026, 11, 2)):
            quarter["head"].name = "区长甲（更名）"
            save_with_history(quarter["head"], None)
        assert archive()[area.pk].accountable_principals == expected(area, quarter)

    def test_only_a_criticism_asks_for_accountability(self):
        assert rules.accountability_applies(AssessmentVerdict.CRITICISED)
        assert rules.accountability_applies(AssessmentVerdict.NOT_REPORTED)
        for verdict in (AssessmentVerdict.NORMAL, AssessmentVerdict.COMMENDED, None):
            assert not rules.accountability_applies(verdict)


def _old_archive(unit):
    """A result archived before the principals were recorded (the migration leaves it null)."""
    return AssessmentResultFactory(
        period="2026-Q2",
        unit=unit,
        verdict=AssessmentVerdict.CRITICISED,
        score=Decimal("50.00"),
        accountable_principals=None,
    )


class TestWhereItIsRead:
    def test_the_page_names_them_beside_the_follow_up(
        self, client, area, other_area, supervisor, quarter
    ):
        archive()
        with at(dt.date(2026, 10, 22)):
            services.accountability_record(
                unit=area,
                period="2026-Q3",
                user=supervisor,
                measures="对区长甲进行约谈，限期整改。",
                decided_on=D(2026, 10, 22),
            )
            client.force_login(supervisor)
            page = client.get(reverse("enterprise:assessment"), {"period": "2026-Q3"})
        html = page.content.decode()
        assert "负有责任的“一把手”（截至考核期末逾期未兑现的政策承诺）" in html
        assert "<span>区长甲（区长）（鲅鱼圈区，逾期未兑现2项）</span>" in html
        assert '<span class="bad">“一把手”待指定（鲅鱼圈区，逾期未兑现1项）</span>' in html
        assert "原区长" not in html
        assert "对区长甲进行约谈，限期整改。" in html

    def test_the_excel_file_carries_them_and_the_follow_up(
        self, client, area, other_area, supervisor, quarter
    ):
        archive()
        with at(dt.date(2026, 10, 22)):
            services.accountability_record(
                unit=area,
                period="2026-Q3",
                user=supervisor,
                measures="约谈",
                decided_on=D(2026, 10, 22),
            )
            client.force_login(supervisor)
            url = reverse("enterprise:assessment")
            header = sheet_header(client.get(url, {"period": "2026-Q3", "export": "xlsx"}))
            rows = sheet_rows(client.get(url, {"period": "2026-Q3", "export": "xlsx"}))
        assert header[-2:] == ("负有责任的“一把手”（逾期未兑现政策承诺）", "问责情况")
        row = next(r for r in rows if r[1] == "鲅鱼圈区")
        assert row[-2] == (
            "区长甲（区长）（鲅鱼圈区，逾期未兑现2项）；“一把手”待指定（鲅鱼圈区，逾期未兑现1项）；"
            "局长乙（局长）（鲅鱼圈区发展和改革局，逾期未兑现1项）"
        )
        assert row[-1] == "2026-10-22 约谈"

    def test_the_api_gives_them_to_those_who_may_read_the_result(
        self, area, other_area, supervisor, owner, outsider, quarter
    ):
        archive()
        response = api_as(supervisor).get("/api/v1/enterprise/assessments/?period=2026-Q3")
        assert response.status_code == 200
        rows = {row["unit"]: row for row in response.json()["results"]}
        assert rows[area.pk]["accountable_principals"] == expected(area, quarter)
        assert rows[other_area.pk]["accountable_principals"] == []
        assert rows[area.pk]["accountability_measures"] is None
        own = api_as(owner).get("/api/v1/enterprise/assessments/").json()["results"]
        assert [row["unit"] for row in own] == [area.pk]
        pk = rows[area.pk]["id"]
        assert api_as(outsider).get(f"/api/v1/enterprise/assessments/{pk}/").status_code == 404

    def test_a_result_archived_before_still_reads(self, client, area, supervisor):
        old = _old_archive(area)
        with at(dt.date(2026, 10, 22)):
            client.force_login(supervisor)
            page = client.get(reverse("enterprise:assessment"), {"period": "2026-Q2"})
            rows = sheet_rows(
                client.get(
                    reverse("enterprise:assessment"), {"period": "2026-Q2", "export": "xlsx"}
                )
            )
        assert "该期归档时尚未记录" in page.content.decode()
        assert rows[0][-2] == "（归档时未记录）"
        data = api_as(supervisor).get(f"/api/v1/enterprise/assessments/{old.pk}/").json()
        assert data["accountable_principals"] is None

    def test_the_api_list_keeps_its_number_of_queries(self, area, supervisor):
        units = iter(range(10_000))

        def add(n):
            for _ in range(n):
                unit = UnitFactory(code=f"U{next(units)}")
                AssessmentResultFactory(
                    period="2026-Q3",
                    unit=unit,
                    verdict=AssessmentVerdict.CRITICISED,
                    accountable_principals=[
                        {
                            "leader": None,
                            "name": "",
                            "title": "",
                            "unit": unit.pk,
                            "unit_name": unit.name,
                            "promises": 1,
                        }
                    ],
                )

        api = api_as(supervisor)
        assert_constant_queries(
            lambda: api.get("/api/v1/enterprise/assessments/?page_size=500"), add, large=40
        )
