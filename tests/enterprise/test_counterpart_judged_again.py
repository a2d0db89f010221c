"""E-1: the migration that brings existing enterprises under the one counterpart rule for
city-level introducers (市直部门引进的项目，由市行政主管部门对口服务) changes only what the former
rule decided, in the enterprise's history, and agrees with the rule the pages use."""

import importlib

import pytest
from django.apps import apps

from enterprise import rules
from tests.enterprise.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("enterprise.migrations.0016_counterpart_of_city_introducers")


def by_commerce(commerce, **fields):
    return EnterpriseFactory(
        introducing_unit=commerce, responsible_unit=commerce, area=None, **fields
    )


class _AsTheMigrationSawThem:
    """The live models under the names the migration asks for: the reference table it reads as
    enterprise.IndustryAuthority has since moved to the shared domain (yingkou.IndustryAuthority,
    enterprise/migrations/0018)."""

    def get_model(self, app_label, model_name):
        if (app_label, model_name) == ("enterprise", "IndustryAuthority"):
            app_label = "yingkou"
        return apps.get_model(app_label, model_name)


def run():
    migration.judge_again(_AsTheMigrationSawThem(), None)


def test_what_the_former_rule_decided_is_judged_again(commerce, department):
    plant = by_commerce(commerce, name="化工厂", industry="C26", counterpart_unit=commerce)
    run()
    plant.refresh_from_db()
    assert plant.counterpart_unit == department  # 工信, the city authority of manufacturing
    assert plant.counterpart_unit == rules._counterpart_unit(commerce, "C26")
    assert plant.version == 2
    latest = plant.history.first()
    assert latest.counterpart_unit_id == department.pk and latest.history_user is None
    assert "E-1" in latest.history_change_reason and "营口市商务局" in latest.history_change_reason
    assert plant.history.count() == 2
    run()  # a second run finds nothing more to do
    assert plant.history.count() == 2


def test_a_department_in_charge_of_its_own_enterprises_industry_keeps_it(commerce, department):
    shop = by_commerce(commerce, name="商场", industry="F52", counterpart_unit=commerce)
    run()
    shop.refresh_from_db()
    assert (shop.counterpart_unit, shop.version, shop.history.count()) == (commerce, 1, 1)


def test_a_counterpart_set_by_hand_is_kept(commerce, department, tourism):
    plant = by_commerce(commerce, name="化工厂", industry="C26", counterpart_unit=tourism)
    run()
    plant.refresh_from_db()
    assert (plant.counterpart_unit, plant.version, plant.history.count()) == (tourism, 1, 1)


def test_a_closed_enterprise_is_kept_as_it_closed(commerce, department):
    closed = by_commerce(commerce, industry="C26", counterpart_unit=commerce, status="closed")
    run()
    closed.refresh_from_db()
    assert closed.counterpart_unit == commerce


def test_an_areas_enterprise_is_not_touched(area, area_authority, department):
    local = EnterpriseFactory(
        introducing_unit=area, counterpart_unit=area_authority, industry="C26"
    )
    run()
    local.refresh_from_db()
    assert (local.counterpart_unit, local.version) == (area_authority, 1)
