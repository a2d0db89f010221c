import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import ProjectFactory, TeamFactory, UnitFactory
from yingkou import services
from yingkou.choices import Stage
from yingkou.errors import RecordExists, RuleViolation, StaleVersion
from yingkou.models import Project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("industry", "sector", "real_estate"),
    [
        ("A", "primary", False),
        ("A05", "tertiary", False),  # agricultural services count as tertiary
        ("B", "secondary", False),
        ("B11", "tertiary", False),  # mining support services
        ("C26", "secondary", False),
        ("C43", "tertiary", False),  # repair of metal products and machinery
        ("D44", "secondary", False),
        ("E", "secondary", False),
        ("G55", "tertiary", False),
        ("K", "tertiary", True),
        ("K70", "tertiary", True),
    ],
)
def test_sector_and_real_estate_follow_the_industry(industry, sector, real_estate):
    project = ProjectFactory(industry=industry)
    project.refresh_from_db()
    assert project.sector == sector
    assert project.is_real_estate is real_estate


def test_changing_the_industry_changes_sector_and_real_estate(project, owner):
    services.project_update(
        project=project, user=owner, expected_version=project.version, industry="K70"
    )
    project.refresh_from_db()
    assert (project.sector, project.is_real_estate) == ("tertiary", True)


def test_the_project_service_refuses_a_user_who_may_not_create_projects(reviewer):
    """Guarded in the service, so a job or an import is refused as the page and the API are."""
    with pytest.raises(PermissionDenied):
        services.project_create(
            user=reviewer, name="项目", industry="C", total_investment=Decimal("1")
        )
    with pytest.raises(PermissionDenied):
        services.projects_create(
            user=reviewer,
            projects=[Project(name="项目", industry="C", total_investment=Decimal("1"))],
        )
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    "code",
    ["2026-210800-26-01-000123", "2017-210881-44-02-999999"],
)
def test_a_well_formed_national_project_code_is_accepted(code, owner):
    project = services.project_create(
        user=owner, name="项目", industry="C", total_investment=Decimal("1"), code=code
    )
    assert project.code == code


@pytest.mark.parametrize(
    "code",
    [
        "2026-210800-26-01-00012",
        "2026210800260100012345",
        "26-210800-26-01-000123",
        "2026-21O800-26-01-000123",
    ],
)
def test_a_malformed_national_project_code_is_refused(code, owner):
    with pytest.raises(ValidationError) as error:
        services.project_create(
            user=owner, name="项目", industry="C", total_investment=Decimal("1"), code=code
        )
    assert "项目代码" in str(error.value)


def test_the_national_project_code_is_unique_but_optional(owner):
    services.project_create(user=owner, name="甲", industry="C", total_investment=Decimal("1"))
    services.project_create(user=owner, name="乙", industry="C", total_investment=Decimal("1"))
    services.project_create(
        user=owner,
        name="丙",
        industry="C",
        total_investment=Decimal("1"),
        code="2026-210800-26-01-000001",
    )
    with pytest.raises(ValidationError):
        services.project_create(
            user=owner,
            name="丁",
            industry="C",
            total_investment=Decimal("1"),
            code="2026-210800-26-01-000001",
        )


def test_negative_investment_and_bad_industry_are_refused(owner):
    with pytest.raises(ValidationError) as error:
        services.project_create(
            user=owner, name="甲", industry="C", total_investment=Decimal("-0.01")
        )
    assert "total_investment" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.project_create(
            user=owner, name="甲", industry="C05", total_investment=Decimal("1")
        )
    assert "industry" in error.value.message_dict


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (Stage.PLANNING, Stage.RESERVE, True),
        (Stage.RESERVE, Stage.NEGOTIATING, True),
        (Stage.NEGOTIATING, Stage.SIGNED, True),
        (Stage.SIGNED, Stage.CONSTRUCTION, True),
        (Stage.CONSTRUCTION, Stage.COMPLETED, True),
        (Stage.COMPLETED, Stage.OPERATING, True),
        (Stage.CONSTRUCTION, Stage.STOPPED, True),
        (Stage.PLANNING, Stage.OPERATING, False),
        (Stage.SIGNED, Stage.NEGOTIATING, False),
        (Stage.OPERATING, Stage.PLANNING, False),
        (Stage.STOPPED, Stage.RESERVE, False),
        (Stage.OPERATING, Stage.STOPPED, False),
    ],
)
def test_only_allowed_stage_transitions(start, target, allowed, owner):
    project = ProjectFactory(stage=start)
    if allowed:
        services.project_move_stage(project=project, stage=target, user=owner)
        project.refresh_from_db()
        assert project.stage == target
    else:
        with pytest.raises(RuleViolation) as error:
            services.project_move_stage(project=project, stage=target, user=owner)
        assert "项目阶段不能" in str(error.value)
        project.refresh_from_db()
        assert project.stage == start


