"""The templates' `can.<app>.<action>` asks the same predicates the services enforce."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from yingkou.permissions import UserPredicates, require

pytestmark = pytest.mark.django_db


def test_can_answers_the_apps_predicates(city_leader_user, owner):
    assert UserPredicates(city_leader_user)["enterprise"]["see_assessment"] is True
    assert UserPredicates(owner)["enterprise"]["see_assessment"] is False
    assert UserPredicates(AnonymousUser())["enterprise"]["see_assessment"] is False


def test_can_refuses_unknown_names_and_predicates_needing_a_record(owner):
    can = UserPredicates(owner)
    with pytest.raises(KeyError):
        can["nowhere"]
    with pytest.raises(KeyError):
        can["enterprise"]["fly"]
    with pytest.raises(ImproperlyConfigured):
        can["enterprise"]["edit_enterprise"]


def test_require_says_no_with_the_reason():
    require(True)
    with pytest.raises(PermissionDenied, match="只有牵头单位"):
        require(False, "只有牵头单位可以执行此操作")
