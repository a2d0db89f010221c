"""帮扶机制二(二) (A-5): a project an area or department assists itself that involves other areas or
departments — the unit proposes them as a list (建议名单), the DRC compiles the lists into a numbered
report to the city government, the city government decides each line; who and when are kept."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assistance import services
from assistance.choices import CoordinationStatus, Tier
from assistance.models import CoordinationEntry, CoordinationReport
from tests.assistance.factories import AssistanceCaseFactory
from tests.factories import ProjectFactory
from tests.refusals import field_reasons, field_value, forms_of
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area):
    return AssistanceCaseFactory(
        project=ProjectFactory(name="鲅鱼圈区港口物流项目", owner_unit=area, landing_unit=area),
        team__lead_unit=area,
    )


def propose(case, user, unit, matter="项目配套道路跨越盖州市辖区，需盖州市参与服务团队"):
    return services.coordination_propose(case=case, user=user, involved_unit=unit, matter=matter)


def test_the_list_goes_from_the_unit_through_the_drc_to_the_city_government(
    case, owner, other_area, outsider, drc, city_leader_user
):
    entry = propose(case, owner, other_area)
    assert entry.status == CoordinationStatus.PROPOSED and entry.proposing_unit == owner.unit
    assert Notification.objects.filter(kind="coordination", user=drc).exists()

    report = services.coordination_compile(user=drc, note="本期1项")
    entry.refresh_from_db()
    assert (report.number, report.compiled_by) == (1, drc)
    assert report.title.endswith("第1期涉及其他地区、部门事项建议名单")
    assert entry.status == CoordinationStatus.REPORTED and entry.report == report
    assert Notification.objects.filter(kind="coordination", user=city_leader_user).exists()
    assert Notification.objects.filter(kind="coordination", user=owner).exists()

    services.coordination_decide(
        entry=entry, user=city_leader_user, agreed=True, decision="请盖州市指派专人参加服务团队"
    )
    entry.refresh_from_db()
    assert entry.status == CoordinationStatus.AGREED and entry.decided_by == city_leader_user
    assert [h.status for h in entry.history.order_by("history_date")] == [
        "proposed",
        "reported",
        "agreed",
    ]
    assert Notification.objects.filter(kind="coordination", user=outsider).exists()
    with pytest.raises(RuleViolation):  # decided once
        services.coordination_decide(
            entry=entry, user=city_leader_user, agreed=False, decision="再议"
        )


def test_the_next_report_takes_the_next_number_and_only_what_is_new(case, owner, other_area, drc):
    propose(case, owner, other_area)
    services.coordination_compile(user=drc)
    with pytest.raises(RuleViolation) as refused:
        services.coordination_compile(user=drc)  # nothing new
    assert refused.value.rule == "A-5"
    propose(case, owner, other_area, matter="供水管线需盖州市协调")
    second = services.coordination_compile(user=drc)
    assert second.number == 2 and second.entries.count() == 1


def test_the_same_ask_waiting_for_the_city_is_not_proposed_twice(case, owner, other_area, drc):
    propose(case, owner, other_area, matter="供水管线需盖州市协调")
    with pytest.raises(RuleViolation) as refused:
        propose(case, owner, other_area, matter=" 供水管线需盖州市协调 ")
    assert refused.value.rule == "A-5" and refused.value.field == "matter"
    services.coordination_compile(user=drc)
    with pytest.raises(RuleViolation):  # reported, not yet decided
        propose(case, owner, other_area, matter="供水管线需盖州市协调")
    assert CoordinationEntry.objects.count() == 1


def test_a_city_tier_case_or_its_own_unit_takes_no_list(case, owner, area, other_area):
    with pytest.raises(RuleViolation) as refused:
        propose(case, owner, area)
    assert refused.value.rule == "A-5" and refused.value.field == "involved_unit"
    case.tier = Tier.CITY
    case.save()
    with pytest.raises(RuleViolation):
        propose(case, owner, other_area)
    assert not CoordinationEntry.objects.exists()


def test_only_the_unit_in_charge_proposes_only_the_drc_compiles_and_only_the_city_decides(
    case, owner, outsider, other_area, drc
):
    with pytest.raises(PermissionDenied):
        propose(case, outsider, other_area)
    entry = propose(case, owner, other_area)
    with pytest.raises(PermissionDenied):
        services.coordination_compile(user=owner)
    services.coordination_compile(user=drc)
    entry.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.coordination_decide(entry=entry, user=owner, agreed=True, decision="同意")


def test_the_pages_object_by_object(
    client, case, owner, outsider, other_area, drc, city_leader_user
):
    from tests.factories import UnitFactory, UserFactory
    from yingkou.choices import Role, UnitKind

    client.force_login(owner)
    url = reverse("assistance:coordination_propose", args=[case.pk])
    response = client.post(url, {"involved_unit": other_area.pk, "matter": "需盖州市协调用地"})
    assert response.status_code == 302
    client.force_login(drc)
    response = client.post(reverse("assistance:coordination"), {"note": ""})
    report = CoordinationReport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{report.pk}/")
    entry = CoordinationEntry.objects.get()
    client.force_login(city_leader_user)
    page = reverse("assistance:coordination_report", args=[report.pk])
    assert "需盖州市协调用地" in client.get(page).content.decode()
    response = client.post(page, {"entry": entry.pk, "agreed": "1", "decision": "同意，盖州市配合"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == CoordinationStatus.AGREED
    # the involved unit reads the report; a unit with nothing in it gets 404 and may not decide
    client.force_login(outsider)
    assert client.get(page).status_code == 200
    # A department of another industry than the project's (C26, 工信's: it sees the case, A-3).
    tourism = UnitFactory(code="WHLY", name="营口市文化旅游局", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    stranger = UserFactory(role=Role.UNIT_STAFF, unit=tourism)
    client.force_login(stranger)
    assert client.get(page).status_code == 404
    assert "需盖州市协调用地" not in client.get(reverse("assistance:coordination")).content.decode()
    client.force_login(owner)
    assert client.post(page, {"entry": entry.pk, "agreed": "0", "decision": "x"}).status_code == 403
    assert client.post(reverse("assistance:coordination"), {"note": ""}).status_code == 403


def test_the_industry_department_opens_the_report_of_a_line_it_sees(
    client, case, owner, other_area, drc, department
):
    """工信 sees the case of a C26 project (A-3) and so its line on the coordination page; the
    line's link opens the report, with that line alone."""
    from tests.factories import UserFactory
    from yingkou.choices import Role

    propose(case, owner, other_area)
    services.coordination_compile(user=drc, note="")
    other = AssistanceCaseFactory(
        project=ProjectFactory(name="盖州市文旅项目", owner_unit=other_area, industry="R90"),
        team__lead_unit=other_area,
    )
    propose(other, UserFactory(role=Role.UNIT_STAFF, unit=other_area), owner.unit, "文旅协调")
    services.coordination_compile(user=drc, note="")
    report = CoordinationEntry.objects.get(case=case).report
    client.force_login(UserFactory(role=Role.UNIT_STAFF, unit=department))
    listing = client.get(reverse("assistance:coordination")).content.decode()
    link = reverse("assistance:coordination_report", args=[report.pk])
    assert link in listing
    page = client.get(link)
    assert page.status_code == 200
    assert "项目配套道路跨越盖州市辖区" in page.content.decode()
    later = CoordinationEntry.objects.get(case=other).report
    assert client.get(reverse("assistance:coordination_report", args=[later.pk])).status_code == 404


