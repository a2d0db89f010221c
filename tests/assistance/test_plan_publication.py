"""A-5, "各地区、各部门的帮扶方案…要在各自门户网站进行公示": an area's or department's yearly plan
keeps the day it was adopted (saved as public; again when its text changes), its own unit records
the day it published it on its portal, and a plan not published within 20 working days is 未公示 —
on the plan list (filter), the plan page, the Excel file, the API and the dashboards — and is
reminded like a case's arrangement."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from assistance import services
from assistance.choices import PublicationState
from assistance.dashboard import panels
from assistance.models import AssistancePlan
from tests.clock import at
from tests.conftest import api_as
from tests.factories import UnitFactory, UserFactory
from tests.queries import count_queries
from tests.refusals import OVERWRITE, field_value, form_reasons, shown_form
from yingkou.choices import NotificationKind, Role, UnitKind
from yingkou.errors import RuleViolation, StaleVersion
from yingkou.models import Notification
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db

D = dt.date
# Adopted on Wednesday 9 September 2026: reminded on 30 September, due on 13 October.
ADOPTED, DUE = D(2026, 9, 9), D(2026, 10, 13)


def _save(unit, user, day, *, content="问题清单化管理", public=True, title=None, year=2026):
    current = AssistancePlan.objects.filter(unit=unit, year=year).first()
    with at(day):
        return services.assistance_plan_save(
            unit=unit,
            year=year,
            title=title or f"{unit.name}{year}年重点项目精准帮扶方案",
            content=content,
            is_published=public,
            user=user,
            expected_version=current.version if current else 0,
        )


def _record(plan, user, day, **kwargs):
    plan.refresh_from_db()
    with at(day):
        return services.assistance_plan_publication_record(
            plan=plan,
            user=user,
            published_on=kwargs.pop("published_on", day),
            url=kwargs.pop("url", "https://www.bayuquan.gov.cn/gsgg/fa2026.html"),
            note=kwargs.pop("note", ""),
            expected_version=kwargs.pop("expected_version", plan.version),
        )


def _state(plan, today):
    from assistance import rules

    plan.refresh_from_db()
    return plan.publication_state(rules.publication_overdue_until(today))


@pytest.fixture
def plan(area, owner):
    return _save(area, owner, ADOPTED)


# --- the day a plan is adopted -----------------------------------------------------------------


def test_a_plan_is_adopted_when_saved_as_public_and_again_when_its_text_changes(
    area, owner, reviewer
):
    draft = _save(area, owner, D(2026, 9, 1), public=False)
    assert draft.adopted_on is None and _state(draft, D(2026, 11, 2)) == ""
    _save(area, owner, D(2026, 9, 3), public=False, content="改稿")
    assert _state(draft, D(2026, 11, 2)) == ""  # a draft owes nothing, however long it waits
    _save(area, reviewer, ADOPTED, content="改稿")
    draft.refresh_from_db()
    assert draft.adopted_on == ADOPTED
    _save(area, owner, D(2026, 9, 11), content="改稿")  # saved again unchanged: the same plan
    draft.refresh_from_db()
    assert draft.adopted_on == ADOPTED
    _save(area, owner, D(2026, 9, 14), content="改稿二")  # a new text is published again
    draft.refresh_from_db()
    assert draft.adopted_on == D(2026, 9, 14)
    _save(area, owner, D(2026, 9, 15), content="改稿二", public=False)  # withdrawn: nothing owed
    draft.refresh_from_db()
    assert draft.adopted_on is None
    _save(area, owner, D(2026, 9, 16), content="改稿二")
    draft.refresh_from_db()
    assert draft.adopted_on == D(2026, 9, 16)
    history = list(draft.history.order_by("history_date", "history_id"))
    assert [(h.adopted_on, h.history_user.username) for h in history] == [
        (None, "alice"),
        (None, "alice"),
        (ADOPTED, "alice_boss"),
        (ADOPTED, "alice"),
        (D(2026, 9, 14), "alice"),
        (None, "alice"),
        (D(2026, 9, 16), "alice"),
    ]


@pytest.mark.parametrize(
    ("published_on", "today", "state"),
    [
        (None, DUE, PublicationState.PENDING),  # the due day itself is still in time
        (None, DUE + dt.timedelta(days=1), PublicationState.OVERDUE),
        (ADOPTED, DUE + dt.timedelta(days=1), PublicationState.PUBLISHED),
    ],
)
def test_publication_state_at_its_boundaries(plan, published_on, today, state):
    plan.published_on = published_on
    plan.save()
    assert _state(plan, today) == state


# --- recording the publication, by the plan's own unit only -------------------------------------


def test_its_own_unit_records_it_and_history_says_who(plan, owner, reviewer):
    _record(plan, owner, D(2026, 9, 10))
    assert _state(plan, D(2026, 11, 2)) == PublicationState.PUBLISHED
    latest = plan.history.first()
    assert (latest.history_user, latest.history_change_reason) == (owner, "门户网站公示（A-5）")
    _record(plan, reviewer, D(2026, 9, 12), url="", note="门户网站“通知公告”栏目")
    plan.refresh_from_db()
    assert (plan.published_on, plan.published_url, plan.published_note) == (
        D(2026, 9, 12),
        "",
        "门户网站“通知公告”栏目",
    )


def test_no_other_unit_writes_it_and_the_drc_only_its_own(area, outsider, teammate, drc, drc_unit):
    """The plan's page only ever offered a user's own unit's plan; the service says so too."""
    for user in (outsider, teammate, drc):
        with pytest.raises(PermissionDenied):
            _save(area, user, ADOPTED)
    assert not AssistancePlan.objects.exists()
    assert _save(drc_unit, drc, ADOPTED).unit == drc_unit


