import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from reserve.models import Entry
from tests.clock import at
from tests.factories import UnitFactory
from tests.queries import assert_constant_queries, calendar_reads
from tests.refusals import (
    OVERWRITE,
    batch_reason,
    field_notes,
    field_reasons,
    field_value,
    form_reasons,
    shown_form,
)
from tests.reserve.conftest import bulk_pooled, make_project
from yingkou.choices import UnitKind
from yingkou.models import Project

pytestmark = pytest.mark.django_db


def test_pages_answer_for_their_users(client, owner, reviewer, drc, bureau, approved, pool):
    pages = {
        owner: ["my_pool", "declare", "entry_list", "import"],
        reviewer: ["my_pool", "review_queue", "entry_list"],
        drc: ["drc_queue", "pool_list", "weekly", "monthly", "candidates", "entry_list"],
        bureau: ["monthly", "pool_list", "candidates"],
    }
    for user, names in pages.items():
        client.force_login(user)
        for name in names:
            response = client.get(reverse(f"reserve:{name}"))
            assert response.status_code == 200, (user, name)
        assert client.get(reverse("reserve:entry_detail", args=[approved.pk])).status_code == 200
        assert client.get(reverse("reserve:pool_detail", args=[pool.pk])).status_code == 200
        assert client.get(reverse("home")).status_code == 200


def test_queues_are_for_their_roles(client, owner, reviewer, drc):
    client.force_login(owner)
    assert client.get(reverse("reserve:review_queue")).status_code == 403
    assert client.get(reverse("reserve:drc_queue")).status_code == 403
    client.force_login(reviewer)
    assert client.get(reverse("reserve:drc_queue")).status_code == 403
    client.force_login(drc)
    assert client.get(reverse("reserve:review_queue")).status_code == 403


def test_declare_page_refuses_999_99_with_r1(client, owner, area):
    client.force_login(owner)
    data = {
        "form": "new",
        "name": "边界项目",
        "industry": "C26",
        "landing_unit": area.pk,
        "capital_origin": "domestic",
        "capacity_kind": "new",
        "size_class": "medium",
        "total_investment": "999.99",
        "stage": "planning",
        "submit_now": "on",
    }
    response = client.post(reverse("reserve:declare"), data)
    assert response.status_code == 200
    assert "R-1" in response.content.decode()
    assert not Entry.objects.exists()
    data["total_investment"] = "1000.00"
    response = client.post(reverse("reserve:declare"), data)
    entry = Entry.objects.get()
    assert response.url == reverse("reserve:entry_detail", args=[entry.pk])
    assert entry.status == "submitted"


def test_review_through_pages(client, submitted, reviewer, drc, level1):
    client.force_login(reviewer)
    url = reverse("reserve:entry_action", args=[submitted.pk, "approve"])
    client.post(url, {"comment": "同意"})
    client.post(reverse("reserve:entry_action", args=[submitted.pk, "recommend"]))
    client.force_login(drc)
    page = client.get(reverse("reserve:drc_queue")).content.decode()
    assert submitted.project.name in page
    response = client.post(
        reverse("reserve:drc_return", args=[submitted.pk]), {"comment": ""}, follow=True
    )
    assert "R-3" in response.content.decode()
    client.post(reverse("reserve:entry_action", args=[submitted.pk, "approve"]), {"comment": "好"})
    submitted.refresh_from_db()
    assert (submitted.level, submitted.status) == (1, "approved")


def test_a_refused_review_step_is_shown_again_with_the_comment_typed(client, submitted, reviewer):
    """The review form sits on the entry's page: a refusal was a message at the top of the page
    and the comment typed was gone."""
    Project.objects.filter(pk=submitted.project_id).update(total_investment="800.00")
    client.force_login(reviewer)
    approve = reverse("reserve:entry_action", args=[submitted.pk, "approve"])
    response = client.post(approve, {"comment": "同意入库，请补充环评批复"})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), approve)
    assert len(form_reasons(form)) == 1 and "（R-1）" in form_reasons(form)[0]
    assert field_value(form, "comment") == "同意入库，请补充环评批复"
    returned = reverse("reserve:entry_action", args=[submitted.pk, "return"])
    form = shown_form(client.post(returned, {"comment": " "}).content.decode(), returned)
    assert field_reasons(form, "comment") == ["退回时必须填写审核意见。（R-3）"]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_outsider_gets_404_and_forbidden_action_403(client, approved, outsider, owner):
    client.force_login(outsider)
    assert client.get(reverse("reserve:entry_detail", args=[approved.pk])).status_code == 404
    url = reverse("reserve:entry_action", args=[approved.pk, "recommend"])
    assert client.post(url).status_code == 404
    client.force_login(owner)
    assert client.post(url).status_code == 403


