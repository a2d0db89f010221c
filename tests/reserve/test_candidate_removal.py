"""R-9: whoever chose a funding candidate — the unit whose staff chose it — or the DRC takes it
off the list with a written reason. It stays on record (已移除, shown apart from the list, its
history naming who, when and why), the other side is told, and the project may be chosen again."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reserve import permissions as perms
from reserve import rules, services
from reserve.models import Candidate
from tests.factories import UserFactory
from tests.queries import assert_constant_queries
from tests.refusals import field_reasons, field_value, form_reasons, shown_form
from tests.reserve.conftest import bulk_pooled, pooled
from yingkou import services as shared
from yingkou.choices import NotificationKind, Role
from yingkou.errors import RuleViolation
from yingkou.models import Notification, Project

pytestmark = pytest.mark.django_db

REASON = "已列入省级专项债券，不再申报国债。"  # 16 characters
TEN = "项目业主已放弃申报国债资金"[:10]


@pytest.fixture(autouse=True)
def _november_2026():
    with time_machine.travel(dt.datetime(2026, 11, 10, 2, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def bureau_colleague(bureau):
    return UserFactory(username="zsj_colleague", role=Role.INVESTMENT_BUREAU, unit=bureau.unit)


@pytest.fixture
def drc_colleague(drc):
    return UserFactory(username="drc_colleague", role=Role.DRC_REVIEWER, unit=drc.unit)


@pytest.fixture
def chosen(area, owner, reviewer, bureau):
    """A pooled project the investment bureau chose for national bonds this year."""
    project = pooled(area, owner, reviewer, amount="2000.00", name="港口物流园").project
    return services.candidate_add(channel="national_bonds", year=2026, project=project, user=bureau)


def _removed_notices(user):
    return list(Notification.objects.filter(user=user, kind=NotificationKind.CANDIDATE_REMOVED))


class TestTheRule:
    @pytest.mark.parametrize(
        ("reason", "accepted"),
        [(TEN, True), (TEN[:9], False), (f"  {TEN[:9]}  \n", False), ("", False)],
    )
    def test_a_removal_needs_a_written_reason_of_ten_characters(self, reason, accepted):
        assert len(TEN) == rules.CANDIDATE_REASON_MIN_CHARS == 10
        if accepted:
            rules.candidate_removal_rule(listed=True, reason=reason)
            return
        with pytest.raises(RuleViolation) as refused:
            rules.candidate_removal_rule(listed=True, reason=reason)
        assert (refused.value.rule, refused.value.field) == ("R-9", "removal_reason")

    def test_a_removed_candidate_is_not_removed_twice(self):
        with pytest.raises(RuleViolation) as refused:
            rules.candidate_removal_rule(listed=False, reason=REASON)
        assert refused.value.text == "该候选项目已移除。（R-9）"

    def test_a_removed_candidate_is_no_longer_marked_as_having_left_the_pools(self):
        values = {
            "pooled": False,
            "override_reason": "",
            "year": 2026,
            "today": dt.date(2026, 11, 10),
        }
        assert rules.candidate_left_pool_rule(listed=True, **values)
        assert not rules.candidate_left_pool_rule(listed=False, **values)


class TestWhoMayRemove:
    def test_the_unit_that_chose_it_and_the_drc(
        self, chosen, bureau, bureau_colleague, drc, owner, reviewer, city_leader_user
    ):
        assert perms.can_remove_candidate(bureau, chosen)
        assert perms.can_remove_candidate(bureau_colleague, chosen)  # the bureau chose it
        assert perms.can_remove_candidate(drc, chosen)
        for other in (owner, reviewer, city_leader_user):
            assert not perms.can_remove_candidate(other, chosen)

    def test_the_bureau_may_not_remove_what_the_drc_chose(self, area, owner, reviewer, drc, bureau):
        project = pooled(area, owner, reviewer, amount="3000.00").project
        candidate = services.candidate_add(
            channel="policy_loans", year=2026, project=project, user=drc
        )
        assert not perms.can_remove_candidate(bureau, candidate)
        with pytest.raises(PermissionDenied):
            services.candidate_remove(candidate=candidate, user=bureau, reason=REASON)
        assert Candidate.objects.listed().filter(pk=candidate.pk).exists()


class TestTheRemoval:
    def test_the_chooser_s_colleague_removes_it_and_the_drc_and_the_chooser_are_told(
        self, chosen, bureau, bureau_colleague, drc, drc_colleague
    ):
        third = UserFactory(username="zsj_third", role=Role.UNIT_STAFF, unit=bureau.unit)

        services.candidate_remove(candidate=chosen, user=bureau_colleague, reason=f" {REASON} ")

        chosen = Candidate.objects.get(pk=chosen.pk)
        assert chosen.removed_by == bureau_colleague and chosen.removal_reason == REASON
        assert chosen.removed_at is not None and not chosen.left_pool
        latest = chosen.history.first()
        assert latest.history_user == bureau_colleague
        assert latest.history_change_reason == f"从候选名单中移除（R-9）：{REASON}"
        assert latest.removal_reason == REASON
        for told in (drc, drc_colleague, bureau):
            (notice,) = _removed_notices(told)
        assert notice.title == "港口物流园已从2026年国债资金候选项目中移除"
        assert REASON in notice.body and "R-9" in notice.body
        assert notice.url == reverse("reserve:candidates") + "?removed=1"
        assert not _removed_notices(bureau_colleague) and not _removed_notices(third)

    def test_the_drc_removes_it_and_the_unit_that_chose_it_is_told(
        self, chosen, bureau, bureau_colleague, drc, drc_colleague
    ):
        services.candidate_remove(candidate=chosen, user=drc, reason=REASON)
        assert len(_removed_notices(bureau)) == len(_removed_notices(bureau_colleague)) == 1
        assert not _removed_notices(drc) and not _removed_notices(drc_colleague)

    def test_removed_once_only_and_no_reason_written_afterwards(self, chosen, bureau, drc):
        services.candidate_remove(candidate=chosen, user=bureau, reason=REASON)
        with pytest.raises(RuleViolation):
            services.candidate_remove(candidate=chosen, user=drc, reason=REASON)
        with pytest.raises(RuleViolation) as refused:
            services.candidate_reason_record(candidate=chosen, user=bureau, reason=REASON)
        assert refused.value.text == "该候选项目已移除。（R-9）"
        assert Candidate.objects.get(pk=chosen.pk).removed_by == bureau

    def test_a_short_reason_removes_nothing(self, chosen, bureau):
        with pytest.raises(RuleViolation):
            services.candidate_remove(candidate=chosen, user=bureau, reason=TEN[:9])
        assert Candidate.objects.get(pk=chosen.pk).removed_at is None
        assert chosen.history.count() == 1

    def test_the_project_may_be_chosen_again_but_listed_once(self, chosen, bureau, drc):
        project = chosen.project
        with pytest.raises(ValidationError) as twice:
            services.candidate_add(channel="national_bonds", year=2026, project=project, user=drc)
        assert "该项目已是本年度该资金渠道的候选项目。" in twice.value.messages
        services.candidate_remove(candidate=chosen, user=bureau, reason=REASON)
        again = services.candidate_add(
            channel="national_bonds", year=2026, project=project, user=drc
        )
        assert set(Candidate.objects.filter(project=project)) == {chosen, again}
        assert list(Candidate.objects.listed().filter(project=project)) == [again]

    def test_a_removed_candidate_whose_project_leaves_the_pools_tells_nobody(
        self, chosen, bureau, drc
    ):
        services.candidate_remove(candidate=chosen, user=bureau, reason=REASON)
        project = Project.objects.get(pk=chosen.project_id)
        shared.project_update(
            project=project,
            user=drc,
            expected_version=project.version,
            total_investment=Decimal("999.99"),
        )
        assert not Candidate.objects.left_pool(dt.date(2026, 11, 10)).exists()
        assert not Notification.objects.filter(
            kind=NotificationKind.PROJECT_REEVALUATED, title__contains="已不在储备库"
        ).exists()


class TestThePage:
    def test_removed_from_the_list_and_shown_under_removed(self, client, chosen, bureau, drc):
        url = reverse("reserve:candidate_remove", args=[chosen.pk])
        client.force_login(bureau)
        listed = client.get(reverse("reserve:candidates")).content.decode()
        assert f'action="{url}#refused"' in listed

        response = client.post(url, {"reason": TEN[:9]})
        assert response.status_code == 200
        form = shown_form(response.content.decode(), url)
        assert field_reasons(form, "reason") == [
            "从候选名单中移除须书面说明理由（不少于10个字）。（R-9）"
        ]
        assert field_value(form, "reason") == TEN[:9]
        response = client.post(url, {"reason": REASON})

        assert response.status_code == 302
        assert response.url == reverse("reserve:candidates") + "?removed=1#messages"
        assert "港口物流园" not in client.get(reverse("reserve:candidates")).content.decode()
        removed = client.get(response.url).content.decode()
        assert "港口物流园" in removed and REASON in removed and "已移除" in removed
        assert f'action="{url}' not in removed

    def test_a_row_s_removal_form_keeps_its_reason_and_button_on_one_line(
        self, client, chosen, bureau
    ):
        """The row's form was laid out as a filter bar: its reason box, its hint cut to
        "移除的书面理由（不少于", and its button on a line of its own; it is a row's form, as in the
        review queues, offered and refused alike."""
        url = reverse("reserve:candidate_remove", args=[chosen.pk])
        client.force_login(bureau)
        listed = client.get(reverse("reserve:candidates")).content.decode()
        assert f'action="{url}#refused" class="row-actions">' in listed
        assert '<input type="text" name="reason" required' in listed
        refused = client.post(url, {"reason": TEN[:9]}).content.decode()
        assert f'action="{url}#refused" class="row-actions refused" id="refused">' in refused

    def test_the_form_is_offered_only_to_those_who_may_remove(
        self, client, area, owner, reviewer, drc, bureau, city_leader_user
    ):
        project = pooled(area, owner, reviewer, amount="3000.00").project
        candidate = services.candidate_add(
            channel="policy_loans", year=2026, project=project, user=drc
        )
        url = reverse("reserve:candidate_remove", args=[candidate.pk])
        for user, offered in ((drc, True), (bureau, False), (city_leader_user, False)):
            client.force_login(user)
            page = client.get(reverse("reserve:candidates")).content.decode()
            assert (f'action="{url}' in page) is offered
        for user in (bureau, owner):  # the owner's unit sees its project's candidacy
            client.force_login(user)
            assert client.post(url, {"reason": REASON}).status_code == 403
        assert Candidate.objects.listed().filter(pk=candidate.pk).exists()

    def test_a_refused_reason_stays_in_its_row_with_the_list_as_it_was_asked(
        self, client, chosen, drc, bureau
    ):
        """The browser holds the reason to 10 characters; a request without that check was
        refused with a message at the top of the list and the reason typed was gone."""
        client.force_login(drc)
        other = services.candidate_add(
            channel="national_bonds",
            year=2027,
            project=chosen.project,
            user=bureau,
        )
        url = reverse("reserve:candidate_remove", args=[chosen.pk])
        query = "?channel=national_bonds"
        response = client.post(url + query, {"reason": "  不再申报  "})
        assert response.status_code == 200
        html = response.content.decode()
        form = shown_form(html, url + query)
        assert field_reasons(form, "reason") == [
            "从候选名单中移除须书面说明理由（不少于10个字）。（R-9）"
        ]
        assert field_value(form, "reason") == "  不再申报  "
        assert response.context["channel"] == "national_bonds"
        row = shown_form(html, reverse("reserve:candidate_remove", args=[other.pk]) + query)
        assert (field_reasons(row, "reason"), field_value(row, "reason")) == ([], "")
        # The form that adds a candidate still adds one, from the list's own address.
        assert f'action="{reverse("reserve:candidates")}"' in html
        assert Candidate.objects.listed().filter(pk=chosen.pk).exists()

    def test_a_candidate_removed_meanwhile_keeps_the_reason_above_the_list(
        self, client, chosen, drc, bureau
    ):
        services.candidate_remove(candidate=chosen, user=bureau, reason=REASON)
        client.force_login(drc)
        url = reverse("reserve:candidate_remove", args=[chosen.pk])
        response = client.post(url, {"reason": "项目已由省里统一安排资金"})
        assert response.status_code == 200
        assert response.context["refused"]["apart"]
        form = shown_form(response.content.decode(), url)
        assert form_reasons(form) == ["该候选项目已移除。（R-9）"]
        assert field_value(form, "reason") == "项目已由省里统一安排资金"

    def test_a_refused_reason_shows_the_list_in_a_fixed_number_of_queries(
        self, client, area, owner, chosen, drc
    ):
        client.force_login(drc)

        def add(count):
            bulk_pooled(area, owner, count)
            projects = Project.objects.filter(reserve_candidacies__isnull=True)
            Candidate.objects.bulk_create(
                [
                    Candidate(
                        channel="national_bonds", year=2026, project=p, in_pool=True, added_by=drc
                    )
                    for p in projects
                ]
            )

        url = reverse("reserve:candidate_remove", args=[chosen.pk])
        assert_constant_queries(lambda: client.post(url, {"reason": "太短"}), add, 3, 30)

    def test_the_links_say_what_is_chosen_and_keep_it(self, client, chosen, drc):
        """The channel links were all alike, none marked as the one shown, and the links to the
        removed or left-the-pools lists dropped the channel chosen (and the other way round)."""
        client.force_login(drc)
        url = reverse("reserve:candidates")
        everything = client.get(url).content.decode()
        assert "<strong>全部</strong>" in everything
        assert "<th>移除（R-9）</th>" in everything
        bonds = client.get(url + "?channel=national_bonds").content.decode()
        assert "<strong>国债资金</strong>" in bonds and '<a href="?">全部</a>' in bonds
        assert '<a href="?channel=national_bonds&amp;removed=1">已移除的</a>' in bonds
        assert '<a href="?channel=national_bonds&amp;left_pool=1">' in bonds
        removed = client.get(url + "?channel=national_bonds&removed=1").content.decode()
        assert "<strong>国债资金</strong>" in removed and "<strong>已移除的</strong>" in removed
        assert 'href="?channel=policy_loans&amp;removed=1"' in removed
        assert '<a href="?removed=1">全部</a>' in removed
        assert '<a href="?channel=national_bonds">返回候选名单</a>' in removed
        left = client.get(url + "?channel=national_bonds&left_pool=1").content.decode()
        assert 'href="?channel=policy_loans&amp;left_pool=1"' in left
        assert '<a href="?channel=national_bonds">返回候选名单</a>' in left

    def test_the_channels_are_named_as_the_norm_names_them(self, client, drc):
        """R-9: "各级政府投资、对外招商引资、国债、国家政策性中长期贷款、国外贷款备选项目" — the
        policy-loan channel is the state's medium- and long-term policy loans, not any policy
        loan."""
        client.force_login(drc)
        page = client.get(reverse("reserve:candidates")).content.decode()
        for channel in ["政府投资", "招商引资", "国债资金", "国家政策性中长期贷款", "国外贷款"]:
            assert f">{channel}</a>" in page
        assert ">政策性贷款<" not in page

    @pytest.mark.parametrize("removed", [False, True])
    def test_the_list_and_the_removed_keep_their_queries(self, client, area, owner, drc, removed):
        client.force_login(drc)

        def add(count):
            bulk_pooled(area, owner, count)
            projects = Project.objects.filter(reserve_candidacies__isnull=True)
            Candidate.objects.bulk_create(
                [
                    Candidate(
                        channel="policy_loans",
                        year=2026,
                        project=p,
                        in_pool=True,
                        added_by=drc,
                        removed_at=dt.datetime(2026, 11, 9, tzinfo=dt.UTC) if removed else None,
                        removed_by=drc if removed else None,
                        removal_reason=REASON if removed else "",
                    )
                    for p in projects
                ]
            )

        url = reverse("reserve:candidates") + ("?removed=1" if removed else "")
        assert_constant_queries(lambda: client.get(url), add, 3, 30)