def test_no_other_unit_records_it_and_the_drc_only_its_own(plan, outsider, teammate, drc, drc_unit):
    for user in (outsider, teammate, drc):
        with pytest.raises(PermissionDenied):
            _record(plan, user, D(2026, 9, 10))
    own = _save(drc_unit, drc, ADOPTED, title="市发展改革委帮扶方案")
    _record(own, drc, D(2026, 9, 10))
    assert _state(own, D(2026, 11, 2)) == PublicationState.PUBLISHED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"published_on": ADOPTED - dt.timedelta(days=1)}, "published_on"),
        ({"published_on": D(2026, 9, 11)}, "published_on"),  # after today
        ({"url": "", "note": "  "}, "published_url"),
    ],
)
def test_a_publication_is_refused_when_it_breaks_the_rule(plan, owner, changes, field):
    with pytest.raises(RuleViolation) as refused:
        _record(plan, owner, D(2026, 9, 10), **changes)
    assert (refused.value.rule, refused.value.field) == ("A-5", field)


def test_a_draft_is_not_published(area, owner):
    draft = _save(area, owner, ADOPTED, public=False)
    with pytest.raises(RuleViolation) as refused:
        _record(draft, owner, D(2026, 9, 10))
    assert refused.value.rule == "A-5" and "草稿" in refused.value.text


def test_an_edit_on_an_older_version_is_refused(plan, owner):
    with pytest.raises(StaleVersion):
        _record(plan, owner, D(2026, 9, 10), expected_version=plan.version - 1)