def test_pool_page_other_unit_is_404(client, outsider, pool):
    client.force_login(outsider)
    assert client.get(reverse("reserve:pool_detail", args=[pool.pk])).status_code == 404


def test_drc_sets_plan_and_fund_on_pool_page(client, drc, owner, pool):
    client.force_login(owner)
    data = {"plan_period": "十五五", "plan_investment": "100", "seen_period": pool.plan_period}
    assert client.post(reverse("reserve:pool_plan", args=[pool.pk]), data).status_code == 403
    client.force_login(drc)
    client.post(reverse("reserve:pool_plan", args=[pool.pk]), data)
    pool.refresh_from_db()
    assert pool.plan_investment == 100
    fund = {
        "year": 2026,
        "amount": "300.50",
        "budget_document": "营财预〔2026〕1号",
    }
    client.post(reverse("reserve:pool_fund", args=[pool.pk]), fund)
    assert pool.unit.reserve_funds.get(year=2026).amount == pytest.approx(300.5)
    client.force_login(owner)
    assert "300.50" in client.get(reverse("reserve:my_pool")).content.decode()


@pytest.mark.parametrize("name", ["entry_list", "my_pool"])
def test_entry_lists_run_a_fixed_number_of_queries(client, owner, area, name):
    client.force_login(owner)
    url = reverse(f"reserve:{name}") + "?page=1"
    assert_constant_queries(lambda: client.get(url), lambda n: bulk_pooled(area, owner, n))


@pytest.mark.parametrize("name", ["pool_list", "weekly"])
def test_pool_lists_run_a_fixed_number_of_queries(client, drc, name):
    client.force_login(drc)

    def add(n):
        for _ in range(n):
            unit = UnitFactory(kind=UnitKind.PARK)
            bulk_pooled(unit, drc, 2)

    assert_constant_queries(lambda: client.get(reverse(f"reserve:{name}")), add, 5, 40)


def test_level1_queue_constant_queries(client, drc, owner, area, level1):
    def add(n):
        bulk_pooled(area, owner, n)
        Entry.objects.filter(level=2).update(level=1, status="submitted")

    client.force_login(drc)
    assert_constant_queries(lambda: client.get(reverse("reserve:drc_queue")), add)


def test_pool_detail_members_constant_queries(client, drc, owner, reviewer, area, pool):
    client.force_login(drc)
    url = reverse("reserve:pool_detail", args=[pool.pk])
    assert_constant_queries(lambda: client.get(url), lambda n: bulk_pooled(area, owner, n))


def test_declare_existing_project(client, owner, area):
    project = make_project(area, "2000")
    client.force_login(owner)
    client.post(reverse("reserve:declare"), {"form": "existing", "project": project.pk})
    assert Entry.objects.get().project == project


def test_the_drc_approves_or_returns_several_entries_at_once(
    client, area, owner, reviewer, drc, level1
):
    from reserve.services import entry_recommend
    from tests.reserve.conftest import pooled

    first, second, third = (
        entry_recommend(entry=pooled(area, owner, reviewer, name=name), user=reviewer)
        for name in ("批量甲", "批量乙", "批量丙")
    )
    client.force_login(drc)
    batch = reverse("reserve:drc_batch")
    refused = client.post(
        batch, {"action": "return", "comment": "", "entries": [first.pk, second.pk]}, follow=True
    )
    assert "R-3" in refused.content.decode()  # returning needs a reason, for each entry
    done = client.post(
        batch,
        {"action": "approve", "comment": "同意", "entries": [first.pk, second.pk]},
        follow=True,
    )
    assert "已批量审核通过 2 个项目" in done.content.decode()
    for entry in (first, second, third):
        entry.refresh_from_db()
    assert [(e.level, e.status) for e in (first, second, third)] == [
        (1, "approved"),
        (1, "approved"),
        (1, "submitted"),
    ]
    client.force_login(reviewer)
    assert client.post(batch, {"action": "approve", "entries": [third.pk]}).status_code == 403


