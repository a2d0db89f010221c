"""The view kit: refusals become form errors or messages, batches go item by item, one ordering
definition per list."""

import django_filters
import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from yingkou.errors import RuleViolation, StaleVersion
from yingkou.models import Unit
from yingkou.sorting import SortFilter
from yingkou.views.kit import act, attempt, batch, form_error


class NameForm(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _refuse(**kwargs):
    raise RuleViolation("R-9", "不行", field=kwargs.get("field"))


def test_a_rule_with_a_field_of_the_form_lands_on_that_field():
    form = NameForm({"name": "x"})
    form.is_valid()
    form_error(form, RuleViolation("R-9", "名称重复", field="name"))
    assert form.errors["name"] == ["名称重复（R-9）"]


def test_a_rule_about_a_field_the_form_lacks_is_a_form_wide_error():
    form = NameForm({"name": "x"})
    form.is_valid()
    form_error(form, RuleViolation("R-9", "不行", field="unknown"))
    assert form.non_field_errors() == ["不行（R-9）"]


def test_attempt_answers_the_result_or_none_when_refused():
    form = NameForm({"name": "x"})
    form.is_valid()
    assert attempt(form, lambda **kw: kw["value"], value=7) == 7
    assert attempt(form, lambda: None) is True  # done, though the service returns nothing
    assert form.errors == {}
    assert attempt(form, _refuse, field="name") is None
    assert form.errors["name"] == ["不行（R-9）"]


def test_attempt_shows_a_stale_edit_on_the_form():
    form = NameForm({"name": "x"})
    form.is_valid()

    def stale():
        raise StaleVersion("记录已被他人修改")

    assert attempt(form, stale) is None
    assert form.non_field_errors() == ["记录已被他人修改"]


def test_act_tells_the_reason_or_the_success():
    request = _request()
    assert act(request, _refuse) is None
    assert act(request, lambda: "ok", success="已保存。") == "ok"
    assert [str(m) for m in get_messages(request)] == ["不行（R-9）", "已保存。"]


def test_a_batch_goes_item_by_item_and_tells_what_was_refused():
    request = _request()

    def step(item):
        if item == 2:
            raise RuleViolation("R-3", "退回须填写意见")
        if item == 3:
            raise PermissionDenied

    done, refused = batch(request, [1, 2, 3, 4], step, done_message="已处理 %(count)s 项", name=str)
    assert done == 2
    assert refused == ["2：退回须填写意见（R-3）", "3：您没有权限处理此项。"]
    assert [str(m) for m in get_messages(request)] == ["已处理 2 项", *refused]


class CommentForm(forms.Form):
    comment = forms.CharField(required=False)


def test_a_batch_of_which_nothing_was_done_tells_it_on_its_bar():
    """Each reason once, after the names of the items it refused: beside the comment when it is
    about the comment, above the form otherwise; no message, since the bar is shown again."""
    request = _request()

    def step(item):
        if item in ("甲", "乙"):
            raise RuleViolation("R-3", "退回时必须填写审核意见。", field="comment")
        if item == "丙":
            raise PermissionDenied

    form = CommentForm({"comment": " "})
    form.is_valid()
    done, refused = batch(request, ["甲", "乙", "丙"], step, done_message="", form=form)
    assert done == 0 and len(refused) == 3
    assert form.errors["comment"] == ["甲、乙：退回时必须填写审核意见。（R-3）"]
    assert form.non_field_errors() == ["丙：您没有权限处理此项。"]
    assert list(get_messages(request)) == []
    # One done: the bar is not shown again, and the messages say what was done and refused.
    form = CommentForm({"comment": " "})
    form.is_valid()
    done, refused = batch(
        request, ["甲", "丁"], step, done_message="已处理 %(count)s 项", form=form
    )
    assert (done, form.errors) == (1, {})
    assert [str(m) for m in get_messages(request)] == ["已处理 1 项", *refused]


class UnitSort(django_filters.FilterSet):
    ordering = SortFilter(fields={"name": "name", "code": "code"}, default="-code")

    class Meta:
        model = Unit
        fields: list[str] = []


@pytest.mark.django_db
def test_the_sort_filter_orders_by_the_offered_keys_with_the_primary_key_last():
    sort = UnitSort.base_filters["ordering"]
    assert sort.order_by("name") == ["name", "pk"]
    assert sort.order_by("-name,code") == ["-name", "code", "pk"]
    assert sort.order_by("") == ["-code", "pk"]
    # Keys the list does not offer are ignored: the default order, never an error.
    assert sort.order_by("password") == ["-code", "pk"]
    assert sort.order_by("-name,name,password") == ["-name", "pk"]
    names = list(UnitSort({"ordering": "-name"}, queryset=Unit.objects.all()).qs)
    assert names == list(Unit.objects.order_by("-name", "pk"))
