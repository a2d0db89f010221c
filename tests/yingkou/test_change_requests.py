"""Change requests (§1 decision): unit staff's changes of rule fields of a project a decision
rests on wait for review; until approved every figure, list, export and rule reads the approved
values (issue: nothing decided is undone silently)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from reserve import selectors as reserve_selectors
from reserve import services as reserve_services
from reserve.models import Membership
from tests.conftest import api_as
from tests.factories import UserFactory
from tests.queries import assert_constant_queries
from tests.refusals import batch_reason, field_reasons, field_value, form_reasons, shown_form
from tests.reserve.conftest import pooled
from tests.yingkou.admin_forms import admin_messages
from yingkou import change_requests
from yingkou.choices import Role
from yingkou.models import Project, ProjectChangeRequest

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)


@pytest.fixture
def in_pool(area, owner, reviewer):
    return pooled(area, owner, reviewer, amount="60000", name="入库项目").project


@pytest.fixture
def in_level1(in_pool, reviewer, drc, level1_pool):
    entry = in_pool.reserve_entries.get()
    reserve_services.entry_recommend(entry=entry, user=reviewer)
    reserve_services.entry_approve(entry=entry, user=drc)
    in_pool.refresh_from_db()
    return in_pool


@pytest.fixture
def level1_pool(drc_unit):
    from reserve.models import Pool

    return Pool.objects.get(unit=drc_unit, level=1)


def _patch(user, project, **fields):
    project.refresh_from_db()
    return api_as(user).patch(
        f"/api/v1/projects/{project.pk}/", {**fields, "version": project.version}, format="json"
    )


def _figures(client, project, pool, bureau):
    """Everything a person reads about the project: pool health (page and API), the project
    list and its export, the month's detail list."""
    health = reserve_selectors.pool_health(pool).as_dict()
    api_pool = api_as(bureau).get(f"/api/v1/reserve/pools/{pool.pk}/").json()["health"]
    listed = api_as(bureau).get("/api/v1/projects/", {"q": project.name}).json()["results"]
    client.force_login(bureau)
    export = client.get(reverse("projects:list"), {"q": project.name, "export": "xlsx"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    monthly = client.get(reverse("reserve:monthly_list_xlsx", args=["2026-11"]))
    body = b"".join(monthly.streaming_content) if monthly.streaming else monthly.content
    detail = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    return health, api_pool, listed, rows, detail


@time_machine.travel(NOW, tick=False)
def test_a_pending_request_leaves_every_figure_list_and_export_unchanged(
    client, in_pool, owner, bureau, area
):
    pool = Membership.objects.get(project=in_pool).pool
    before = _figures(client, in_pool, pool, bureau)

    response = _patch(owner, in_pool, total_investment="800.00", industry="K70")

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending" and body["level"] == 2
    assert body["proposed"] == {"total_investment": "800.00", "industry": "K70"}
    assert body["approved_values"] == {"total_investment": "60000.00", "industry": "C26"}
    project = Project.objects.get(pk=in_pool.pk)
    assert (project.total_investment, project.industry) == (Decimal("60000.00"), "C26")
    assert Membership.objects.current().filter(project=project).exists()
    assert _figures(client, in_pool, pool, bureau) == before


def test_the_unit_reviewer_approves_and_the_rules_follow(in_pool, owner, reviewer):
    request_id = _patch(owner, in_pool, total_investment="800.00").json()["id"]

    response = api_as(reviewer).post(
        f"/api/v1/change-requests/{request_id}/approve/", {"comment": "核实无误"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    in_pool.refresh_from_db()
    assert in_pool.total_investment == Decimal("800.00")
    assert not Membership.objects.current().filter(project=in_pool).exists()
    change = ProjectChangeRequest.objects.get(pk=request_id)
    assert (change.reviewed_by, change.comment) == (reviewer, "核实无误")
    assert in_pool.history.first().history_user == reviewer
    assert "变更申请审核通过" in in_pool.history.first().history_change_reason


def test_a_level1_project_needs_the_drc_as_well(in_level1, owner, reviewer, drc):
    request_id = _patch(owner, in_level1, landing_unit=None).json()["id"]
    url = f"/api/v1/change-requests/{request_id}/approve/"

    assert api_as(drc).post(url, {}, format="json").status_code == 403  # the unit reviews first
    response = api_as(reviewer).post(url, {}, format="json")
    assert response.json()["level"] == 1 and response.json()["status"] == "pending"
    in_level1.refresh_from_db()
    assert in_level1.landing_unit is not None
    assert api_as(reviewer).post(url, {}, format="json").status_code == 403

    response = api_as(drc).post(url, {"comment": "同意"}, format="json")

    assert response.json()["status"] == "approved"
    assert response.json()["unit_reviewer"] == reviewer.pk
    in_level1.refresh_from_db()
    assert in_level1.landing_unit is None


def test_a_returned_request_keeps_the_approved_values(in_pool, owner, reviewer):
    request_id = _patch(owner, in_pool, total_investment="800.00").json()["id"]
    url = f"/api/v1/change-requests/{request_id}/return/"

    assert api_as(reviewer).post(url, {"comment": " "}, format="json").status_code == 400
    response = api_as(reviewer).post(url, {"comment": "请附投资协议"}, format="json")

    assert response.json()["status"] == "returned"
    in_pool.refresh_from_db()
    assert in_pool.total_investment == Decimal("60000.00")
    history = ProjectChangeRequest.objects.get(pk=request_id).history.order_by("history_id")
    assert [h.status for h in history] == ["pending", "returned"]
    assert history.last().history_user == reviewer


def test_other_fields_save_directly_beside_a_request(in_pool, owner):
    response = _patch(owner, in_pool, total_investment="900.00", contact_name="王工")
    assert response.status_code == 202
    in_pool.refresh_from_db()
    assert (in_pool.contact_name, in_pool.total_investment) == ("王工", Decimal("60000.00"))
    assert _patch(owner, in_pool, contact_phone="0417-1234567").status_code == 200


def test_one_pending_request_at_a_time(in_pool, owner):
    assert _patch(owner, in_pool, total_investment="900.00").status_code == 202
    response = _patch(owner, in_pool, total_investment="700.00")
    assert response.status_code == 400 and response.json()["rule"] == "§1"


def test_projects_nothing_rests_on_and_reviewers_save_directly(project, owner, in_pool, drc):
    assert _patch(owner, project, total_investment="5.00").status_code == 200
    project.refresh_from_db()
    assert project.total_investment == Decimal("5.00")
    assert _patch(drc, in_pool, total_investment="70000.00").status_code == 200
    assert not ProjectChangeRequest.objects.exists()


def test_only_the_owner_units_reviewer_decides(in_pool, owner, other_area):
    request_id = _patch(owner, in_pool, total_investment="900.00").json()["id"]
    url = f"/api/v1/change-requests/{request_id}/approve/"
    stranger = UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area)
    assert api_as(stranger).post(url, {}, format="json").status_code == 404
    assert api_as(owner).post(url, {}, format="json").status_code == 403


def test_the_form_request_shows_on_the_project_page_and_in_the_queue(
    client, in_pool, owner, reviewer
):
    in_pool.refresh_from_db()
    client.force_login(owner)
    response = client.post(
        reverse("projects:edit", args=[in_pool.pk]),
        {
            "name": in_pool.name,
            "industry": "C26",
            "capital_origin": "domestic",
            "capacity_kind": "new",
            "size_class": "medium",
            "total_investment": "70000.00",
            "stage": in_pool.stage,
            "landing_unit": str(in_pool.landing_unit_id),
            "version": str(in_pool.version),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已提交变更申请" in page and "待审核的变更申请" in page
    assert "60,000.00 → <strong>70,000.00</strong>" in page
    client.force_login(reviewer)
    queue = client.get(reverse("projects:change_requests")).content.decode()
    assert in_pool.name in queue
    change = ProjectChangeRequest.objects.get()
    client.post(reverse("projects:change_request_decide", args=[change.pk, "approve"]))
    in_pool.refresh_from_db()
    assert in_pool.total_investment == Decimal("70000.00")
    page = client.get(reverse("projects:detail", args=[in_pool.pk])).content.decode()
    assert "已通过" in page and reviewer.display_name in page


def test_the_review_queue_runs_a_fixed_number_of_queries(client, area, owner, reviewer):
    from tests.queries import assert_constant_queries

    def add(count):
        for _ in range(count):
            project = pooled(area, owner, reviewer, amount="2000").project
            _patch(owner, project, total_investment="3000.00")

    client.force_login(reviewer)
    assert_constant_queries(
        lambda: client.get(reverse("projects:change_requests")), add, small=2, large=6
    )


def test_reviewers_and_the_requester_are_notified(in_pool, owner, reviewer):
    from yingkou.models import Notification

    request_id = _patch(owner, in_pool, total_investment="800.00").json()["id"]
    assert Notification.objects.filter(user=reviewer, kind="change_request").exists()
    api_as(reviewer).post(f"/api/v1/change-requests/{request_id}/approve/", {}, format="json")
    assert Notification.objects.filter(user=owner, kind="change_request").exists()
    removed = Notification.objects.get(user=owner, kind="project_reevaluated")
    assert "移出" in removed.title and "1000万元" in removed.body


def test_the_reviewer_decides_several_change_requests_at_once(
    client, area, owner, reviewer, other_area
):
    first, second, third = (
        pooled(area, owner, reviewer, amount="2000", name=name).project
        for name in ("变更甲", "变更乙", "变更丙")
    )
    for project in (first, second, third):
        _patch(owner, project, total_investment="3000.00")
    changes = {c.project_id: c for c in ProjectChangeRequest.objects.all()}
    client.force_login(reviewer)
    batch = reverse("projects:change_request_batch")
    assert batch in client.get(reverse("projects:change_requests")).content.decode()
    ids = [changes[first.pk].pk, changes[second.pk].pk]
    refused = client.post(batch, {"action": "return", "comment": "", "changes": ids})
    # A return needs a comment, for each one: none is returned, and the bar says so.
    [reason] = field_reasons(shown_form(refused.content.decode(), batch), "comment")
    assert batch_reason(reason) == ({"变更甲", "变更乙"}, "退回时必须填写审核意见。（§1）")
    done = client.post(batch, {"action": "approve", "changes": ids}, follow=True)
    assert "已批量审核通过 2 个变更申请" in done.content.decode()
    for project in (first, second, third):
        project.refresh_from_db()
    assert [p.total_investment for p in (first, second, third)] == [
        Decimal("3000.00"),
        Decimal("3000.00"),
        Decimal("2000.00"),
    ]
    # Another unit's reviewer cannot reach this unit's request through the batch.
    stranger = UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area)
    client.force_login(stranger)
    answer = client.post(
        batch, {"action": "approve", "changes": [changes[third.pk].pk]}, follow=True
    )
    assert "请先勾选" in answer.content.decode()
    third.refresh_from_db()
    assert third.total_investment == Decimal("2000.00")


def test_a_batch_with_nothing_ticked_keeps_the_comment_typed(client, area, owner, reviewer):
    """The comment was lost with a message at the top of the queue when nothing was ticked."""
    from tests.refusals import field_value, form_reasons, shown_form

    _patch(owner, pooled(area, owner, reviewer, amount="2000").project, total_investment="3000")
    client.force_login(reviewer)
    batch = reverse("projects:change_request_batch")
    response = client.post(batch, {"action": "return", "comment": "总投资依据不足"})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), batch)
    assert form_reasons(form) == ["请先勾选要批量处理的变更申请。"]
    assert field_value(form, "comment") == "总投资依据不足"
    assert ProjectChangeRequest.objects.get().status == "pending"
    assert client.get(batch + "?page=2").url == reverse("projects:change_requests") + "?page=2"


def test_a_batch_of_which_every_request_is_refused_keeps_the_comment(
    client, area, owner, reviewer, monkeypatch
):
    """Every request ticked refused (each decided by another reviewer of the unit just before):
    the batch comment was lost with the messages at the top of the queue; the queue is shown
    again with it and the reasons."""
    for name in ("变更甲", "变更乙"):
        project = pooled(area, owner, reviewer, amount="2000", name=name).project
        _patch(owner, project, total_investment="3000.00")
    changes = list(ProjectChangeRequest.objects.order_by("pk"))
    colleague = UserFactory(username="byq_reviewer2", role=Role.UNIT_REVIEWER, unit=area)
    decide = change_requests.change_request_return

    def decided_first(*, request, user, comment):
        change_requests.change_request_approve(request=request, user=colleague)
        return decide(request=request, user=user, comment=comment)

    monkeypatch.setattr(change_requests, "change_request_return", decided_first)
    client.force_login(reviewer)
    batch = reverse("projects:change_request_batch")
    data = {"action": "return", "comment": "总投资依据不足", "changes": [c.pk for c in changes]}
    response = client.post(batch, data)
    assert response.status_code == 200
    form = shown_form(response.content.decode(), batch)
    [reason] = form_reasons(form)
    assert batch_reason(reason) == ({"变更甲", "变更乙"}, "该变更申请已审核，请刷新页面。（§1）")
    assert field_value(form, "comment") == "总投资依据不足"


def test_a_refused_decision_in_the_queue_keeps_the_comment_in_its_row(
    client, area, owner, reviewer
):
    """Each row of the queue has a comment and 通过/退回: a refusal was a message at the top of the
    queue and the comment typed was gone. The queue is shown again with it in that row and the
    reason beside it; decided meanwhile, the request is shown above the queue with it."""
    first, second = (
        pooled(area, owner, reviewer, amount="2000", name=name).project
        for name in ("变更甲", "变更乙")
    )
    for project in (first, second):
        _patch(owner, project, total_investment="3000.00")
    one, other = ProjectChangeRequest.objects.order_by("pk")
    client.force_login(reviewer)
    queue = reverse("projects:change_requests")
    page = client.get(queue).content.decode()
    returned = reverse("projects:change_request_decide", args=[one.pk, "return"])
    assert f'formaction="{returned}#refused"' in page
    assert f'name="next" value="{queue}"' in page
    response = client.post(returned, {"comment": "  ", "next": queue})
    assert response.status_code == 200
    html = response.content.decode()
    form = shown_form(html, returned)
    assert field_reasons(form, "comment") == ["退回时必须填写审核意见。（§1）"]
    row = shown_form(html, reverse("projects:change_request_decide", args=[other.pk, "return"]))
    assert (field_reasons(row, "comment"), field_value(row, "comment")) == ([], "")
    assert not response.context["refused"]["apart"]
    # Decided meanwhile: the comment typed stays, above the queue, with the reason.
    change_requests.change_request_approve(request=one, user=reviewer)
    response = client.post(returned, {"comment": "请补充投资依据", "next": queue})
    assert response.context["refused"]["apart"]
    form = shown_form(response.content.decode(), returned)
    assert form_reasons(form) == ["该变更申请已审核，请刷新页面。（§1）"]
    assert field_value(form, "comment") == "请补充投资依据"
    # Done, back to the queue at the message saying so; its links lead to it.
    approved = reverse("projects:change_request_decide", args=[other.pk, "approve"])
    assert client.post(approved, {"comment": "", "next": queue}).url == queue + "#messages"
    assert client.get(approved + "?page=2").url == queue + "?page=2"
    other.refresh_from_db()
    assert other.status == "approved"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http://testserver/projects/change-requests/",
        "javascript:alert(1)",
        "projects/change-requests/",
    ],
)
def test_a_decision_follows_only_a_path_on_this_site(client, area, owner, reviewer, target):
    """Done with a `next` that is not a path on this site (another site, or this one spelt with
    its scheme and host), the decision goes back to the project's page, not there."""
    project = pooled(area, owner, reviewer, amount="2000", name="变更甲").project
    _patch(owner, project, total_investment="3000.00")
    change = ProjectChangeRequest.objects.get()
    client.force_login(reviewer)
    approved = reverse("projects:change_request_decide", args=[change.pk, "approve"])
    response = client.post(approved, {"comment": "", "next": target})
    assert response.url == reverse("projects:detail", args=[project.pk]) + "#messages"