def test_the_unit_reviewer_approves_or_returns_several_entries_at_once(
    client, area, owner, reviewer, drc
):
    from reserve import services
    from tests.reserve.conftest import make_project

    first, second, third = (
        services.entry_declare(project=make_project(area, name=name), user=owner, submit=True)
        for name in ("二级甲", "二级乙", "二级丙")
    )
    client.force_login(reviewer)
    batch = reverse("reserve:review_batch")
    page = client.get(reverse("reserve:review_queue")).content.decode()
    assert batch in page and 'value="return"' in page
    refused = client.post(
        batch, {"action": "return", "comment": "", "entries": [first.pk, second.pk]}
    )
    # A reason is needed, entry by entry: neither is returned, and the bar says so by the comment.
    [reason] = field_reasons(shown_form(refused.content.decode(), batch), "comment")
    assert batch_reason(reason) == ({"二级甲", "二级乙"}, "退回时必须填写审核意见。（R-3）")
    done = client.post(
        batch,
        {"action": "approve", "comment": "同意", "entries": [first.pk, second.pk]},
        follow=True,
    )
    assert "已批量审核通过 2 个项目" in done.content.decode()
    for entry in (first, second, third):
        entry.refresh_from_db()
    assert [e.status for e in (first, second, third)] == ["approved", "approved", "submitted"]
    recommended = client.post(
        batch, {"action": "recommend", "entries": [first.pk, third.pk]}, follow=True
    ).content.decode()
    # The approved one is recommended; the one still waiting for approval is refused by name.
    assert "已批量推荐至一级库 1 个项目" in recommended
    assert "二级丙：" in recommended
    first.refresh_from_db()
    assert first.level == 1
    # Another unit's entries are not in this reviewer's queue; the DRC has its own batch.
    client.force_login(drc)
    assert client.post(batch, {"action": "approve", "entries": [third.pk]}).status_code == 403


def test_a_batch_with_nothing_ticked_keeps_the_comment_typed(client, drc, reviewer):
    """The batch bar's comment was lost with a message at the top when nothing was ticked: the
    queue is shown again, filtered as it was, with the comment and why."""
    for user, name in ((drc, "drc"), (reviewer, "review")):
        client.force_login(user)
        batch = reverse(f"reserve:{name}_batch")
        response = client.post(
            f"{batch}?q=甲", {"action": "return", "comment": "请补充可研报告", "entries": []}
        )
        assert response.status_code == 200
        form = shown_form(response.content.decode(), f"{batch}?q=%E7%94%B2")
        assert form_reasons(form) == ["请先勾选要批量处理的项目。"]
        assert field_value(form, "comment") == "请补充可研报告"
        assert response.context["filter"].form["q"].value() == "甲"
        # The queue's links (its filters, order and pages) lead to the queue.
        queue = reverse(f"reserve:{name}_queue")
        assert client.get(f"{batch}?q=甲").url == f"{queue}?q=%E7%94%B2"


def _in_level1(area, owner, reviewer, *names):
    from reserve.services import entry_recommend
    from tests.reserve.conftest import pooled

    return [
        entry_recommend(entry=pooled(area, owner, reviewer, name=name), user=reviewer)
        for name in names
    ]


def test_a_refused_row_decision_keeps_the_comment_in_its_row(
    client, area, owner, reviewer, drc, level1
):
    """Each row of the DRC's queue has a comment and 通过/退回: a refusal was a message at the top
    of the queue and the comment typed was gone. The queue is shown again, filtered as it was,
    with the comment in that row and the reason beside it; the other rows as they were."""
    first, second = _in_level1(area, owner, reviewer, "一级甲", "一级乙")
    Project.objects.filter(pk=first.project_id).update(total_investment="800.00")
    client.force_login(drc)
    approve = reverse("reserve:drc_approve", args=[first.pk])
    query = "?" + urlencode({"q": "一级"})
    response = client.post(approve + query, {"comment": "同意入库，请补充环评批复"})
    assert response.status_code == 200
    page = response.content.decode()
    form = shown_form(page, approve + query)
    assert len(form_reasons(form)) == 1 and "（R-1）" in form_reasons(form)[0]
    assert field_value(form, "comment") == "同意入库，请补充环评批复"
    other = shown_form(page, reverse("reserve:drc_approve", args=[second.pk]) + query)
    assert (form_reasons(other), field_reasons(other, "comment")) == ([], [])
    assert field_value(other, "comment") == ""
    assert response.context["filter"].form["q"].value() == "一级"
    assert not response.context["refused"]["apart"]  # in its row, the page scrolled to it
    assert dict(form.attributes)["id"] == "refused" and page.count('id="refused"') == 1
    returned = reverse("reserve:drc_return", args=[second.pk])
    form = shown_form(client.post(returned, {"comment": " "}).content.decode(), returned)
    assert field_reasons(form, "comment") == ["退回时必须填写审核意见。（R-3）"]
    for entry in (first, second):
        entry.refresh_from_db()
        assert (entry.level, entry.status) == (1, "submitted")
    # The queue's links (filters, order, pages) lead to the queue itself.
    assert client.get(approve + "?ordering=name").url == reverse("reserve:drc_queue") + (
        "?ordering=name"
    )
    # Done, back to the queue as it was filtered, at the message saying so.
    done = client.post(returned + query, {"comment": "请补充可研报告"})
    assert done.url == reverse("reserve:drc_queue") + query + "#messages"


