"""A stale enterprise edit is shown again on the current version, with what was saved meanwhile
beside what the person typed; saving again overwrites it knowingly."""

import pytest
from django.urls import reverse

from enterprise.forms import EnterpriseForm
from enterprise.models import Enterprise
from tests.enterprise.factories import EnterpriseFactory, PromiseFactory
from tests.factories import LeaderFactory, UserFactory
from tests.refusals import (
    OVERWRITE,
    field_value,
    form_reasons,
    refused_as_stale,
    stale_reasons,
    version_form,
)
from yingkou.choices import LeaderRank, Role

pytestmark = pytest.mark.django_db


def as_opened(enterprise) -> dict:
    """What the edit form sends unchanged: the values it was drawn with."""
    form = EnterpriseForm(instance=enterprise)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if not field.disabled and value is not None:
            data[name] = value
    return data


def test_a_stale_enterprise_edit_shows_the_others_and_saves_when_sent_again(
    client, area, owner, drc
):
    enterprise = EnterpriseFactory(name="营口某新材料有限公司", introducing_unit=area)
    url = reverse("enterprise:edit", args=[enterprise.pk])
    opened = as_opened(enterprise)
    saved = {**opened, "address": "营口市西市区渤海大街1号", "contact_name": "王经理"}
    typed = {**opened, "address": "营口市站前区新兴大街8号", "contact_name": "王经理"}
    refused = refused_as_stale(client, url, drc, saved, owner, typed)
    form = version_form(refused.content.decode())
    reasons = stale_reasons(form_reasons(form), "该企业信息已被他人修改", drc)
    assert "「地址」现为 营口市西市区渤海大街1号，您填写的是 营口市站前区新兴大街8号" in reasons
    # Both typed the same contact: nothing to tell about it.
    assert not any("联系人" in reason for reason in reasons)
    assert field_value(form, "address") == "营口市站前区新兴大街8号"
    current = Enterprise.objects.get(pk=enterprise.pk).version
    assert field_value(form, "version") == str(current)

    again = client.post(url, {**typed, "version": field_value(form, "version")})
    assert again.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.address == "营口市站前区新兴大街8号"
    rows = list(enterprise.history.order_by("-history_id")[:2])
    assert [(row.history_user, row.address) for row in rows] == [
        (owner, "营口市站前区新兴大街8号"),
        (drc, "营口市西市区渤海大街1号"),
    ]


def test_a_stale_principal_naming_shows_who_was_named_and_saves_when_sent_again(client, area, drc):
    """E-6: two officials name the promise's principal leader at once; the second is shown who
    the first named beside the one chosen, and a second save names that one."""
    colleague = UserFactory(username="drc2", role=Role.DRC_REVIEWER, unit=drc.unit)
    first = LeaderFactory(name="书记甲", title="书记", rank=LeaderRank.PRINCIPAL, unit=area)
    second = LeaderFactory(name="区长乙", title="区长", rank=LeaderRank.PRINCIPAL, unit=area)
    enterprise = EnterpriseFactory(name="营口某化工有限公司", introducing_unit=area)
    promise = PromiseFactory(enterprise=enterprise)
    url = reverse("enterprise:promise", args=[promise.pk])
    opened = {"form": "principal", "principal-version": 1}
    client.force_login(colleague)
    assert client.post(url, {**opened, "principal-principal_leader": first.pk}).status_code == 302

    client.force_login(drc)
    typed = {**opened, "principal-principal_leader": second.pk}
    refused = client.post(url, typed)
    assert refused.status_code == 200
    form = refused.context["principal_form"]
    errors = list(form.non_field_errors())
    assert errors[0].startswith("该承诺已被他人修改")
    assert errors[1:] == [f"「“一把手”责任人」现为 {first}，您填写的是 {second}", OVERWRITE]
    assert form["version"].value() == "2"
    assert f"「“一把手”责任人」现为 {first}，您填写的是 {second}" in refused.content.decode()

    assert client.post(url, {**typed, "principal-version": 2}).status_code == 302
    promise.refresh_from_db()
    assert (promise.principal_leader, promise.version) == (second, 3)
    rows = list(promise.history.order_by("-history_id")[:2])
    assert [(row.history_user, row.principal_leader_id) for row in rows] == [
        (drc, second.pk),
        (colleague, first.pk),
    ]


def test_a_promise_closed_meanwhile_is_not_offered_to_be_closed_again(client, drc):
    """E-6: a closed promise stays closed: a stale close shows what the other recorded, and
    says it is closed instead of offering a second save that would be refused."""
    enterprise = EnterpriseFactory(name="营口某化工有限公司")
    promise = PromiseFactory(enterprise=enterprise)
    url = reverse("enterprise:promise", args=[promise.pk])
    closed = {"status": "compensated", "compensation": "依法赔偿", "version": 1}
    client.force_login(drc)
    assert client.post(url, {**closed, "compensation_amount": "8"}).status_code == 302

    refused = client.post(url, {**closed, "compensation_amount": "99"})
    assert refused.status_code == 200
    errors = list(refused.context["form"].non_field_errors())
    assert errors[0].startswith("该承诺已被他人修改")
    assert errors[1:] == [
        "「赔偿金额（万元）」现为 8.00，您填写的是 99.00",
        "该承诺已办结，不能再更改。（E-6）",
    ]