def test_a_decision_refused_on_a_page_the_queue_no_longer_has_posts_to_the_page_shown(
    client, area, owner, reviewer
):
    """Refused on page 3 of a queue that has one page, the decision is drawn on that page: sent
    again, it goes there, not to page 3 again."""
    project = pooled(area, owner, reviewer, amount="2000", name="变更甲").project
    _patch(owner, project, total_investment="3000.00")
    change = ProjectChangeRequest.objects.get()
    client.force_login(reviewer)
    queue = reverse("projects:change_requests")
    returned = reverse("projects:change_request_decide", args=[change.pk, "return"])
    response = client.post(returned + "?per_page=20&page=3", {"comment": " ", "next": queue})
    assert response.status_code == 200 and response.context["page"].number == 1
    html = response.content.decode()
    form = shown_form(html, returned + "?per_page=20&page=1")
    assert field_reasons(form, "comment") == ["退回时必须填写审核意见。（§1）"]
    assert "page=3" not in html


def test_a_refused_decision_on_the_project_page_keeps_the_comment(client, in_pool, owner, reviewer):
    """The same form on the project's page: its page is shown again with the comment typed."""
    _patch(owner, in_pool, total_investment="70000.00")
    change = ProjectChangeRequest.objects.get()
    client.force_login(reviewer)
    page = client.get(reverse("projects:detail", args=[in_pool.pk])).content.decode()
    returned = reverse("projects:change_request_decide", args=[change.pk, "return"])
    assert f'formaction="{returned}#decision"' in page
    response = client.post(returned, {"comment": "\t"})
    assert response.status_code == 200
    assert response.context["project"] == in_pool
    form = shown_form(response.content.decode(), returned)
    assert len(field_reasons(form, "comment")) == 1
    change_requests.change_request_approve(request=change, user=reviewer)
    response = client.post(returned, {"comment": "投资依据不足"})
    form = shown_form(response.content.decode(), returned)
    assert form_reasons(form) == ["该变更申请已审核，请刷新页面。（§1）"]
    assert field_value(form, "comment") == "投资依据不足"