def test_a_row_decided_meanwhile_keeps_the_comment_above_the_queue(
    client, area, owner, reviewer, drc, level1
):
    """Approved by another reviewer meanwhile, the entry has left the queue: the comment typed
    is shown above it with the reason, not lost with its row."""
    from reserve.services import entry_approve

    (entry,) = _in_level1(area, owner, reviewer, "一级甲")
    entry_approve(entry=entry, user=drc)
    client.force_login(drc)
    url = reverse("reserve:drc_return", args=[entry.pk])
    response = client.post(url, {"comment": "请补充用地预审意见"})
    assert response.status_code == 200
    assert response.context["refused"]["apart"]
    form = shown_form(response.content.decode(), url)
    assert len(form_reasons(form)) == 1 and "（R-3）" in form_reasons(form)[0]
    assert field_value(form, "comment") == "请补充用地预审意见"
    entry.refresh_from_db()
    assert entry.status == "approved"


def test_a_row_refused_on_a_page_the_queue_no_longer_has_shows_its_last_page(
    client, area, owner, reviewer, drc, level1
):
    """The DRC decides rows on page 2 of the level-1 queue while another reviewer decides rows of
    page 1: the queue has no page 2 any more. A refused decision there was a 404, the comment
    typed lost; it shows the queue's last page, the comment in its row now on that page, or
    above the queue when the entry has left it too. Sent again from there, it goes to the page
    shown, not to the page the queue no longer has."""
    from reserve.services import entry_approve

    entries = _in_level1(area, owner, reviewer, *(f"一级{n:02d}" for n in range(22)))
    client.force_login(drc)
    query = "?" + urlencode({"per_page": 20, "page": 2})
    assert [e.pk for e in client.get(reverse("reserve:drc_queue") + query).context["page"]] == [
        entries[20].pk,
        entries[21].pk,
    ]
    for entry in (entries[0], entries[20]):
        entry_approve(entry=entry, user=drc)

    returned = reverse("reserve:drc_return", args=[entries[21].pk])
    response = client.post(returned + query, {"comment": " "})
    assert response.status_code == 200
    page = response.context["page"]
    assert (page.number, page.paginator.num_pages, len(page)) == (1, 1, 20)
    assert not response.context["refused"]["apart"]  # in its row of the last page
    shown = "?" + urlencode({"per_page": 20, "page": 1})
    html = response.content.decode()
    form = shown_form(html, returned + shown)
    assert field_reasons(form, "comment") == ["退回时必须填写审核意见。（R-3）"]
    assert not re.search(r"\bpage=2\b", html)

    returned = reverse("reserve:drc_return", args=[entries[20].pk])
    response = client.post(returned + query, {"comment": "请补充用地预审意见"})
    assert response.status_code == 200 and response.context["page"].number == 1
    assert response.context["refused"]["apart"]
    form = shown_form(response.content.decode(), returned + shown)
    assert len(form_reasons(form)) == 1 and "（R-3）" in form_reasons(form)[0]
    assert field_value(form, "comment") == "请补充用地预审意见"


def test_a_row_decision_is_asked_of_the_drc_entry_by_entry(client, area, owner, reviewer, drc):
    """The row's address is the DRC's: the unit reviewer is refused it, and the DRC is refused an
    entry still waiting at level 2 (R-3), without a word of the queue."""
    from reserve.services import entry_declare
    from tests.reserve.conftest import make_project

    entry = entry_declare(project=make_project(area, "2000"), user=owner, submit=True)
    url = reverse("reserve:drc_approve", args=[entry.pk])
    for user in (reviewer, drc):
        client.force_login(user)
        assert client.post(url, {"comment": "同意"}).status_code == 403
    entry.refresh_from_db()
    assert (entry.level, entry.status) == (2, "submitted")


def test_a_refused_row_decision_shows_the_queue_in_a_fixed_number_of_queries(
    client, area, owner, reviewer, drc, level1
):
    (entry,) = _in_level1(area, owner, reviewer, "一级甲")

    def add(n):
        bulk_pooled(area, owner, n)
        Entry.objects.filter(level=2).update(level=1, status="submitted")

    client.force_login(drc)
    url = reverse("reserve:drc_return", args=[entry.pk])
    assert_constant_queries(lambda: client.post(url, {"comment": ""}), add)
    # On a page past the queue's end: its last page.
    assert_constant_queries(lambda: client.post(f"{url}?page=9", {"comment": ""}), add)


