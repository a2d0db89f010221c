"""A stale enterprise edit is shown again on the current version, with what was saved meanwhile
beside what the person typed; saving again overwrites it knowingly."""

import pytest
from django.urls import reverse

from enterprise.forms import EnterpriseForm
from enterprise.models import Enterprise
from tests.enterprise.factories import EnterpriseFactory
from tests.refusals import OVERWRITE, field_value, form_reasons, forms_of

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
    client.force_login(drc)
    saved = {**opened, "address": "营口市西市区渤海大街1号", "contact_name": "王经理"}
    assert client.post(url, saved).status_code == 302

    client.force_login(owner)
    typed = {**opened, "address": "营口市站前区新兴大街8号", "contact_name": "王经理"}
    refused = client.post(url, typed)
    assert refused.status_code == 200
    # The page's one form that edits the record (it posts to its own address).
    (form,) = [f for f in forms_of(refused.content.decode()) if 'name="version"' in str(f)]
    reasons = form_reasons(form)
    assert any("该企业信息已被他人修改" in reason for reason in reasons)
    assert f"最近一次由{drc.display_name}于" in reasons[0]
    assert "「地址」现为 营口市西市区渤海大街1号，您填写的是 营口市站前区新兴大街8号" in reasons
    # Both typed the same contact: nothing to tell about it.
    assert not any("联系人" in reason for reason in reasons)
    assert reasons[-1] == OVERWRITE
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
