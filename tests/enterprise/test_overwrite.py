"""A stale enterprise edit is shown again on the current version, with what was saved meanwhile
beside what the person typed; saving again overwrites it knowingly."""

import pytest
from django.urls import reverse

from enterprise.forms import EnterpriseForm
from enterprise.models import Enterprise
from tests.enterprise.factories import EnterpriseFactory
from tests.refusals import field_value, form_reasons, refused_as_stale, stale_reasons, version_form

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