def test_a_batch_of_which_every_entry_is_refused_keeps_the_comment(
    client, area, owner, reviewer, drc, level1
):
    """Every entry ticked refused: the batch comment was lost with the messages at the top of
    the queue. The queue is shown again with it, the entries still ticked and, for each reason,
    the entries it refused. Some done and some refused is told as before: the done ones go, and
    the refused ones are named with their reasons."""
    first, second = _in_level1(area, owner, reviewer, "批量甲", "批量乙")
    projects = Project.objects.filter(pk__in=[first.project_id, second.project_id])
    projects.update(total_investment="800.00")
    client.force_login(drc)
    batch = reverse("reserve:drc_batch")
    ticked = {"entries": [first.pk, second.pk]}
    response = client.post(batch, {"action": "approve", "comment": "同意入库", **ticked})
    assert response.status_code == 200
    page = response.content.decode()
    form = shown_form(page, batch)
    [reason] = form_reasons(form)
    names, why = batch_reason(reason)
    assert names == {"批量甲", "批量乙"} and why.endswith("（R-1）")
    assert field_value(form, "comment") == "同意入库"
    checked = re.findall(r'name="entries" value="(\d+)" form="batch" checked', page)
    assert sorted(checked) == sorted(str(pk) for pk in ticked["entries"])
    # A return without its comment: the reason beside the comment.
    response = client.post(batch, {"action": "return", "comment": " ", **ticked})
    [reason] = field_reasons(shown_form(response.content.decode(), batch), "comment")
    assert batch_reason(reason) == ({"批量甲", "批量乙"}, "退回时必须填写审核意见。（R-3）")
    for entry in (first, second):
        entry.refresh_from_db()
        assert entry.status == "submitted"

    Project.objects.filter(pk=first.project_id).update(total_investment="2000.00")
    response = client.post(batch, {"action": "approve", "comment": "同意入库", **ticked})
    assert response.url == reverse("reserve:drc_queue")
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert told[0] == "已批量审核通过 1 个项目。"
    assert told[1].startswith("批量乙：") and told[1].endswith("（R-1）")
    first.refresh_from_db()
    assert first.status == "approved"


def test_a_stale_plan_edit_on_the_page_is_refused_with_a_message(client, drc, pool):
    """Two DRC reviewers open the pool with no total set: the second edit is told, not saved
    over the first; the pool drawn again carries the first one's plan, and an edit on it is
    saved."""
    client.force_login(drc)
    page = client.get(reverse("reserve:pool_detail", args=[pool.pk])).content.decode()
    assert f'name="seen_period" value="{pool.plan_period}"' in page
    assert 'name="seen_investment" id="id_seen_investment"' in page  # no total: empty
    url = reverse("reserve:pool_plan", args=[pool.pk])
    data = {
        "plan_period": "十五五",
        "plan_investment": "100",
        "seen_period": pool.plan_period,
        "seen_investment": "",
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "plan_investment": "7"})
    assert stale.status_code == 200
    assert "已被他人修改" in stale.content.decode()
    assert stale.context["plan_form"]["plan_investment"].value() == "7"
    pool.refresh_from_db()
    assert (pool.plan_investment, pool.version) == (100, 2)
    page = client.get(reverse("reserve:pool_detail", args=[pool.pk])).content.decode()
    assert 'name="seen_investment" value="100.00"' in page
    again = {**data, "plan_investment": "7", "seen_investment": "100.00"}
    assert client.post(url, again).status_code == 302
    pool.refresh_from_db()
    assert (pool.plan_investment, pool.version) == (7, 3)


def test_choosing_the_person_someone_named_meanwhile_is_not_refused(client, reviewer, owner, pool):
    """R-5: two reviewers choose the same person on pages opened with no one named: the second
    choice overwrites nothing, so it is saved, not refused as stale."""
    client.force_login(reviewer)
    url = reverse("reserve:pool_responsible", args=[pool.pk])
    assert client.post(url, {"responsible": owner.pk, "seen": ""}).status_code == 302
    again = client.post(url, {"responsible": owner.pk, "seen": ""})
    assert again.status_code == 302
    pool.refresh_from_db()
    assert pool.responsible == owner


