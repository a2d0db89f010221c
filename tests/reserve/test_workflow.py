from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from reserve import services
from reserve.choices import EntryStatus, StepAction
from reserve.models import Membership, Pool
from tests.factories import UnitFactory, UserFactory
from tests.reserve.conftest import make_project
from yingkou.choices import Role, UnitKind
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db


def test_pools_are_created_with_units(area, department, drc_unit, bureau):
    assert Pool.objects.get(unit=area).level == 2
    assert Pool.objects.get(unit=department).level == 2
    assert Pool.objects.get(unit=drc_unit).level == 1
    assert Pool.objects.get(unit=bureau.unit).level == 2  # 有关单位
    county_bureau = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT, level="county", parent=area)
    assert not Pool.objects.filter(unit=county_bureau).exists()
    park = UnitFactory(kind=UnitKind.PARK)
    assert Pool.objects.filter(unit=park, level=2).count() == 1
    park.save()
    assert Pool.objects.filter(unit=park).count() == 1
    assert services.pools_ensure() == 0


def test_declaring_999_99_is_refused_citing_r1(area, owner):
    with pytest.raises(RuleViolation) as exc:
        services.entry_declare(project=make_project(area, "999.99"), user=owner)
    assert exc.value.rule == "R-1"


def test_declaring_1000_is_accepted(area, owner, pool):
    entry = services.entry_declare(project=make_project(area, "1000.00"), user=owner)
    assert entry.pool == pool and entry.status == EntryStatus.DRAFT


def test_declaring_a_project_under_negotiation_is_refused(area, owner):
    with pytest.raises(RuleViolation):
        services.entry_declare(project=make_project(area, stage="negotiating"), user=owner)


def test_full_two_level_workflow_records_every_step(
    entry, owner, reviewer, drc, level1, pool, project
):
    services.entry_submit(entry=entry, user=owner)
    entry = services.entry_approve(entry=entry, user=reviewer, comment="同意入库")
    assert (entry.level, entry.status) == (2, EntryStatus.APPROVED)
    project.refresh_from_db()
    assert project.stage == "reserve"
    assert Membership.objects.current().get(project=project).pool == pool
    entry = services.entry_recommend(entry=entry, user=reviewer)
    assert (entry.level, entry.status) == (1, EntryStatus.SUBMITTED)
    entry = services.entry_approve(entry=entry, user=drc, comment="列入一级库")
    assert (entry.level, entry.status) == (1, EntryStatus.APPROVED)
    assert set(Membership.objects.current().values_list("pool_id", flat=True)) == {
        pool.pk,
        level1.pk,
    }
    steps = list(entry.steps.values_list("action", "level", "actor__username", "comment"))
    assert steps == [
        (StepAction.DECLARE, 2, "alice", ""),
        (StepAction.SUBMIT, 2, "alice", ""),
        (StepAction.APPROVE, 2, "alice_boss", "同意入库"),
        (StepAction.RECOMMEND, 2, "alice_boss", ""),
        (StepAction.APPROVE, 1, "drc", "列入一级库"),
    ]
    assert all(step.at for step in entry.steps.all())


def test_return_requires_comment_and_can_be_resubmitted(submitted, reviewer, owner):
    with pytest.raises(RuleViolation) as exc:
        services.entry_return(entry=submitted, user=reviewer, comment=" ")
    assert exc.value.rule == "R-3"
    entry = services.entry_return(entry=submitted, user=reviewer, comment="补充建设内容")
    assert entry.status == EntryStatus.RETURNED and entry.comment == "补充建设内容"
    entry = services.entry_submit(entry=entry, user=owner)
    assert entry.status == EntryStatus.SUBMITTED


def test_drc_return_goes_back_to_unit_reviewer(recommended, drc, reviewer):
    entry = services.entry_return(entry=recommended, user=drc, comment="投资方不明确")
    assert (entry.level, entry.status) == (1, EntryStatus.RETURNED)
    entry = services.entry_recommend(entry=entry, user=reviewer, comment="已补充")
    assert (entry.level, entry.status) == (1, EntryStatus.SUBMITTED)


def test_project_shrunk_below_r1_cannot_be_approved(submitted, reviewer, project):
    project.total_investment = Decimal("999.99")
    project.save()
    with pytest.raises(RuleViolation) as exc:
        services.entry_approve(entry=submitted, user=reviewer)
    assert exc.value.rule == "R-1"


@pytest.mark.parametrize(
    "who,step",
    [
        ("reviewer", "submit"),  # a reviewer does not declare
        ("outsider", "submit"),  # another unit's staff
        ("owner", "approve"),  # staff cannot approve their own entry
        ("drc", "approve"),  # level 2 is the unit's review
    ],
)
def test_wrong_role_is_forbidden(request, entry, owner, who, step):
    if step == "approve":
        entry = services.entry_submit(entry=entry, user=owner)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.entry_step(entry=entry, action=step, user=user)


def test_other_units_reviewer_cannot_approve(submitted, other_area):
    stranger = UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area)
    with pytest.raises(PermissionDenied):
        services.entry_approve(entry=submitted, user=stranger)


def test_unit_reviewer_cannot_approve_level1(recommended, reviewer):
    with pytest.raises(PermissionDenied):
        services.entry_approve(entry=recommended, user=reviewer)


def test_wrong_state_breaks_r3(entry, reviewer, owner):
    with pytest.raises(RuleViolation) as exc:
        services.entry_recommend(entry=entry, user=reviewer)
    assert exc.value.rule == "R-3"
    services.entry_submit(entry=entry, user=owner)
    with pytest.raises(RuleViolation):
        services.entry_submit(entry=entry, user=owner)


def test_a_project_is_declared_once(entry, owner, project):
    with pytest.raises(RuleViolation):
        services.entry_declare(project=project, user=owner)
    services.entry_withdraw(entry=entry, user=owner)
    again = services.entry_declare(project=project, user=owner)
    assert again.pk != entry.pk


def test_staff_declare_only_their_units_projects(outsider, project):
    with pytest.raises(PermissionDenied):
        services.entry_declare(project=project, user=outsider)


def test_declare_new_creates_project_and_checks_r1(owner, area):
    fields = {"name": "新项目", "industry": "C26", "landing_unit": area}
    with pytest.raises(RuleViolation):
        services.entry_declare_new(user=owner, total_investment=Decimal("999.99"), **fields)
    entry = services.entry_declare_new(
        user=owner, total_investment=Decimal("1000"), submit=True, **fields
    )
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.project.owner_unit == area


def test_database_refuses_a_project_in_two_level2_pools(approved, department):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    other_pool = Pool.objects.get(unit=department)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            pool=other_pool,
            project=approved.project,
            entry=approved,
            level=2,
            since=timezone.now(),
        )


def test_a_unit_with_an_empty_pool_can_still_be_deleted():
    park = UnitFactory(kind=UnitKind.PARK)
    assert Pool.objects.filter(unit=park).exists()
    park.delete()
    assert not Pool.objects.filter(unit_id=park.pk).exists()