def test_a_unit_seeing_part_of_a_report_is_told_how_many_lines_it_has(
    client, case, owner, other_area, drc, department, city_leader_user
):
    """The compiler's note counts the report's lines (本期汇总两项); 工信, seeing one of them, is
    told it reads one of two, not left to wonder where the other went. The city reads all."""
    from tests.factories import UserFactory
    from yingkou.choices import Role

    propose(case, owner, other_area)
    other = AssistanceCaseFactory(
        project=ProjectFactory(name="盖州市文旅项目", owner_unit=other_area, industry="R90"),
        team__lead_unit=other_area,
    )
    propose(other, UserFactory(role=Role.UNIT_STAFF, unit=other_area), owner.unit, "文旅协调")
    report = services.coordination_compile(user=drc, note="本期汇总两项，请市政府协调。")
    link = reverse("assistance:coordination_report", args=[report.pk])
    client.force_login(UserFactory(role=Role.UNIT_STAFF, unit=department))
    page = client.get(link).content.decode()
    assert "本期共2项，下表是与本单位有关的1项。" in page and "文旅协调" not in page
    client.force_login(city_leader_user)
    page = client.get(link).content.decode()
    assert "下表是与本单位有关的" not in page and "文旅协调" in page


def test_the_city_leaders_queue_shows_the_reports_waiting_for_a_decision(
    client, case, owner, other_area, drc, city_leader_user
):
    propose(case, owner, other_area)
    report = services.coordination_compile(user=drc)
    client.force_login(city_leader_user)
    assert report.title in client.get(reverse("assistance:queue")).content.decode()
    services.coordination_decide(
        entry=report.entries.get(), user=city_leader_user, agreed=True, decision="同意"
    )
    assert report.title not in client.get(reverse("assistance:queue")).content.decode()
    client.force_login(owner)
    assert "待市政府批示的建议名单" not in client.get(reverse("assistance:queue")).content.decode()