def test_a_stale_responsible_choice_is_refused_keeping_the_person_chosen(
    client, reviewer, owner, pool
):
    """Two reviewers open 'my pool' with no one named: the second choice is told, not saved
    over the first. It was told by a message at the top of the pool sent back to, the person
    chosen gone; the pool is shown again with the choice and why beside it."""
    client.force_login(reviewer)
    page = client.get(reverse("reserve:my_pool")).content.decode()
    assert 'name="seen" id="id_seen"' in page  # drawn with no one named: the field is empty
    url = reverse("reserve:pool_responsible", args=[pool.pk])
    done = client.post(url, {"responsible": owner.pk, "seen": ""})
    assert done.url == reverse("reserve:my_pool") + "#messages"
    stale = client.post(url, {"responsible": reviewer.pk, "seen": ""})
    assert stale.status_code == 200
    form = shown_form(stale.content.decode(), url)
    assert field_value(form, "responsible") == str(reviewer.pk)
    reason, *changed = form_reasons(form)
    assert reason.startswith("该储备库的更新专人已被他人修改，请刷新页面后在最新版本上重新指定。")
    assert changed == [
        f"「更新专人」现为 {owner}，您填写的是 {reviewer}",
        OVERWRITE,
    ]
    # Drawn again on the person named meanwhile: saving it again replaces them knowingly.
    assert field_value(form, "seen") == str(owner.pk)
    pool.refresh_from_db()
    assert pool.responsible == owner
    # The pool drawn again names the one chosen meanwhile: a choice made on it is saved.
    page = client.get(reverse("reserve:my_pool")).content.decode()
    assert f'name="seen" value="{owner.pk}"' in page
    assert client.post(url, {"responsible": reviewer.pk, "seen": owner.pk}).status_code == 302
    pool.refresh_from_db()
    assert pool.responsible == reviewer
    # Who chose whom, and when, is kept for each choice.
    chosen = [(h.responsible_id, h.history_user) for h in pool.history.order_by("history_id")]
    assert chosen[-2:] == [(owner.pk, reviewer), (reviewer.pk, reviewer)]
    # Nobody chosen is said beside the field, where "请选择本单位人员" was a message at the top.
    form = shown_form(
        client.post(url, {"responsible": "", "seen": reviewer.pk}).content.decode(), url
    )
    assert field_reasons(form, "responsible") == ["此项必须填写。"]
    # The pool's links lead to the pool, as the weekly note's do.
    assert client.get(url + "?status=approved").url == reverse("reserve:my_pool") + (
        "?status=approved"
    )


def test_a_plan_set_meanwhile_does_not_refuse_the_responsible_choice(
    client, drc, reviewer, owner, pool
):
    """R-5: the plan and the responsible person are one pool record, but the DRC setting the
    plan while the reviewer chooses is no one changing the person: the choice is saved, and
    the plan kept."""
    from reserve import services

    client.force_login(reviewer)
    form = client.get(reverse("reserve:my_pool")).context["responsible_form"]
    seen = form["seen"].value()
    services.pool_set_plan(
        pool=pool, plan_period="十五五", plan_investment=100, user=drc, expected_version=1
    )
    url = reverse("reserve:pool_responsible", args=[pool.pk])
    done = client.post(url, {"responsible": owner.pk, "seen": seen or ""})
    assert done.status_code == 302
    pool.refresh_from_db()
    assert (pool.responsible, pool.plan_investment) == (owner, 100)
    assert [h.history_user for h in pool.history.order_by("history_id")][-2:] == [drc, reviewer]


def test_a_refused_responsible_choice_says_who_is_responsible_now(client, reviewer, owner, pool):
    """The picker of the refused form holds the person chosen, and was the only place the page
    named the pool's responsible person to its reviewer: told that someone else chose meanwhile,
    he could not see whom. The form says it beside the picker."""
    from reserve import services

    client.force_login(reviewer)
    url = reverse("reserve:pool_responsible", args=[pool.pk])
    services.pool_responsible_set(pool=pool, responsible=owner, user=reviewer)
    form = shown_form(
        client.post(url, {"responsible": reviewer.pk, "seen": ""}).content.decode(), url
    )
    assert field_value(form, "responsible") == str(reviewer.pk)
    assert form_reasons(form)[0].startswith(
        "该储备库的更新专人已被他人修改，请刷新页面后在最新版本上重新指定。"
    )
    assert field_notes(form, "responsible") == [f"当前更新专人：{owner.display_name}"]
    pool.refresh_from_db()
    assert pool.responsible == owner


def test_a_refused_responsible_choice_shows_the_pool_in_a_fixed_number_of_queries(
    client, area, owner, reviewer, pool
):
    client.force_login(reviewer)
    url = reverse("reserve:pool_responsible", args=[pool.pk])
    assert_constant_queries(
        lambda: client.post(url, {"responsible": owner.pk, "seen": reviewer.pk}),
        lambda n: bulk_pooled(area, owner, n),
    )


def test_choosing_the_responsible_leaves_an_open_plan_form_valid(
    client, drc, reviewer, owner, pool
):
    """R-4/R-5: the responsible person and the plan are one pool record, but the unit naming
    its person while the DRC's plan form is open is no one changing the plan: the plan is
    saved, the person kept, and each change keeps who made it."""
    client.force_login(drc)
    plan_form = client.get(reverse("reserve:pool_detail", args=[pool.pk])).context["plan_form"]
    client.force_login(reviewer)
    url = reverse("reserve:pool_responsible", args=[pool.pk])
    assert client.post(url, {"responsible": owner.pk, "seen": ""}).status_code == 302
    client.force_login(drc)
    data = {
        "plan_period": "十五五",
        "plan_investment": "100",
        "seen_period": plan_form["seen_period"].value(),
        "seen_investment": plan_form["seen_investment"].value() or "",
    }
    done = client.post(reverse("reserve:pool_plan", args=[pool.pk]), data)
    assert done.status_code == 302
    pool.refresh_from_db()
    assert (pool.plan_investment, pool.responsible, pool.version) == (100, owner, 3)
    assert [h.history_user for h in pool.history.order_by("history_id")][-2:] == [reviewer, drc]


