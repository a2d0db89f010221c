"""Factories of the enterprise app."""

import datetime as dt
from decimal import Decimal

import factory

from enterprise.choices import ComplaintChannel, ResponsibilityTier
from enterprise.models import (
    AssessmentResult,
    Complaint,
    Enterprise,
    Inspection,
    PolicyPromise,
    Visit,
)
from tests.factories import UnitFactory


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}")
    introducing_unit = factory.SubFactory(UnitFactory)
    responsible_unit = factory.SelfAttribute("introducing_unit")
    counterpart_unit = factory.SelfAttribute("introducing_unit")
    area = factory.SelfAttribute("introducing_unit")
    industry = "C26"
    total_investment = Decimal("20000.00")
    tier = ResponsibilityTier.PRINCIPAL
    registered_on = dt.date(2026, 1, 1)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    enterprise = factory.SubFactory(EnterpriseFactory)
    visited_on = dt.date(2026, 11, 10)
    visiting_unit = factory.SelfAttribute("enterprise.responsible_unit")
    visitors = "王科长、李干事"
    topics = "了解生产经营情况"


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    tracking_number = factory.Sequence(lambda n: f"TS20261101T{n:07d}")
    channel = ComplaintChannel.PHONE
    complainant_name = "赵投诉"
    complainant_phone = "13900001111"
    complainant_address = "鲅鱼圈区平安大街1号"
    subject = "审批拖延"
    content = "办理施工许可超过承诺时限。"
    received_on = dt.date(2026, 11, 2)
    due_on = dt.date(2026, 11, 11)
    receiving_unit = factory.SubFactory(UnitFactory)
    handling_unit = factory.SelfAttribute("receiving_unit")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    enterprise = factory.SubFactory(EnterpriseFactory)
    agency = factory.SubFactory(UnitFactory, enforcement_system="ecology", level="city")
    planned_on = dt.date(2026, 12, 10)
    purpose = "环保设施运行检查"


class PromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyPromise

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = "contract"
    source = "投资合作协议"
    content = "第八条：土地出让金按合同分期缴纳。"
    promised_on = dt.date(2025, 6, 1)
    responsible_unit = factory.SelfAttribute("enterprise.responsible_unit")
    due_on = dt.date(2026, 12, 31)


class AssessmentResultFactory(factory.django.DjangoModelFactory):
    """An archived E-7 result, naming its unit as it stands (the archive keeps the name and code
    of the period's end)."""

    class Meta:
        model = AssessmentResult

    period = "2026-Q3"
    unit_name = factory.SelfAttribute("unit.name")
    unit_code = factory.SelfAttribute("unit.code")