def test_a_stale_record_shows_the_others_and_saves_when_sent_again(client, plan, owner, reviewer):
    """Recorded meanwhile by someone else of the plan's unit: the plan page draws the form again
    on the plan's current version with what was recorded beside what was typed; a second save
    records it, in the plan's history after the other's."""
    url = reverse("assistance:plan_publication", args=[plan.pk])
    seen = plan.version
    address = "https://www.bayuquan.gov.cn/gsgg/fa2026.html"
    client.force_login(reviewer)
    saved = {"published_on": "2026-09-10", "url": address, "note": "", "version": seen}
    with at(D(2026, 9, 11)):
        assert client.post(url, saved).status_code == 302
    client.force_login(owner)
    typed = {"published_on": "2026-09-11", "url": "", "note": "通知公告栏目", "version": seen}
    with at(D(2026, 9, 11)):
        refused = client.post(url, typed)
    assert refused.status_code == 200
    form = shown_form(refused.content.decode(), url)
    reason, *changed = form_reasons(form)
    assert "已被他人修改" in reason and f"最近一次由{reviewer.display_name}于" in reason
    assert changed == [
        "「公示日期」现为 2026年9月10日，您填写的是 2026年9月11日",
        f"「公示网址」现为 {address}，您填写的是 —",
        "「公示说明」现为 —，您填写的是 通知公告栏目",
        OVERWRITE,
    ]
    current = AssistancePlan.objects.get(pk=plan.pk).version
    assert current > seen
    assert field_value(form, "version") == str(current)
    assert (field_value(form, "published_on"), field_value(form, "note")) == (
        "2026-09-11",
        "通知公告栏目",
    )
    plan.refresh_from_db()
    assert (plan.published_on, plan.published_url) == (D(2026, 9, 10), address)

    with at(D(2026, 9, 11)):
        assert client.post(url, {**typed, "version": current}).status_code == 302
    plan.refresh_from_db()
    assert (plan.published_on, plan.published_url, plan.published_note) == (
        D(2026, 9, 11),
        "",
        "通知公告栏目",
    )
    rows = list(plan.history.order_by("-history_id")[:2])
    assert [(row.history_user, row.published_on) for row in rows] == [
        (owner, D(2026, 9, 11)),
        (reviewer, D(2026, 9, 10)),
    ]


# --- where it shows ----------------------------------------------------------------------------


def _listed(client, query: str = "") -> list[int]:
    return [p.pk for p in client.get(reverse("assistance:plans") + query).context["rows"]]


def test_the_list_marks_and_filters_it_and_the_plan_page_records_it(client, plan, owner):
    client.force_login(owner)
    with at(DUE):
        assert _listed(client, "?unpublished=true") == []
        page = client.get(reverse("assistance:plans")).content.decode()
        assert "待公示" in page and "data-unpublished" not in page
    with at(DUE + dt.timedelta(days=1)):
        assert _listed(client, "?unpublished=true") == [plan.pk]
        assert "data-unpublished" in client.get(reverse("assistance:plans")).content.decode()
        url = reverse("assistance:plan_detail", args=[plan.pk])
        detail = client.get(url).content.decode()
        assert "data-unpublished" in detail and "2026年10月13日前" in detail
        response = client.post(
            reverse("assistance:plan_publication", args=[plan.pk]),
            {
                "published_on": "2026-10-14",
                "url": "https://www.bayuquan.gov.cn/gsgg/fa2026.html",
                "note": "",
                "version": plan.version,
            },
        )
        assert response["Location"] == url
        assert _listed(client, "?unpublished=true") == []
        detail = client.get(url).content.decode()
    assert "已公示" in detail and "https://www.bayuquan.gov.cn/gsgg/fa2026.html" in detail


def test_a_refused_record_says_why_on_the_plan_page(client, plan, owner):
    client.force_login(owner)
    url = reverse("assistance:plan_publication", args=[plan.pk])
    data = {"published_on": "2026-09-01", "url": "", "note": "公告栏", "version": plan.version}
    with at(D(2026, 9, 10)):
        response = client.post(url, data)
    assert response.status_code == 200
    assert "公示日期不能早于帮扶方案确定之日" in response.content.decode()
    plan.refresh_from_db()
    assert plan.published_on is None


def test_other_units_do_not_see_it_and_the_drc_sees_every_units(
    client, plan, outsider, drc, other_area
):
    _save(other_area, outsider, ADOPTED)
    client.force_login(outsider)
    with at(D(2026, 9, 10)):
        assert plan.pk not in _listed(client)
        assert client.get(reverse("assistance:plan_detail", args=[plan.pk])).status_code == 404
        data = {"published_on": "2026-09-10", "note": "公告栏", "version": plan.version}
        url = reverse("assistance:plan_publication", args=[plan.pk])
        assert client.post(url, data).status_code == 404
        client.force_login(drc)
        assert len(_listed(client)) == 2
        assert client.post(url, data).status_code == 403  # sees it, does not publish for it


