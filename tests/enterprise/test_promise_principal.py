"""E-6 实行惠企政策落实“一把手”责任制: every policy promise names the principal leader of its
responsible department, who answers for it — chosen by itself when the department has exactly
one, shown on the promise page, the lists, the API and the reminders, and judged again when he
leaves; the promises recorded before are filled by the migration, in their history."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from enterprise import jobs, rules, services
from enterprise.choices import PromiseStatus
from tests.enterprise.factories import EnterpriseFactory, PromiseFactory
from tests.factories import LeaderFactory, UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from tests.yingkou.admin_forms import admin_messages
from yingkou.choices import LeaderRank, NotificationKind, Role
from yingkou.errors import RuleViolation
from yingkou.models import Leader, Notification
from yingkou.people_changes import leader_added, leader_changed, leader_rule_values

pytestmark = pytest.mark.django_db
D = dt.date


def principal(unit, name="局长甲", **fields):
    return LeaderFactory(name=name, title="局长", rank=LeaderRank.PRINCIPAL, unit=unit, **fields)


@pytest.fixture
def enterprise(area):
    return EnterpriseFactory(name="营口某化工有限公司", introducing_unit=area)


def create(enterprise, user, **fields):
    data = {
        "kind": "contract",
        "source": "投资合作协议",
        "content": "第六条：土地出让价款分期缴纳。",
        "promised_on": D(2026, 6, 1),
        "responsible_unit": enterprise.responsible_unit,
        "due_on": D(2026, 12, 31),
        **fields,
    }
    return services.promise_create(enterprise=enterprise, user=user, **data)


class TestTheRule:
    def test_the_departments_one_principal_leader_is_chosen(self, area, area_in_charge):
        head = principal(area, name="区长甲")
        principal(area, name="原区长", is_retired=True)  # retired: not serving
        assert rules.promise_principal_rule(area) == head

    def test_of_several_the_recorder_chooses(self, area):
        principal(area, name="书记甲")
        second = principal(area, name="区长乙")
        with pytest.raises(RuleViolation) as error:
            rules.promise_principal_rule(area)
        assert (error.value.rule, error.value.field) == ("E-6", "principal_leader")
        assert rules.promise_principal_rule(area, second) == second

    def test_a_department_without_one_leaves_it_to_be_named(self, area, area_in_charge):
        assert rules.promise_principal_rule(area) is None

    @pytest.mark.parametrize("who", ["in_charge", "other_unit", "retired"])
    def test_only_a_serving_principal_leader_of_the_department_answers(self, area, other_area, who):
        leader = {
            "in_charge": lambda: LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area),
            "other_unit": lambda: principal(other_area),
            "retired": lambda: principal(area, is_retired=True),
        }[who]()
        with pytest.raises(RuleViolation) as error:
            rules.promise_principal_rule(area, leader)
        assert error.value.rule == "E-6" and "一把手" in error.value.text


class TestRecording:
    def test_a_promise_names_its_principal_in_its_history(self, enterprise, area, drc):
        head = principal(area)
        promise = create(enterprise, drc)
        assert promise.principal_leader == head
        assert promise.history.first().principal_leader_id == head.pk

    def test_the_page_asks_for_a_choice_among_several(self, client, enterprise, area, drc):
        principal(area, name="书记甲")
        second = principal(area, name="区长乙")
        client.force_login(drc)
        url = reverse("enterprise:promise_create", args=[enterprise.pk])
        data = {
            "kind": "contract",
            "source": "投资合作协议",
            "content": "第六条",
            "promised_on": "2026-06-01",
            "responsible_unit": area.pk,
            "due_on": "2026-12-31",
        }
        refused = client.post(url, data)
        assert refused.status_code == 200
        assert "有多位主要领导，请指定惠企政策落实“一把手”责任人" in refused.content.decode()
        assert client.post(url, {**data, "principal_leader": second.pk}).status_code == 302
        assert enterprise.promises.get().principal_leader == second

    def test_page_list_and_enterprise_page_name_him(self, client, enterprise, area, drc):
        principal(area, name="区长甲")
        promise = create(enterprise, drc)
        client.force_login(drc)
        for url in (
            reverse("enterprise:promise", args=[promise.pk]),
            reverse("enterprise:promises"),
            reverse("enterprise:detail", args=[enterprise.pk]),
        ):
            page = client.get(url).content.decode()
            assert "“一把手”" in page and "区长甲（局长）" in page, url

    def test_one_without_is_marked_and_named_on_its_page(self, client, enterprise, area, drc):
        principal(area, name="书记甲")
        second = principal(area, name="区长乙")
        promise = PromiseFactory(enterprise=enterprise)
        url = reverse("enterprise:promise", args=[promise.pk])
        client.force_login(drc)
        page = client.get(url).content.decode()
        assert "待指定" in page and "指定“一把手”责任人" in page
        assert "error-summary" not in page  # neither form is bound on opening the page
        wrong = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=UnitFactory())
        refused = client.post(
            url,
            {"form": "principal", "principal-principal_leader": wrong.pk, "principal-version": 1},
        )
        assert refused.status_code == 200  # not one of the department's principal leaders
        named = client.post(
            url,
            {"form": "principal", "principal-principal_leader": second.pk, "principal-version": 1},
        )
        assert named.status_code == 302
        promise.refresh_from_db()
        assert (promise.principal_leader, promise.version) == (second, 2)
        assert promise.history.first().history_user == drc
        assert "指定“一把手”责任人" not in client.get(url).content.decode()

    def test_a_closed_promise_takes_no_principal_afterwards(self, enterprise, area, drc):
        head = principal(area)
        promise = PromiseFactory(enterprise=enterprise, status=PromiseStatus.HONOURED)
        with pytest.raises(RuleViolation) as error:
            services.promise_principal_name(
                promise=promise, user=drc, principal_leader=head, expected_version=1
            )
        assert error.value.rule == "E-6"


class TestApi:
    def test_the_api_names_him_and_chooses_him(self, api, enterprise, area, drc):
        head = principal(area, name="区长甲")
        api.force_authenticate(drc)
        created = api.post(
            "/api/v1/enterprise/promises/",
            {
                "enterprise": enterprise.pk,
                "kind": "policy",
                "source": "技改扶持政策",
                "content": "设备投资额10%的补贴",
                "promised_on": "2026-06-01",
                "responsible_unit": area.pk,
                "due_on": "2026-12-31",
            },
            format="json",
        )
        assert created.status_code == 201, created.json()
        body = created.json()
        assert body["principal_leader"] == head.pk
        assert body["principal_leader_name"] == "区长甲（局长）"

    def test_the_api_names_one_and_refuses_another_units(self, api, enterprise, area, drc):
        head = principal(area, name="区长甲")
        promise = PromiseFactory(enterprise=enterprise)
        api.force_authenticate(drc)
        url = f"/api/v1/enterprise/promises/{promise.pk}/principal/"
        stranger = principal(UnitFactory(), name="外单位局长")
        refused = api.post(url, {"principal_leader": stranger.pk, "version": 1}, format="json")
        assert refused.status_code == 400 and "E-6" in str(refused.json())
        named = api.post(url, {"principal_leader": head.pk, "version": 1}, format="json")
        assert named.status_code == 200 and named.json()["principal_leader"] == head.pk
        stale = api.post(url, {"principal_leader": head.pk, "version": 1}, format="json")
        assert stale.status_code == 409

    def test_the_lists_keep_their_number_of_queries(self, client, api, enterprise, drc):
        def add(n):
            for _ in range(n):
                unit = UnitFactory()
                PromiseFactory(
                    enterprise=enterprise,
                    responsible_unit=unit,
                    principal_leader=principal(unit, user=UserFactory(unit=unit)),
                )

        client.force_login(drc)
        api.force_authenticate(drc)
        assert_constant_queries(lambda: client.get(reverse("enterprise:promises")), add, large=40)
        assert_constant_queries(
            lambda: api.get("/api/v1/enterprise/promises/?page_size=500"), add, large=60
        )


@pytest.mark.usefixtures("frozen_today")
class TestReminders:
    def test_an_overdue_promise_names_its_principal_and_tells_him(
        self, enterprise, area, owner, drc
    ):
        login = UserFactory(username="quzhang", role=Role.UNIT_REVIEWER, unit=area)
        head = principal(area, name="区长甲", user=login)
        promise = create(enterprise, drc, due_on=D(2026, 11, 20))
        jobs.deadlines(D(2026, 11, 26))
        notices = Notification.objects.filter(kind=NotificationKind.ITEM_OVERDUE)
        assert {n.user.username for n in notices} == {"alice", "quzhang"}
        notice = notices.get(user=owner)
        assert "责任人：“一把手”区长甲（局长）" in notice.body
        assert notice.key.startswith(f"enterprise:promise:{promise.pk}:overdue")
        assert head.user == login

    def test_a_promise_without_one_says_so(self, enterprise, area, owner):
        PromiseFactory(enterprise=enterprise, due_on=D(2026, 11, 20))
        jobs.deadlines(D(2026, 11, 26))
        notice = Notification.objects.get(user=owner, kind=NotificationKind.ITEM_OVERDUE)
        assert "“一把手”待指定" in notice.body


class TestLeaderChanges:
    def test_a_principal_who_retires_is_followed_by_the_one_left(
        self, enterprise, area, owner, drc
    ):
        head = principal(area, name="区长甲")
        promise = create(enterprise, drc)
        successor = principal(area, name="区长乙")
        before = leader_rule_values(head)
        head.is_retired = True
        head.save()
        leader_changed(leader=head, before=before, user=drc)
        promise.refresh_from_db()
        assert promise.principal_leader == successor
        latest = promise.history.first()
        assert latest.history_user == drc and "E-6" in latest.history_change_reason
        told = Notification.objects.get(
            user=owner, kind=NotificationKind.PERSON_CHANGED, title__contains="一把手"
        )
        assert "一把手" in told.title

    def test_a_departments_promises_ask_for_its_principal_once(
        self, enterprise, area, drc, monkeypatch
    ):
        """The retiring principal's promises are many in a busy department: its one principal
        left is looked up once for all of them, not once per promise."""
        head = principal(area, name="区长甲")
        promises = [create(enterprise, drc) for _ in range(3)]
        successor = principal(area, name="区长乙")
        asked = []
        proposed = rules.promise_principal_proposed
        monkeypatch.setattr(
            rules, "promise_principal_proposed", lambda unit: asked.append(unit) or proposed(unit)
        )
        before = leader_rule_values(head)
        head.is_retired = True
        head.save()
        leader_changed(leader=head, before=before, user=drc)
        assert asked == [area]
        for promise in promises:
            promise.refresh_from_db()
            assert promise.principal_leader == successor

    def test_with_none_left_the_promise_waits_for_one(self, enterprise, area, drc):
        head = principal(area, name="区长甲")
        promise = create(enterprise, drc)
        before = leader_rule_values(head)
        head.unit = UnitFactory()
        head.save()
        leader_changed(leader=head, before=before, user=drc)
        promise.refresh_from_db()
        assert promise.principal_leader is None

    def test_a_closed_promise_keeps_who_answered_for_it(self, enterprise, area, drc):
        head = principal(area, name="区长甲")
        promise = create(enterprise, drc)
        services.promise_close(
            promise=promise,
            user=drc,
            status=PromiseStatus.HONOURED,
            honoured_on=D(2026, 11, 2),
            evidence="拨付凭证",
        )
        before = leader_rule_values(head)
        head.is_retired = True
        head.save()
        leader_changed(leader=head, before=before, user=drc)
        promise.refresh_from_db()
        assert promise.principal_leader == head


def add_leader(client, unit, **fields):
    """POST the admin's add form for a leader of `unit`; the response and the leader."""
    data = {"name": "新区长", "title": "区长", "rank": LeaderRank.PRINCIPAL, "unit": unit.pk}
    data.update(fields)
    response = client.post(reverse("admin:yingkou_leader_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response, Leader.objects.get(name=data["name"])


class TestLeaderAdded:
    """A principal leader recorded new in the admin is the one his department's promises still
    to be kept and naming nobody (待指定) were waiting for — decided by the same answer as a
    change (`leader_added` → `leader_changed`), in the promise's history, told as a change is."""

    @pytest.fixture
    def root(self, db):
        return UserFactory(
            username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True
        )

    def test_the_departments_only_principal_fills_its_promises_waiting_for_one(
        self, client, root, enterprise, area, owner, drc
    ):
        waiting = create(enterprise, drc, source="投资合作协议")
        other = create(enterprise, drc, source="招商引资优惠政策", kind="policy")
        closed = create(enterprise, drc, source="已兑现的协议")
        services.promise_close(
            promise=closed,
            user=drc,
            status=PromiseStatus.HONOURED,
            honoured_on=D(2026, 11, 2),
            evidence="拨付凭证",
        )
        assert waiting.principal_leader is None
        client.force_login(root)

        response, head = add_leader(client, area, name="区长丙")

        for promise in (waiting, other, closed):
            promise.refresh_from_db()
        assert waiting.principal_leader == other.principal_leader == head
        assert closed.principal_leader is None  # a closed promise takes nobody afterwards
        latest = waiting.history.first()
        assert latest.history_user == root
        assert (
            latest.history_change_reason
            == "新增领导区长丙（区长）后按 E-6 确定“一把手”责任人：区长丙（区长）。"
        )
        assert waiting.version == 2
        told = Notification.objects.filter(user=owner, kind=NotificationKind.PERSON_CHANGED)
        title = f"{enterprise.name}的政策承诺“一把手”责任人已确定为区长丙（区长）（投资合作协议）"
        # And the enterprise, which had no principal leader to answer for it either (E-1).
        assert title in {notice.title for notice in told} and told.count() == 3
        shown = admin_messages(response)
        assert shown[0] == "成功添加了 领导“区长丙（区长）”。"
        assert shown[1].startswith(
            "已按 E-1、E-6 为新增的区长丙（区长）判定待指定负责领导的企业和其单位待指定“一把手”的政策承诺："
            "共 3 项，已通知相关单位："
        )
        assert f"{title}（已通知：{area.name}）" in shown[1]

    @pytest.mark.parametrize(
        ("fields", "fills"),
        [
            ({}, True),
            ({"is_retired": "on"}, False),
            ({"rank": LeaderRank.IN_CHARGE}, False),
        ],
    )
    def test_only_a_serving_principal_leader_fills_them(
        self, client, root, enterprise, area, drc, fields, fills
    ):
        promise = create(enterprise, drc)
        client.force_login(root)
        response, leader = add_leader(client, area, **fields)
        promise.refresh_from_db()
        assert (promise.principal_leader == leader) is fills
        assert (promise.principal_leader is None) is not fills
        if not fills:
            assert admin_messages(response)[1] == (
                "已按 E-1、E-6 为新增的新区长（区长）判定待指定负责领导的企业和其单位待指定“一把手”的政策承诺："
                "没有由其补上负责领导的企业或“一把手”责任人的政策承诺，未发送通知。"
            )

    def test_a_second_principal_leaves_the_choice_to_a_person(
        self, client, root, enterprise, area, other_area, drc
    ):
        first = principal(area, name="区长甲")
        named = create(enterprise, drc)
        assert named.principal_leader == first
        waiting = create(enterprise, drc, responsible_unit=other_area)
        principal(other_area, name="市长甲")  # recorded without the admin: nothing decided
        client.force_login(root)

        add_leader(client, area, name="书记乙")  # two now: the one named stays
        response, _second = add_leader(client, other_area, name="书记丙")

        for promise in (named, waiting):
            promise.refresh_from_db()
        assert named.principal_leader == first
        assert waiting.principal_leader is None  # of two, a person chooses (E-6)
        assert "未发送通知" in admin_messages(response)[1]

    def test_the_service_itself_fills_them_for_any_code_that_records_a_leader(
        self, enterprise, area, drc
    ):
        promise = create(enterprise, drc)
        head = principal(area, name="区长丁")
        (told,) = [r for r in leader_added(leader=head, user=None) if r.key.startswith("promise:")]
        promise.refresh_from_db()
        assert promise.principal_leader == head
        assert told.units == (area.pk,)
        assert promise.history.first().history_user is None


migration = importlib.import_module("enterprise.migrations.0017_promise_principal_leader")


class TestTheFill:
    def test_open_promises_take_their_departments_one_principal_in_their_history(
        self, enterprise, area, other_area
    ):
        head = principal(area, name="区长甲")
        principal(other_area, name="市长甲")
        principal(other_area, name="书记乙")
        principal(area, name="原区长", is_retired=True)
        filled = PromiseFactory(enterprise=enterprise)
        several = PromiseFactory(enterprise=enterprise, responsible_unit=other_area)
        closed = PromiseFactory(enterprise=enterprise, status=PromiseStatus.COMPENSATED)

        migration.fill(apps, None)

        for promise in (filled, several, closed):
            promise.refresh_from_db()
        assert (filled.principal_leader, filled.version) == (head, 2)
        latest = filled.history.first()
        assert latest.principal_leader_id == head.pk and latest.history_user is None
        assert "E-6" in latest.history_change_reason and "区长甲" in latest.history_change_reason
        assert filled.history.count() == 2
        assert (several.principal_leader, several.version) == (None, 1)
        assert (closed.principal_leader, closed.version) == (None, 1)
        migration.fill(apps, None)  # run again: nothing more
        assert filled.history.count() == 2