def test_a_refused_decision_shows_the_queue_in_a_fixed_number_of_queries(
    client, area, owner, reviewer
):
    def add(count):
        for _ in range(count):
            project = pooled(area, owner, reviewer, amount="2000").project
            _patch(owner, project, total_investment="3000.00")

    add(1)
    change = ProjectChangeRequest.objects.get()
    client.force_login(reviewer)
    url = reverse("projects:change_request_decide", args=[change.pk, "return"])
    queue = reverse("projects:change_requests")
    assert_constant_queries(
        lambda: client.post(url, {"comment": "", "next": queue}), add, small=2, large=6
    )


def test_a_reviewers_edit_on_the_page_says_what_it_decided_again(client, in_pool, drc):
    """§1: a rule field saved from the project's page decides again what rests on it (R-1 here:
    under 1,000 万元 the project leaves its pool) and the page says so, as the admin does."""
    in_pool.refresh_from_db()
    client.force_login(drc)
    response = client.post(
        reverse("projects:edit", args=[in_pool.pk]),
        {
            "name": in_pool.name,
            "industry": "C26",
            "capital_origin": "domestic",
            "capacity_kind": "new",
            "size_class": "medium",
            "total_investment": "999.99",
            "stage": in_pool.stage,
            "landing_unit": str(in_pool.landing_unit_id),
            "version": str(in_pool.version),
        },
    )
    assert response.status_code == 302
    [saved, decided] = admin_messages(response)
    assert saved == "修改已保存。"
    assert decided.startswith(
        "已按 R-1、N-2、A-2、E-1 重新判定本项目的储备库、洽谈、帮扶和企业服务：共 1 项"
    )
    renamed = client.post(
        reverse("projects:edit", args=[in_pool.pk]),
        {
            "name": "新名称",
            "industry": "C26",
            "capital_origin": "domestic",
            "capacity_kind": "new",
            "size_class": "medium",
            "total_investment": "999.99",
            "stage": in_pool.stage,
            "landing_unit": str(in_pool.landing_unit_id),
            "version": str(in_pool.version + 1),
        },
    )
    assert admin_messages(renamed) == ["修改已保存。"]


def test_a_decision_on_the_project_page_lands_at_its_message(client, in_pool, owner, reviewer):
    """Done from the project's page (posted to #decision), back to the page at the message: the
    decision's card leaves with the last pending request, and a redirect without a fragment of
    its own would keep #decision in the address."""
    _patch(owner, in_pool, total_investment="70000.00")
    change = ProjectChangeRequest.objects.get()
    client.force_login(reviewer)
    approved = reverse("projects:change_request_decide", args=[change.pk, "approve"])
    response = client.post(approved, {"comment": ""})
    assert response.url == reverse("projects:detail", args=[in_pool.pk]) + "#messages"
    page = client.get(response.url).content.decode()
    assert 'id="messages"' in page and "变更申请已审核通过。" in page