def test_the_plan_file_says_it(client, plan, owner, area):
    published = _save(area, owner, D(2026, 9, 1), year=2025, content="上年方案")
    _record(published, owner, D(2026, 9, 2))
    _save(area, owner, D(2025, 3, 2), year=2024, public=False)  # last year's, written then
    client.force_login(owner)
    with at(DUE + dt.timedelta(days=1)):
        response = client.get(reverse("assistance:plans"), {"export": "xlsx"})
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[2] == (
        "序号",
        "年度",
        "地区、部门",
        "标题",
        "方案状态",
        "确定日期",
        "门户网站公示",
        "公示网址或说明",
    )
    assert [(row[1], row[4], row[6], row[7]) for row in rows[3:]] == [
        (2026, "已确定", "未公示", None),
        (2025, "已确定", "已公示 2026-09-02", "https://www.bayuquan.gov.cn/gsgg/fa2026.html"),
        (2024, "草稿", None, None),
    ]


def test_the_api_says_it_filters_it_and_records_it(plan, owner, outsider, drc):
    api = api_as(owner)
    with at(DUE + dt.timedelta(days=1)):
        rows = api.get("/api/v1/assistance/plans/", {"unpublished": "true"}).json()["results"]
        assert [(r["id"], r["publication"], r["unpublished"], r["adopted_on"]) for r in rows] == [
            (plan.pk, "overdue", True, "2026-09-09")
        ]
        url = f"/api/v1/assistance/plans/{plan.pk}/publication/"
        body = {"published_on": "2026-09-08", "published_note": "公告栏", "version": plan.version}
        refused = api.post(url, body, format="json")
        assert refused.status_code == 400 and refused.json()["rule"] == "A-5"
        assert api_as(drc).post(url, body, format="json").status_code == 403
        assert api_as(outsider).post(url, body, format="json").status_code == 404
        assert api_as(outsider).get(f"/api/v1/assistance/plans/{plan.pk}/").status_code == 404
        answer = api.post(url, {**body, "published_on": "2026-10-14"}, format="json")
        assert answer.status_code == 200
        assert (answer.json()["publication"], answer.json()["published_on"]) == (
            "published",
            "2026-10-14",
        )
        assert api.get("/api/v1/assistance/plans/", {"unpublished": "true"}).json()["count"] == 0


def _row(user, label):
    rows = [row for panel in panels(user) for row in panel["rows"]]
    (found,) = [row for row in rows if row[0] == label]
    return found


def test_the_units_and_the_drcs_dashboards_count_them(client, plan, owner, outsider, drc):
    _save(outsider.unit, outsider, D(2026, 9, 10))
    with at(D(2026, 10, 15)):
        label, count, url = _row(owner, "本单位未公示的帮扶方案（A-5）")
        assert count == 1
        client.force_login(owner)
        assert _listed(client, url[len(reverse("assistance:plans")) :]) == [plan.pk]
        assert _row(drc, "未在门户网站公示的帮扶方案（A-5）")[1] == 2


def test_the_list_its_file_and_the_api_run_a_fixed_number_of_queries(client, drc):
    client.force_login(drc)
    api = api_as(drc)
    made = []

    def add(n):
        for _ in range(n):
            unit = UnitFactory(kind=UnitKind.COUNTY)
            index = len(made)
            staff = UserFactory(role=Role.UNIT_STAFF, unit=unit)
            plan = _save(unit, staff, D(2026, 9, 1 + index % 10), public=index % 4 != 0)
            if index % 3 == 0 and plan.adopted:
                plan.published_on = D(2026, 9, 20)
                plan.save()
            made.append(plan)

    calls = [
        lambda: client.get(reverse("assistance:plans")),
        lambda: client.get(reverse("assistance:plans"), {"unpublished": "true"}),
        lambda: client.get(reverse("assistance:plans"), {"export": "xlsx"}),
        lambda: api.get("/api/v1/assistance/plans/"),
        lambda: api.get("/api/v1/assistance/plans/", {"unpublished": "false"}),
    ]

    with at(D(2026, 10, 20)):
        add(5)
        few = [count_queries(call) for call in calls]
        add(35)
        assert [count_queries(call) for call in calls] == few
        assert api.get("/api/v1/assistance/plans/").json()["count"] == 40


# --- reminded like a case's arrangement ----------------------------------------------------------