def test_a_save_based_on_an_old_version_is_refused(project, owner, drc):
    first_screen = Project.objects.get(pk=project.pk)  # Alice opens the form
    second_screen = Project.objects.get(pk=project.pk)  # the DRC opens it too
    services.project_update(
        project=second_screen,
        user=drc,
        expected_version=second_screen.version,
        name="发改委改的名称",
    )
    with pytest.raises(StaleVersion) as error:
        services.project_update(
            project=first_screen,
            user=owner,
            expected_version=first_screen.version,
            name="录入员改的名称",
        )
    assert "刷新" in str(error.value)
    project.refresh_from_db()
    assert project.name == "发改委改的名称"
    assert project.version == 2


def test_a_stale_edit_is_told_who_saved_meanwhile_and_when(project, owner, drc):
    opened = Project.objects.get(pk=project.pk)
    with time_machine.travel(dt.datetime(2026, 10, 9, 7, 5, tzinfo=dt.UTC), tick=False):
        services.project_update(
            project=Project.objects.get(pk=project.pk),
            user=drc,
            expected_version=opened.version,
            name="发改委改的名称",
        )
    with pytest.raises(StaleVersion) as error:
        services.project_update(
            project=opened, user=owner, expected_version=opened.version, name="录入员改的名称"
        )
    # 15:05 in Yingkou.
    assert str(error.value) == (
        "该项目已被他人修改，请刷新页面后在最新版本上重新编辑。"
        f"（最近一次由{drc.display_name}于10月9日 15:05保存）"
    )


def test_a_record_created_meanwhile_names_who_created_it(area, drc):
    from reserve.services import reserve_fund_set

    reserve_fund_set(unit=area, year=2026, amount=Decimal("500"), user=drc, expected_version=0)
    with pytest.raises(RecordExists) as error:
        reserve_fund_set(unit=area, year=2026, amount=Decimal("800"), user=drc, expected_version=0)
    assert f"（最近一次由{drc.display_name}于" in str(error.value)


def test_every_change_is_kept_with_who_and_when(project, owner):
    services.project_update(
        project=project, user=owner, expected_version=1, total_investment=Decimal("2000.00")
    )
    latest = project.history.latest()
    assert latest.history_user == owner
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("total_investment", Decimal("1000.00"), Decimal("2000.00")),
        ("version", 1, 2),
    ]


def test_derived_fields_are_fresh_right_after_a_save(project, owner):
    assert project.is_real_estate is False
    project.industry = "K70"
    project.save()
    assert project.is_real_estate is True and project.sector == "tertiary"
    fresh = services.project_create(
        user=owner, name="新项目", industry="A", total_investment=Decimal("1")
    )
    assert fresh.sector == "primary"


def test_a_stage_move_is_recorded_with_who_moved_it(owner):
    project = ProjectFactory(stage=Stage.PLANNING)
    services.project_move_stage(project=project, stage=Stage.RESERVE, user=owner)
    latest = project.history.first()
    assert (latest.stage, latest.history_user) == (Stage.RESERVE, owner)


def test_team_carry_over_copies_the_team_and_records_who(owner):
    source = TeamFactory(phase="negotiation")
    helper = UnitFactory()
    source.cooperating_units.add(helper)
    source.members.add(owner)
    team = services.team_carry_over(
        project=source.project, from_phase="negotiation", to_phase="assistance", user=owner
    )
    assert (team.phase, team.lead_unit) == ("assistance", source.lead_unit)
    assert list(team.cooperating_units.all()) == [helper]
    assert list(team.members.all()) == [owner]
    assert {h.history_user for h in team.history.all()} == {owner}


@pytest.mark.parametrize(
    ("from_phase", "to_phase"),
    [("assistance", "negotiation"), ("enterprise", "assistance"), ("assistance", "assistance")],
)
def test_a_team_is_carried_only_to_a_later_phase(owner, from_phase, to_phase):
    source = TeamFactory(phase=from_phase)
    with pytest.raises(RuleViolation) as error:
        services.team_carry_over(
            project=source.project, from_phase=from_phase, to_phase=to_phase, user=owner
        )
    assert error.value.rule == "§1"
    assert not source.project.teams.filter(phase=to_phase).exclude(pk=source.pk).exists()


def test_the_project_page_asks_for_a_new_liaison_only_on_its_current_team(
    client, owner, area, other_area
):
    """N-5, A-6: a liaison who left is asked to be replaced on the team that serves the project
    now; on a team handed on to a later phase, which takes no change, he is said to have left."""
    from tests.factories import UserFactory

    project = ProjectFactory(owner_unit=area)
    gone = UserFactory(unit=other_area)
    for phase in ("negotiation", "assistance"):
        TeamFactory(project=project, phase=phase, service_liaison=gone)
    client.force_login(owner)

    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert page.count('<span class="muted">已离开</span>') == 1
    assert page.count('<span class="bad">已离开，请指定新人选</span>') == 1
    assert page.index("已离开</span>") < page.index("已离开，请指定新人选")
