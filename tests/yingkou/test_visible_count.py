"""What a unit sees (SPEC §0) is the same set however it is read: listed, counted whole (from the
union of ids), counted after a filter, a slice or nothing at all."""

import pytest

from tests.factories import ProjectFactory, TeamFactory, UnitFactory
from yingkou.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(area, other_area, department):
    stranger = UnitFactory(name="大石桥市", code="DSQ")
    led = TeamFactory(project=ProjectFactory(owner_unit=stranger), lead_unit=area)
    negotiating = TeamFactory(
        project=ProjectFactory(owner_unit=stranger),
        lead_unit=stranger,
        main_negotiating_unit=area,
    )
    cooperating = TeamFactory(project=ProjectFactory(owner_unit=stranger), lead_unit=stranger)
    cooperating.cooperating_units.set([area])
    seen = {
        ProjectFactory(owner_unit=area, stage="reserve").pk,  # declared
        ProjectFactory(owner_unit=department, landing_unit=area).pk,  # lands in the area
        led.project_id,
        negotiating.project_id,
        cooperating.project_id,
    }
    both = ProjectFactory(owner_unit=area, stage="reserve")  # declared, team led too
    TeamFactory(project=both, lead_unit=area)
    seen.add(both.pk)
    ProjectFactory(owner_unit=other_area)  # not seen
    ProjectFactory(owner_unit=stranger, landing_unit=other_area)  # not seen
    return seen


def test_the_whole_list_and_its_count_agree(owner, projects):
    visible = Project.objects.visible_to(owner).with_related().order_by("name")
    assert {p.pk for p in visible} == projects
    assert visible.count() == len(projects) == 6


def test_a_filtered_sliced_or_emptied_list_counts_its_own_rows(owner, projects):
    visible = Project.objects.visible_to(owner)
    assert visible.filter(stage="reserve").count() == 2
    assert visible.exclude(stage="reserve").count() == 4
    assert visible.order_by("pk")[:4].count() == 4
    assert visible.none().count() == 0
    assert Project.objects.filter(stage="reserve").visible_to(owner).count() == 2
    assert visible.values("stage").distinct().count() == 2
