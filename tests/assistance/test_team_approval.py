"""A-5 team approval: the area proposes, the DRC compiles, the assisting city leader decides;
A-6 liaisons."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assistance import services
from assistance.choices import TeamStatus, Tier
from assistance.models import AssistanceCase
from tests.factories import LeaderFactory, ProjectFactory, UserFactory
from yingkou.choices import LeaderRank, NotificationKind, Role
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_case(area, drc) -> AssistanceCase:
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("80000"))
    return services.assistance_case_open(project=project, user=drc, source="reserve")


@pytest.fixture
def vice_mayor(city_leader_user):
    return LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)


@pytest.fixture
def district_head(area):
    return LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")


def _propose(case, user, head, liaison, **extra):
    return services.assistance_team_propose(
        case=case,
        user=user,
        responsible_leader=head,
        service_liaison=liaison,
        project_liaison=liaison,
        **extra,
    )


def test_full_workflow(
    city_case, owner, drc, city_leader_user, vice_mayor, district_head, department
):
    member = UserFactory(unit=department)
    _propose(
        city_case, owner, district_head, owner, members=[member], cooperating_units=[department]
    )
    assert city_case.team_status == TeamStatus.PROPOSED
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    assert city_case.team_status == TeamStatus.COMPILED
    assert city_case.team_is_proposal
    services.assistance_team_approve(case=city_case, user=city_leader_user)
    city_case.refresh_from_db()
    assert city_case.team_status == TeamStatus.APPROVED
    assert not city_case.team_is_proposal
    assert city_case.assisting_leader == vice_mayor
    assert city_case.responsible_leader == district_head
    assert list(city_case.team.members.all()) == [member]
    assert city_case.team_approved_on is not None


def test_city_leader_sends_back_with_comment(
    city_case, owner, drc, city_leader_user, vice_mayor, district_head
):
    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    with pytest.raises(RuleViolation):
        services.assistance_team_return(case=city_case, user=city_leader_user, comment=" ")
    services.assistance_team_return(case=city_case, user=city_leader_user, comment="请增加供电公司")
    assert city_case.team_status == TeamStatus.RETURNED
    # The area proposes again; the team is a proposal until approved.
    _propose(city_case, owner, district_head, owner)
    assert city_case.team_status == TeamStatus.PROPOSED


def test_the_area_is_told_of_the_leaders_decision_and_sees_where_its_list_is(
    client, city_case, owner, reviewer, outsider, drc, city_leader_user, vice_mayor, district_head
):
    page = reverse("assistance:detail", args=[city_case.pk])
    client.force_login(owner)
    assert "待地区、部门提出" in client.get(page).content.decode()
    _propose(city_case, owner, district_head, owner)
    # Proposed: the list waits for the DRC, not for the area.
    shown = client.get(page).content.decode()
    assert "地区、部门已提出，待发改委汇总" in shown and "待地区、部门提出" not in shown

    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    services.assistance_team_return(case=city_case, user=city_leader_user, comment="请增加供电公司")
    returned = Notification.objects.filter(kind=NotificationKind.DECLARATION_RETURNED)
    assert sorted(returned.values_list("user__username", flat=True)) == ["alice", "alice_boss"]
    notice = returned.get(user=owner)
    assert "服务团队名单被帮扶市领导退回" in notice.title and "请增加供电公司" in notice.body
    assert notice.url == page and client.get(notice.url).status_code == 200

    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    services.assistance_team_approve(case=city_case, user=city_leader_user)
    approved = Notification.objects.filter(kind=NotificationKind.DECLARATION_APPROVED)
    assert sorted(approved.values_list("user__username", flat=True)) == ["alice", "alice_boss"]
    assert "服务团队名单已经帮扶市领导同意" in approved.get(user=owner).title


def test_only_the_assisting_leader_decides(
    city_case, owner, drc, vice_mayor, district_head, department
):
    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    other_leader_user = UserFactory(
        username="other_mayor", role=Role.CITY_LEADER, unit=vice_mayor.unit
    )
    LeaderFactory(user=other_leader_user, unit=vice_mayor.unit)
    for user in (other_leader_user, drc, owner):
        with pytest.raises(PermissionDenied):
            services.assistance_team_approve(case=city_case, user=user)


def test_drc_compiles_only_with_a_city_leader(city_case, owner, drc, district_head, area):
    _propose(city_case, owner, district_head, owner)
    principal = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=area, title="区长")
    with pytest.raises(RuleViolation) as error:
        services.assistance_team_compile(case=city_case, user=drc, assisting_leader=principal)
    assert error.value.rule == "A-2"
    with pytest.raises(RuleViolation) as error:
        services.assistance_team_compile(case=city_case, user=drc)
    assert error.value.rule == "A-2"


def test_retired_city_leader_may_be_compiled(city_case, owner, drc, district_head):
    retired = LeaderFactory(is_retired=True, title="原副市长")
    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=retired)
    assert city_case.assisting_leader == retired


def test_compile_needs_the_areas_proposal_first(city_case, drc, vice_mayor):
    with pytest.raises(RuleViolation) as error:
        services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    assert error.value.rule == "A-5"


def test_only_the_drc_compiles(city_case, owner, district_head, vice_mayor):
    _propose(city_case, owner, district_head, owner)
    with pytest.raises(PermissionDenied):
        services.assistance_team_compile(case=city_case, user=owner, assisting_leader=vice_mayor)


def test_responsible_leader_is_of_the_area(city_case, owner, department):
    foreign = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=department, title="局长")
    with pytest.raises(RuleViolation) as error:
        _propose(city_case, owner, foreign, owner)
    assert error.value.rule == "A-5"
    with pytest.raises(RuleViolation) as error:
        _propose(city_case, owner, None, owner)
    assert error.value.rule == "A-5"


def test_city_case_needs_a_service_liaison_and_an_area_project_liaison(
    city_case, owner, district_head, teammate
):
    with pytest.raises(RuleViolation) as error:
        services.assistance_team_propose(
            case=city_case, user=owner, responsible_leader=district_head, project_liaison=owner
        )
    assert error.value.rule == "A-6"
    with pytest.raises(RuleViolation) as error:
        _propose(city_case, owner, district_head, teammate)
    assert error.value.rule == "A-6"


def test_outsider_cannot_propose(city_case, outsider, district_head, owner):
    with pytest.raises(PermissionDenied):
        _propose(city_case, outsider, district_head, owner)


def test_team_cannot_change_while_with_the_city_leader(
    city_case, owner, drc, vice_mayor, district_head
):
    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    with pytest.raises(RuleViolation) as error:
        _propose(city_case, owner, district_head, owner)
    assert error.value.rule == "A-5"


def test_changing_an_approved_team_makes_it_a_proposal_again(
    city_case, owner, drc, city_leader_user, vice_mayor, district_head
):
    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    services.assistance_team_approve(case=city_case, user=city_leader_user)
    _propose(city_case, owner, district_head, owner)
    assert city_case.team_status == TeamStatus.PROPOSED


def test_local_team_is_the_areas_own_decision(area, owner, drc, district_head):
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("3000"))
    case = services.assistance_case_open(project=project, user=drc, source="direct")
    assert case.tier == Tier.LOCAL
    services.assistance_team_propose(
        case=case,
        user=owner,
        responsible_leader=None,
        assisting_leader=district_head,
        project_liaison=owner,
    )
    assert case.team_status == TeamStatus.APPROVED
    assert case.assisting_leader == district_head
    with pytest.raises(RuleViolation):
        services.assistance_team_compile(case=case, user=drc)


def test_general_liaison_one_per_unit_from_its_staff(area, owner, reviewer, teammate, drc):
    services.general_liaison_set(unit=area, liaison=owner, user=reviewer)
    record = services.general_liaison_set(unit=area, liaison=reviewer, user=drc)
    assert record.user == reviewer
    assert area.assistance_general_liaison == record
    with pytest.raises(RuleViolation) as error:
        services.general_liaison_set(unit=area, liaison=teammate, user=drc)
    assert error.value.rule == "A-6"
    with pytest.raises(PermissionDenied):
        services.general_liaison_set(unit=area, liaison=owner, user=teammate)


def test_local_case_needs_its_own_assisting_leader(area, owner, drc):
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("3000"))
    case = services.assistance_case_open(project=project, user=drc, source="direct")
    with pytest.raises(RuleViolation) as error:
        services.assistance_team_propose(
            case=case, user=owner, responsible_leader=None, project_liaison=owner
        )
    assert error.value.rule == "A-2"


def test_two_decisions_on_one_list_only_one_wins(
    city_case, owner, drc, city_leader_user, vice_mayor, district_head
):
    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    stale = AssistanceCase.objects.get(pk=city_case.pk)  # a second browser tab
    services.assistance_team_approve(case=city_case, user=city_leader_user)
    with pytest.raises(RuleViolation) as error:
        services.assistance_team_return(case=stale, user=city_leader_user, comment="退回")
    assert error.value.rule == "A-5"
    assert AssistanceCase.objects.get(pk=city_case.pk).team_status == TeamStatus.APPROVED


def test_the_assisting_leader_decides_several_compiled_teams_at_once(
    client, area, owner, drc, city_leader_user, vice_mayor, district_head
):
    from django.urls import reverse

    cases = []
    for name in ("团队甲", "团队乙", "团队丙"):
        project = ProjectFactory(
            name=name, owner_unit=area, landing_unit=area, total_investment=Decimal("80000")
        )
        case = services.assistance_case_open(project=project, user=drc, source="reserve")
        _propose(case, owner, district_head, owner)
        services.assistance_team_compile(case=case, user=drc, assisting_leader=vice_mayor)
        cases.append(case)
    first, second, third = cases
    client.force_login(city_leader_user)
    queue = client.get(reverse("assistance:queue")).content.decode()
    assert reverse("assistance:team_batch") in queue and "团队丙" in queue
    batch = reverse("assistance:team_batch")
    done = client.post(batch, {"action": "approve", "cases": [first.pk, second.pk]}, follow=True)
    assert "已批量同意 2 个服务团队名单" in done.content.decode()
    returned = client.post(
        batch, {"action": "return", "comment": "请补充联络员", "cases": [third.pk]}, follow=True
    )
    assert "已批量退回 1 个服务团队名单" in returned.content.decode()
    statuses = [AssistanceCase.objects.get(pk=c.pk).team_status for c in cases]
    assert statuses[:2] == [TeamStatus.APPROVED, TeamStatus.APPROVED]
    assert statuses[2] != TeamStatus.COMPILED
    # Another user has none of these in their queue: nothing is decided for them.
    client.force_login(drc)
    nothing = client.post(batch, {"action": "approve", "cases": [third.pk]}, follow=True)
    assert "请先勾选" in nothing.content.decode()


def test_a_team_batch_with_nothing_ticked_keeps_the_comment_typed(
    client, city_case, owner, drc, city_leader_user, vice_mayor, district_head
):
    """The comment was lost with a message at the top of the queue when nothing was ticked."""
    from django.urls import reverse

    from tests.refusals import field_value, form_reasons, shown_form

    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    client.force_login(city_leader_user)
    batch = reverse("assistance:team_batch")
    response = client.post(batch, {"action": "return", "comment": "请补充供电公司"})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), batch)
    assert form_reasons(form) == ["请先勾选要批量处理的服务团队。"]
    assert field_value(form, "comment") == "请补充供电公司"
    assert AssistanceCase.objects.get(pk=city_case.pk).team_status == TeamStatus.COMPILED


def test_a_team_batch_of_which_every_team_is_refused_keeps_the_comment(
    client, city_case, owner, drc, city_leader_user, vice_mayor, district_head, monkeypatch
):
    """Every team ticked refused: the batch comment was lost with the messages at the top of the
    queue. The queue is shown again with it, the teams still ticked and the reasons."""
    from tests.refusals import field_reasons, field_value, form_reasons, shown_form

    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    client.force_login(city_leader_user)
    batch = reverse("assistance:team_batch")
    name = city_case.project.name
    response = client.post(batch, {"action": "return", "comment": " ", "cases": [city_case.pk]})
    assert response.status_code == 200
    page = response.content.decode()
    form = shown_form(page, batch)
    assert field_reasons(form, "comment") == [f"{name}：退回时请填写意见。（A-5）"]
    assert f'value="{city_case.pk}" form="team-batch" checked' in page
    # Approved from another tab just before: the comment typed stays, with the reason.
    decide = services.assistance_team_return

    def approved_first(*, case, user, comment):
        services.assistance_team_approve(case=case, user=user)
        return decide(case=case, user=user, comment=comment)

    monkeypatch.setattr(services, "assistance_team_return", approved_first)
    data = {"action": "return", "comment": "请补充供电公司", "cases": [city_case.pk]}
    form = shown_form(client.post(batch, data).content.decode(), batch)
    [reason] = form_reasons(form)
    assert reason.startswith(f"{name}：") and reason.endswith("（A-5）")
    assert field_value(form, "comment") == "请补充供电公司"


def test_whoever_acts_next_on_a_team_list_is_told(
    client, city_case, owner, drc, city_leader_user, vice_mayor, district_head
):
    """A-5: the area's proposal waits for the DRC to compile it, the compiled list for the
    assisting city leader to approve it; each is told in the inbox (and by email) when the list
    reaches them, as the area is told of the decision, instead of finding it only on a
    dashboard they may not open for days."""
    page = reverse("assistance:detail", args=[city_case.pk])
    _propose(city_case, owner, district_head, owner)
    to_drc = Notification.objects.get(user=drc)
    assert "服务团队名单待汇总" in to_drc.title and city_case.project.name in to_drc.title
    assert to_drc.url == page
    assert not Notification.objects.filter(user=city_leader_user).exists()

    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    to_leader = Notification.objects.get(user=city_leader_user)
    assert "服务团队名单待您同意" in to_leader.title and to_leader.url == page
    client.force_login(city_leader_user)
    assert client.get(page).status_code == 200

    # Sent back and proposed again the same day: the DRC is told of the new list as well.
    services.assistance_team_return(case=city_case, user=city_leader_user, comment="请增加供电公司")
    _propose(city_case, owner, district_head, owner)
    assert Notification.objects.filter(user=drc, title__contains="服务团队名单待汇总").count() == 2


def test_the_drc_records_the_decision_of_a_leader_without_a_login(
    client, city_case, owner, drc, reviewer, district_head, area
):
    """A-5: a city leader without a login decides in person; the DRC records his decision for
    him (代为录入) — the history names who acted and says so — and the DRC reviewers, not nobody,
    are told the compiled list waits for him. Nobody else may record it."""
    from assistance import permissions as perm
    from assistance.selectors import pending_team_decisions

    paper_mayor = LeaderFactory(name="王副市长")
    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=paper_mayor)

    told = Notification.objects.get(user=drc, title__contains="待帮扶市领导同意")
    assert "代为录入" in told.title and "王副市长" in told.body
    assert told.url == reverse("assistance:detail", args=[city_case.pk])
    assert perm.can_decide_team(drc, city_case)
    assert [c.pk for c in pending_team_decisions(user=drc)] == [city_case.pk]
    for user in (owner, reviewer):
        assert not perm.can_decide_team(user, city_case)
        assert not pending_team_decisions(user=user).exists()
        with pytest.raises(PermissionDenied):
            services.assistance_team_approve(case=city_case, user=user)

    client.force_login(drc)
    page = client.get(reverse("assistance:detail", args=[city_case.pk])).content.decode()
    assert "代为录入：记录帮扶市领导王副市长的决定" in page
    assert (
        "待代为录入帮扶市领导决定的服务团队"
        in client.get(reverse("assistance:queue")).content.decode()
    )

    services.assistance_team_approve(case=city_case, user=drc)
    city_case.refresh_from_db()
    assert city_case.team_status == TeamStatus.APPROVED
    latest = city_case.history.latest()
    assert latest.history_user == drc
    assert latest.history_change_reason == "代为录入：帮扶市领导王副市长的决定"


def test_a_leader_with_a_login_decides_alone(
    city_case, owner, drc, city_leader_user, vice_mayor, district_head
):
    from assistance import permissions as perm
    from assistance.selectors import pending_team_decisions

    _propose(city_case, owner, district_head, owner)
    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=vice_mayor)
    assert not perm.can_decide_team(drc, city_case)
    assert not pending_team_decisions(user=drc).exists()
    assert not Notification.objects.filter(user=drc, title__contains="待帮扶市领导同意").exists()
    services.assistance_team_return(case=city_case, user=city_leader_user, comment="请增加成员")
    assert city_case.history.latest().history_change_reason in (None, "")