def test_a_plan_changed_after_the_form_was_drawn_is_still_refused(
    client, drc, reviewer, owner, pool
):
    """R-4: a plan set by another DRC reviewer since the form was drawn refuses the edit, with
    the person chosen meanwhile or not; the form is shown again with what was typed."""
    from reserve import services

    client.force_login(drc)
    plan_form = client.get(reverse("reserve:pool_detail", args=[pool.pk])).context["plan_form"]
    services.pool_responsible_set(pool=pool, responsible=owner, user=reviewer)
    services.pool_set_plan(
        pool=pool, plan_period="十五五", plan_investment=50, user=drc, seen_plan=("十五五", None)
    )
    data = {
        "plan_period": "十五五",
        "plan_investment": "100",
        "seen_period": plan_form["seen_period"].value(),
        "seen_investment": plan_form["seen_investment"].value() or "",
    }
    stale = client.post(reverse("reserve:pool_plan", args=[pool.pk]), data)
    assert stale.status_code == 200
    assert "该储备库的规划已被他人修改，请刷新页面后在最新版本上重新填写。" in (
        stale.content.decode()
    )
    assert stale.context["plan_form"]["plan_investment"].value() == "100"
    pool.refresh_from_db()
    assert (pool.plan_investment, pool.responsible) == (50, owner)


def test_a_stale_fund_correction_on_the_page_is_refused(client, drc, pool):
    from reserve.models import ReserveFund

    client.force_login(drc)
    page_url = reverse("reserve:pool_detail", args=[pool.pk])
    url = reverse("reserve:pool_fund", args=[pool.pk])
    assert 'name="version" value="0"' in client.get(page_url + "?fund_year=2026").content.decode()
    first = {"year": 2026, "amount": "300", "budget_document": "营财预〔2026〕1号", "version": 0}
    assert client.post(url, first).status_code == 302
    # A second first entry of the year, made on the empty form, does not replace the first.
    late = client.post(url, {**first, "amount": "1"})
    assert late.status_code == 200 and "已被他人录入或修改" in late.content.decode()
    # The correction is made on the year's fund as shown, with its version.
    shown = client.get(page_url + "?fund_year=2026")
    assert "?fund_year=2026" in shown.content.decode()  # the table's link to correct the year
    form = shown.context["fund_form"]
    assert (form["version"].value(), form["amount"].value()) == (1, 300)
    assert client.post(url, {**first, "amount": "350", "version": 1}).status_code == 302
    stale = client.post(url, {**first, "amount": "9", "version": 1})
    assert stale.status_code == 200 and "已被他人录入或修改" in stale.content.decode()
    fund = ReserveFund.objects.get(unit=pool.unit, year=2026)
    assert (fund.amount, fund.version) == (350, 2)
    assert fund.history.count() == 2  # entered, then the one correction that won


def test_level1_row_form_approves_and_returns_to_the_queue(
    client, submitted, reviewer, drc, level1
):
    client.force_login(reviewer)
    client.post(
        reverse("reserve:entry_action", args=[submitted.pk, "approve"]), {"comment": "同意"}
    )
    client.post(reverse("reserve:entry_action", args=[submitted.pk, "recommend"]))
    client.force_login(drc)
    queue = reverse("reserve:drc_queue")
    page = client.get(queue).content.decode()
    row = re.search(r'<tr><td><input type="checkbox".*?</tr>', page, re.S).group(0)
    assert f'href="{reverse("reserve:entry_detail", args=[submitted.pk])}"' in row
    found = re.findall(r'formaction="([^"]+)">([^<]+)</button>', row)
    actions = {label: url for url, label in found}
    # Each posts to the row's own place on the queue, so the browser comes back to it.
    assert actions == {
        "通过": reverse("reserve:drc_approve", args=[submitted.pk]) + "#refused",
        "退回": reverse("reserve:drc_return", args=[submitted.pk]) + "#refused",
    }
    response = client.post(actions["通过"].split("#")[0], {"comment": "列入一级库"})
    # Done: the redirect names a fragment of its own, the message saying what was done; without
    # one the browser kept the #refused it posted to, on a page where nothing was refused.
    assert response.url == queue + "#messages"
    landed = client.get(response.url).content.decode()
    # The row has left the queue: the message says which project was approved.
    done = f'<ul class="messages" id="messages"><li class="success">已审核通过：{submitted.project.name}。</li>'
    assert done in landed
    assert 'id="refused"' not in landed
    submitted.refresh_from_db()
    assert (submitted.level, submitted.status) == (1, "approved")
    assert submitted.project.name not in client.get(queue).content.decode()


