import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ProjectFactory
from yingkou.models import Project, Unit, User

pytestmark = pytest.mark.django_db


def test_a_stale_form_is_refused_and_nothing_is_overwritten(client, project, owner, drc):
    client.force_login(owner)
    form = {
        "name": "录入员改的名称",
        "industry": "C26",
        "capital_origin": "domestic",
        "capacity_kind": "new",
        "size_class": "medium",
        "total_investment": "1000.00",
        "stage": "planning",
        "version": "1",
    }
    client.force_login(drc)
    response = client.post(
        reverse("projects:edit", args=[project.pk]), {**form, "name": "发改委改的名称"}
    )
    assert response.status_code == 302
    client.force_login(owner)
    response = client.post(reverse("projects:edit", args=[project.pk]), form)
    assert response.status_code == 200
    assert "该项目已被他人修改，请刷新页面" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "发改委改的名称"


def test_create_a_project_in_the_browser_form(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("projects:create"),
        {
            "name": "新建项目",
            "industry": "K70",
            "capital_origin": "domestic",
            "capacity_kind": "new",
            "size_class": "medium",
            "total_investment": "1500.00",
            "stage": "planning",
        },
    )
    project = Project.objects.get(name="新建项目")
    assert response.status_code == 302
    assert project.owner_unit == owner.unit and project.history.first().history_user == owner


def test_the_detail_page_shows_the_history(client, project, owner):
    from yingkou import services

    services.project_update(project=project, user=owner, expected_version=1, name="改名后")
    client.force_login(owner)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "修改记录" in page and "项目名称：" in page and "→ 改名后" in page


def test_the_project_list_exports_what_the_filter_shows(client, owner, area):
    ProjectFactory(name="甲项目", owner_unit=area, industry="C26")
    ProjectFactory(name="乙项目", owner_unit=area, industry="K70")
    client.force_login(owner)
    response = client.get(reverse("projects:list"), {"is_real_estate": "true", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)[2:]  # under the title and the line saying what it covers
    assert rows[0][:3] == ("序号", "项目名称", "项目代码")
    assert [row[1] for row in rows[1:]] == ["乙项目"]


def test_navigation_follows_the_role(client, owner, drc):
    client.force_login(owner)
    page = client.get("/").content.decode()
    assert "定时任务" not in page
    client.force_login(drc)
    assert "定时任务" in client.get("/").content.decode()
    client.force_login(owner)
    assert client.get(reverse("scheduled_runs")).status_code == 403


def _every_table() -> dict[str, list[tuple]]:
    from django.apps import apps

    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
    }


def test_seed_demo_is_idempotent():
    """A second seed changes nothing: every table holds the same rows, to the last timestamp
    and history row, as after the first."""
    call_command("seed_demo", projects=30, stdout=io.StringIO())
    first = _every_table()
    assert first["yingkou.Project"] and first["yingkou.ScheduledRun"]
    call_command("seed_demo", projects=30, stdout=io.StringIO())
    second = _every_table()
    assert [label for label in first if first[label] != second[label]] == []
    names = set(Unit.objects.values_list("name", flat=True))
    assert {"站前区", "西市区", "鲅鱼圈区", "老边区", "盖州市", "大石桥市"} <= names
    assert set(User.objects.values_list("role", flat=True)) >= {
        "unit_staff",
        "unit_reviewer",
        "drc_reviewer",
        "investment_bureau",
        "city_leader",
        "supervisor",
        "legal_affairs",
    }
    assert len(set(Project.objects.values_list("stage", flat=True))) == 8


def test_history_shows_labels_and_names_not_codes(client, project, owner, area, other_area):
    from yingkou import services
    from yingkou.history import history_of
    from yingkou.models import Team

    services.project_move_stage(project=project, stage="reserve", user=owner)
    assert {field: (old, new) for field, old, new in history_of(project)[0].changes}[
        "项目阶段"
    ] == ("策划包装", "储备")
    services.project_update(
        project=project, user=owner, expected_version=2, landing_unit=other_area
    )
    changes = {field: (old, new) for field, old, new in history_of(project)[0].changes}
    assert changes["拟落地县(市)区/园区"] == ("鲅鱼圈区", "盖州市")

    team = Team.objects.create(project=project, phase="negotiation", lead_unit=area)
    team.cooperating_units.add(other_area)
    team.lead_unit = other_area
    team.save()
    changes = {field: (old, new) for field, old, new in history_of(team)[0].changes}
    assert changes["牵头单位"] == ("鲅鱼圈区", "盖州市")


def test_history_writes_amounts_as_the_pages_do(project, owner):
    """An amount changed reads 125,000.50 in the history, as on the page above it, not
    125000.50 (a pool's plan total of 3000000.00 was hard to read at a glance)."""
    from decimal import Decimal

    from yingkou import services
    from yingkou.history import history_of

    services.project_update(
        project=project,
        user=owner,
        expected_version=project.version,
        total_investment=Decimal("125000.5"),
    )
    changes = {field: (old, new) for field, old, new in history_of(project)[0].changes}
    assert changes["总投资（万元）"][1] == "125,000.50"