def _run(day):
    with at(day, hour=8):
        (result,) = run_period("daily", day, jobs=["assistance_publication_reminders"])
    return result.outcome


def _told(user):
    return list(
        Notification.objects.filter(user=user, kind=NotificationKind.PUBLICATION)
        .order_by("pk")
        .values_list("title", "url")
    )


def test_a_plan_is_reminded_before_its_due_day_and_once_overdue(plan, owner, outsider):
    assert _run(D(2026, 9, 29)) == "到期前提醒 0 个，逾期提醒 0 个"
    assert _run(D(2026, 9, 30)) == "到期前提醒 1 个，逾期提醒 0 个"
    assert _run(DUE) == "到期前提醒 0 个，逾期提醒 0 个"
    assert _run(DUE + dt.timedelta(days=1)) == "到期前提醒 0 个，逾期提醒 1 个"
    url = reverse("assistance:plan_detail", args=[plan.pk])
    assert _told(owner) == [
        (
            "请于2026年10月13日前在本单位门户网站公示帮扶方案：鲅鱼圈区2026年重点项目精准帮扶方案",
            url,
        ),
        (
            "帮扶方案未按期在门户网站公示（2026年10月13日到期）：鲅鱼圈区2026年重点项目精准帮扶方案",
            url,
        ),
    ]
    assert _told(outsider) == []


def test_a_published_plan_or_a_draft_is_never_reminded(area, other_area, owner, outsider):
    published = _save(area, owner, ADOPTED)
    _record(published, owner, D(2026, 9, 15))
    _save(other_area, outsider, ADOPTED, public=False)
    for day in (D(2026, 9, 30), D(2026, 10, 14), D(2026, 11, 2)):
        assert _run(day) == "到期前提醒 0 个，逾期提醒 0 个"
    assert _told(owner) == _told(outsider) == []


def test_a_changed_plan_restarts_the_clock_and_is_reminded_again(plan, area, owner):
    _run(D(2026, 9, 30))
    _save(area, owner, D(2026, 10, 9), content="调整后的方案")  # due on 2026-11-05
    assert _run(D(2026, 10, 14)) == "到期前提醒 0 个，逾期提醒 0 个"  # the old due day is gone
    assert _run(D(2026, 10, 28)) == "到期前提醒 0 个，逾期提醒 0 个"
    assert _run(D(2026, 10, 29)) == "到期前提醒 1 个，逾期提醒 0 个"
    assert [title for title, _url in _told(owner)] == [
        "请于2026年10月13日前在本单位门户网站公示帮扶方案：鲅鱼圈区2026年重点项目精准帮扶方案",
        "请于2026年11月5日前在本单位门户网站公示帮扶方案：鲅鱼圈区2026年重点项目精准帮扶方案",
    ]


# --- the plans already public when this was introduced ------------------------------------------


def _migrate(targets):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    MigrationExecutor(connection).migrate(targets)


def _latest():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_plans_already_public_count_from_the_migration_in_their_history(area, other_area):
    # Made before the migration's day, as they were: history is ordered by its dates, and plans
    # made at the real clock would come after the migration once that day has passed.
    with at(D(2026, 11, 30)):
        public = AssistancePlan.objects.create(
            unit=area, year=2026, title="鲅鱼圈区帮扶方案", content="一企一策", is_published=True
        )
        draft = AssistancePlan.objects.create(
            unit=other_area, year=2026, title="盖州市帮扶方案", content="草稿", is_published=False
        )
    try:
        _migrate([("assistance", "0017_publication_reminders")])
        with at(D(2026, 12, 7)):
            _migrate([("assistance", "0018_plan_publication")])
    finally:
        _migrate(_latest())
    public.refresh_from_db()
    draft.refresh_from_db()
    assert (public.adopted_on, public.version) == (D(2026, 12, 7), 2)
    assert draft.adopted_on is None and draft.version == 1
    latest = public.history.first()
    assert latest.adopted_on == D(2026, 12, 7) and latest.history_user is None
    assert "A-5" in latest.history_change_reason
    assert public.history.count() == 2  # as created, then counted from the migration
    assert draft.history.count() == 1  # a draft owes nothing: left as it was