def test_pool_pages_show_a_missing_plan_total_as_undecided(client, drc, owner, reviewer, pool):
    """R-4: until the DRC sets the plan total, the plan rule reads 无法判断 on the pool list and
    on the unit's own page, not 未达标; once set, it is judged."""
    from tests.reserve.conftest import pooled

    pooled(pool.unit, owner, reviewer, "60000.00")
    client.force_login(drc)
    listed = client.get(reverse("reserve:pool_list")).content.decode()
    row = re.search(rf"{pool.name}</a>.*?</tr>", listed, re.S).group(0)
    assert "未设定规划投资总额（无法判断）" in row and "未达标" not in row
    client.force_login(owner)
    mine = client.get(reverse("reserve:my_pool")).content.decode()
    plan_row = re.search(r"规划投资总额（未设定）.*?</tr>", mine, re.S).group(0)
    assert "无法判断" in plan_row and "未达标" not in plan_row
    pool.plan_investment = 40000
    pool.save()
    client.force_login(drc)
    listed = client.get(reverse("reserve:pool_list")).content.decode()
    row = re.search(rf"{pool.name}</a>.*?</tr>", listed, re.S).group(0)
    assert "未达标" in row and "无法判断" not in row


def test_declare_page_names_missing_field_and_r1_together(client, owner, area):
    """A declaration with no name and 999 万元 is told both at once, not the amount only after
    the name is fixed."""
    client.force_login(owner)
    data = {
        "form": "new",
        "name": "",
        "industry": "C26",
        "landing_unit": area.pk,
        "capital_origin": "domestic",
        "capacity_kind": "new",
        "size_class": "medium",
        "total_investment": "999",
        "stage": "planning",
    }
    response = client.post(reverse("reserve:declare"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "name" in errors
    assert any("R-1" in message for message in errors["total_investment"])
    assert not Entry.objects.exists()


def test_every_stage_the_declaring_form_offers_is_accepted(client, owner, area):
    """The form offers only stages a new declaration may take (§1, R-1): 储备 was offered and
    then refused after saving."""
    client.force_login(owner)
    offered = [
        v
        for v, _label in client.get(reverse("reserve:declare"))
        .context["form"]
        .fields["stage"]
        .choices
    ]
    assert offered == ["planning"]
    for stage in offered:
        response = client.post(
            reverse("reserve:declare"),
            {
                "form": "new",
                "name": f"阶段{stage}",
                "industry": "C26",
                "landing_unit": area.pk,
                "capital_origin": "domestic",
                "capacity_kind": "new",
                "size_class": "medium",
                "total_investment": "1000",
                "stage": stage,
            },
        )
        assert response.status_code == 302, stage


def test_staff_withdrawing_their_declaration_are_asked_for_a_note_not_a_review(
    client, submitted, owner, reviewer
):
    """R-3: the comment box beside 撤回 on the declaring staff's page read 审核意见, as if they
    reviewed their own project; the reviewer's stays 审核意见."""
    url = reverse("reserve:entry_detail", args=[submitted.pk])
    client.force_login(owner)
    page = client.get(url).content.decode()
    assert "撤回" in page and "说明（可不填）" in page and "审核意见" not in page
    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert "审核意见" in page and "说明（可不填）" not in page


def test_my_pool_reads_each_calendar_range_once(client, owner, pool):
    """R-5's due day, the late check and the overdue day all count on the same working days of
    the week; the page reads each range of the calendar once, not once per use. On Monday
    7 December 2026 the pool has never been updated: late since Friday 4 December."""
    client.force_login(owner)
    with at(dt.date(2026, 12, 7)):
        page, calendar = calendar_reads(client, reverse("reserve:my_pool"))
    assert "储备库更新已逾期：应于12月4日（含当日）前确认" in page
    assert calendar
    assert len(calendar) == len(set(calendar)), calendar


def test_the_weekly_dispatch_reads_each_calendar_range_once(client, drc, pool):
    """R-5's dispatch table (周调度表): its late marks, this week's due day and the missed one
    count on the same weeks of the calendar, read once each, not once per use. On Monday
    7 December 2026 no pool has been updated: all late since Friday 4 December."""
    client.force_login(drc)
    with at(dt.date(2026, 12, 7)):
        page, calendar = calendar_reads(client, reverse("reserve:weekly"))
    assert "逾期未更新：" in page
    assert calendar
    assert len(calendar) == len(set(calendar)), calendar