def test_yes_no_filters_offer_any_yes_and_no(client, owner, area):
    ProjectFactory(name="甲项目", owner_unit=area, industry="C26")
    ProjectFactory(name="乙项目", owner_unit=area, industry="K70")
    client.force_login(owner)
    page = client.get(reverse("projects:list")).content.decode()
    assert '<option value="unknown" selected>全部</option>' in page
    everything = client.get(
        reverse("projects:list"), {"is_real_estate": "unknown"}
    ).content.decode()
    assert "甲项目" in everything and "乙项目" in everything
    only_no = client.get(reverse("projects:list"), {"is_real_estate": "false"}).content.decode()
    assert "甲项目" in only_no and "乙项目" not in only_no


def test_history_of_a_team_runs_a_fixed_number_of_queries(area, other_area, department, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yingkou.history import history_of
    from yingkou.models import Team

    team = Team.objects.create(project=project, phase="negotiation", lead_unit=area)

    def change(times):
        for index in range(times):
            team.cooperating_units.set([other_area] if index % 2 else [other_area, department])
            team.save()

    def count():
        with CaptureQueriesContext(connection) as context:
            entries = history_of(team)
        return len(context.captured_queries), entries

    change(3)
    few, _ = count()
    change(20)
    many, entries = count()
    assert few == many
    shown = [c for entry in entries for c in entry.changes if c[0] == "配合单位"]
    assert ("配合单位", "盖州市", "盖州市、营口市工业和信息化局") in shown
    assert ("配合单位", "盖州市、营口市工业和信息化局", "盖州市") in shown


def test_a_filters_empty_choice_reads_all_and_stages_are_a_tag_box(client, drc):
    client.force_login(drc)
    page = client.get(reverse("projects:list")).content.decode()
    assert '<select name="owner_unit" data-picker="single" id="id_owner_unit">' in page
    assert '<option value="" selected>全部</option>' in page
    assert "---------" not in page
    assert '<select name="stage" data-picker="multiple"' in page


def test_a_project_page_links_to_its_records_the_user_may_open(
    client, area, owner, outsider, city_leader_user
):
    from decimal import Decimal

    from reserve import services as reserve_services
    from tests.assistance.factories import AssistanceCaseFactory
    from tests.enterprise.factories import EnterpriseFactory

    project = ProjectFactory(
        name="港口物流园", owner_unit=area, landing_unit=area, total_investment=Decimal("30000")
    )
    entry = reserve_services.entry_declare(project=project, user=owner)  # a draft
    case = AssistanceCaseFactory(project=project, team__lead_unit=area)
    enterprise = EnterpriseFactory(name="港口物流有限公司", project=project, introducing_unit=area)
    links = {
        "entry": reverse("reserve:entry_detail", args=[entry.pk]),
        "case": reverse("assistance:detail", args=[case.pk]),
        "enterprise": reverse("enterprise:detail", args=[enterprise.pk]),
    }
    page = reverse("projects:detail", args=[project.pk])
    client.force_login(owner)
    text = client.get(page).content.decode()
    assert all(f'href="{url}"' in text for url in links.values())
    assert "港口物流有限公司" in text and "精准帮扶" in text
    # A city leader opens the case and the enterprise, not the unit's draft declaration.
    client.force_login(city_leader_user)
    text = client.get(page).content.decode()
    assert f'href="{links["case"]}"' in text and f'href="{links["entry"]}"' not in text
    for url in links.values():
        assert (client.get(url).status_code == 200) == (f'href="{url}"' in text)
    # Another unit does not see the project at all.
    client.force_login(outsider)
    assert client.get(page).status_code == 404


def test_history_leaves_out_the_version_and_saves_that_changed_nothing_else(project, owner):
    from yingkou import services
    from yingkou.history import history_of
    from yingkou.services import claim_version, save_with_history

    services.project_update(project=project, user=owner, expected_version=1, name="改名后的项目")
    project.refresh_from_db()
    claim_version(project, project.version, "")
    save_with_history(project, owner)  # a save that only raised the version
    entries = history_of(project)
    assert [entry.action for entry in entries] == ["修改", "新建"]
    assert [field for field, _old, _new in entries[0].changes] == ["项目名称"]


def test_a_filter_value_that_cannot_be_read_is_said_under_its_field(client, owner, area):
    ProjectFactory(name="甲项目", owner_unit=area, total_investment=Decimal("2000"))
    client.force_login(owner)
    page = client.get(reverse("projects:list"), {"investment_min": "两千"})
    assert page.status_code == 200
    form = page.content.decode().split('class="card filters"')[1].split("</form>")[0]
    field = form.split('name="investment_min"')[1].split("</div>")[0]
    assert 'class="errorlist"' in field and "请填写数字" in field
    assert "甲项目" in page.content.decode()  # the list as if that filter were not set