def test_every_years_reports_can_be_reached(client, drc):
    """帮扶机制二(二): the compiled reports are listed a year at a time, the latest first, with a
    link to every year that has any; none drops off the page as more are compiled."""
    import datetime as dt

    for year, count in ((2025, 25), (2026, 3)):
        for number in range(1, count + 1):
            CoordinationReport.objects.create(
                year=year,
                number=number,
                title=f"{year}年第{number}期建议名单",
                compiled_by=drc,
                compiled_on=dt.date(year, 1, 1),
            )
    client.force_login(drc)
    latest = client.get(reverse("assistance:coordination")).content.decode()
    assert "2026年第3期建议名单" in latest and "2025年第1期建议名单" not in latest
    assert '<a href="?year=2025">2025</a>' in latest
    older = client.get(reverse("assistance:coordination") + "?year=2025").content.decode()
    assert "2025年第1期建议名单" in older and "2025年第25期建议名单" in older
    assert "2026年第3期建议名单" not in older


def test_choosing_a_status_keeps_the_year_of_reports_chosen(client, drc):
    """The status links of the lines below the reports dropped the chosen year, so picking a
    status brought the latest year's reports back; the chosen status reads as chosen."""
    import datetime as dt

    for year in (2025, 2026):
        CoordinationReport.objects.create(
            year=year,
            number=1,
            title=f"{year}年第1期建议名单",
            compiled_by=drc,
            compiled_on=dt.date(year, 1, 1),
        )
    client.force_login(drc)
    url = reverse("assistance:coordination")
    older = client.get(url + "?year=2025").content.decode()
    assert f'<a href="?year=2025&amp;status={CoordinationStatus.AGREED}">' in older
    assert "<strong>全部</strong>" in older
    chosen = client.get(url + f"?year=2025&status={CoordinationStatus.AGREED}").content.decode()
    assert "2025年第1期建议名单" in chosen and "2026年第1期建议名单" not in chosen
    assert '<a href="?year=2025">全部</a>' in chosen
    assert f"<strong>{CoordinationStatus.AGREED.label}</strong>" in chosen
    latest = client.get(url).content.decode()
    assert f'<a href="?status={CoordinationStatus.AGREED}">' in latest
    assert "<strong>全部</strong>" in latest


def test_a_refused_decision_is_shown_again_in_its_own_line(
    client, case, owner, other_area, drc, city_leader_user
):
    """Every line the city government still decides has its form: a refused one was drawn, with
    its reasons and what was typed, in every line of the report, under a message that read
    "请填写市政府意见。" whatever the reason."""
    first = propose(case, owner, other_area, matter="配套道路跨越盖州市辖区")
    second = propose(case, owner, other_area, matter="供水管线需盖州市协调")
    report = services.coordination_compile(user=drc)
    client.force_login(city_leader_user)
    page = reverse("assistance:coordination_report", args=[report.pk])
    response = client.post(page, {"entry": second.pk, "agreed": "0", "decision": " "})
    assert response.status_code == 200
    html = response.content.decode()
    refused, other = (
        [form for form in forms_of(html) if f'value="{entry.pk}"' in str(form)][0]
        for entry in (second, first)
    )
    assert field_reasons(refused, "decision") == ["此项必须填写。"]
    assert field_value(refused, "agreed") == "0"
    assert field_reasons(other, "decision") == [] and field_value(other, "agreed") == ""
    assert "请填写市政府意见。" not in html
    second.refresh_from_db()
    assert second.status == CoordinationStatus.REPORTED


def test_the_report_says_who_compiled_it_in_one_sentence(client, case, owner, other_area, drc):
    """The report's first line read 市发展改革委 钱立军 于 2026年11月27日 汇总报市政府。, with
    spaces no Chinese sentence has."""
    propose(case, owner, other_area)
    report = services.coordination_compile(user=drc, note="")
    client.force_login(drc)
    page = client.get(reverse("assistance:coordination_report", args=[report.pk])).content.decode()
    day = report.compiled_on
    assert (
        f"市发展改革委{drc.display_name}于{day.year}年{day.month}月{day.day}日汇总报市政府。"
        in page
    )
