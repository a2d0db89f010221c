"""The admin in the product's Chinese: what Django, django-axes (its lockout message),
django-celery-beat and django-simple-history write in English is translated by the project's
catalogue (locale/) or labelled by yingkou.library_admin. The administrator works in these pages
every day."""

import datetime as dt
import html
import json
import re
from html.parser import HTMLParser

import pytest
from axes.helpers import get_lockout_message
from django.test import override_settings
from django.utils import translation
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from tests.factories import ProjectFactory, UserFactory
from tests.yingkou.admin_forms import resave
from yingkou.choices import NotificationKind
from yingkou.models import Notification, User

pytestmark = pytest.mark.django_db

# Text the libraries write in English, page by page (none may be left).
INDEX = ["Axes", "Access attempts", "Access failures", "Access logs", "Model name", "Add link"]
INDEX += ["Change or view list link"]
# django-celery-beat names a crontab schedule by its fields in its own notation.
NOTATION = ["(m/h/dM/MY/d)", "* * *", "Asia/Shanghai"]
BEAT_LIST = ["Scheduler", "Task Name", "At 07:30"] + NOTATION
BEAT_FORM = ["Schedule", "Arguments", "Execution Options", "Crontab translation", "If True"]
BEAT_FORM += ["Set to False", "Reset to None", "At 07:30", "Translation"] + NOTATION
CRONTAB = ["Human readable", "At 07:30", "Periodic Tasks Using This Schedule", "Task Name"]
CRONTAB += ["Cron Months", "Cron Days Of The Week", '"all"', "UTC", "Africa", "(m/h/dM/MY/d)"]
HISTORY = ["Changes", "None", "True", "False", "Deleted"]
HISTORY_RECORD = ["Historical", "historical", "Yingkou"]
PERMISSIONS = ["Can add", "Can change", "Can delete", "Can view", "historical", "relationship"]


class _Text(HTMLParser):
    """What a person sees or hears: text outside scripts and styles, and the attributes a
    screen reader or a tooltip reads out."""

    SPOKEN = {"title", "aria-label", "alt", "placeholder"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts.extend(value for name, value in attrs if name in self.SPOKEN and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Text()
    parser.feed(response.content.decode())
    return html.unescape(" ".join(" ".join(parser.parts).split()))


def assert_chinese(text: str, english: list[str], chinese: list[str]) -> None:
    assert [word for word in english if word in text] == []
    assert [word for word in chinese if word not in text] == []


@pytest.fixture
def admin_client(client, db):
    administrator = UserFactory(username="管理员", is_superuser=True, is_staff=True, role="")
    client.force_login(administrator)
    return client


@pytest.fixture
def periodic_task(db):
    crontab = CrontabSchedule.objects.create(minute="30", hour="7", timezone="Asia/Shanghai")
    return PeriodicTask.objects.create(
        name="每日提醒",
        task="yingkou.tasks.run_scheduled_period",
        crontab=crontab,
        description="每日到期提醒",
    )


def test_the_index_names_every_application_and_list_in_chinese(admin_client):
    text = page_text(admin_client, "/admin/")
    assert_chinese(text, INDEX, ["基础数据", "安全审计记录", "周期任务"])


def test_the_lockout_lists_that_are_always_empty_are_not_offered(admin_client):
    """Failed logins are counted in the cache (AxesCacheHandler), which writes none of axes'
    tables: its admin lists would always be empty. Lockouts are in the security log."""
    text = page_text(admin_client, "/admin/")
    assert [name for name in ("登录防护", "登录尝试记录", "登录日志") if name in text] == []
    for model in ("accessattempt", "accesslog", "accessfailurelog"):
        assert admin_client.get(f"/admin/axes/{model}/").status_code == 404


def test_the_schedules_are_in_chinese(admin_client, periodic_task):
    text = page_text(admin_client, "/admin/django_celery_beat/periodictask/")
    assert_chinese(text, BEAT_LIST, ["执行计划", "任务名称", "每天 07:30（北京时间）", "每日提醒"])
    text = page_text(
        admin_client, f"/admin/django_celery_beat/periodictask/{periodic_task.pk}/change/"
    )
    assert_chinese(
        text,
        BEAT_FORM,
        ["任务参数", "执行选项", "执行时间说明", "取消选中即停用该计划", "每日提醒: 每天 07:30"],
    )
    crontab = periodic_task.crontab_id
    text = page_text(admin_client, "/admin/django_celery_beat/crontabschedule/")
    text += page_text(admin_client, f"/admin/django_celery_beat/crontabschedule/{crontab}/change/")
    assert_chinese(
        text, CRONTAB, ["执行时间说明", "使用此计划的周期性任务", "每日到期提醒", "北京时间"]
    )
    text = page_text(admin_client, f"/admin/django_celery_beat/crontabschedule/{crontab}/delete/")
    assert_chinese(text, NOTATION, ["周期性任务: 每日提醒: 每天 07:30（北京时间）"])


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"minute": "30", "hour": "7"}, "每天 07:30（北京时间）"),
        ({"minute": "0", "hour": "9", "day_of_week": "5"}, "每周五 09:00（北京时间）"),
        ({"minute": "0", "hour": "9", "day_of_week": "0"}, "每周日 09:00（北京时间）"),
        ({"minute": "0", "hour": "9", "day_of_week": "7"}, "每周日 09:00（北京时间）"),
        ({"minute": "0", "hour": "9", "day_of_week": "1,3,5"}, "每周一、三、五 09:00（北京时间）"),
        ({"minute": "0", "hour": "6", "day_of_month": "1"}, "每月1日 06:00（北京时间）"),
        ({"minute": "0", "hour": "6", "day_of_month": "31"}, "每月31日 06:00（北京时间）"),
        (
            {"minute": "0", "hour": "7", "day_of_month": "1", "month_of_year": "1"},
            "每年1月1日 07:00（北京时间）",
        ),
        (
            {"minute": "30", "hour": "6", "day_of_month": "1", "month_of_year": "1,4,7,10"},
            "每年1、4、7、10月1日 06:30（北京时间）",
        ),
        ({"minute": "59", "hour": "0,23"}, "每天 00:59、23:59（北京时间）"),
        ({"minute": "*/2", "hour": "*"}, "每2分钟（北京时间）"),
        ({"minute": "0", "hour": "9", "timezone": "UTC"}, "每天 09:00（UTC）"),
        # Beyond the plain forms, cron-descriptor's Chinese with the day and month names.
        ({"minute": "0", "hour": "9", "day_of_week": "mon-fri"}, "星期一 到 星期五"),
        ({"minute": "0", "hour": "9", "day_of_week": "x"}, "0 9 * * x（北京时间）"),
    ],
)
def test_a_schedule_is_named_by_when_it_runs(fields, shown):
    """Wherever beat's schedules are named (a task's schedule picker, titles, a delete page,
    the log of changes), in the words of the product's own schedules."""
    crontab = CrontabSchedule(**{"timezone": "Asia/Shanghai", **fields})
    assert shown in str(crontab)
    assert "(m/h/dM/MY/d)" not in str(crontab)


def test_a_crontab_is_described_with_chinese_months_and_weekdays(admin_client, periodic_task):
    CrontabSchedule.objects.filter(pk=periodic_task.crontab_id).update(
        month_of_year="1,4,7,10", day_of_week="5"
    )
    text = page_text(admin_client, "/admin/django_celery_beat/crontabschedule/")
    assert "仅在 星期五" in text and "仅在 1月、4月、7月和10月" in text
    assert [month for month in ("January", "October", "Friday") if month in text] == []


def test_a_schedule_runs_in_the_product_s_time_zone(admin_client, periodic_task):
    """SPEC §6: beat's schedules are Asia/Shanghai; the form offers that zone, not the world's
    six hundred by their English names. One saved in another zone keeps it."""
    url = f"/admin/django_celery_beat/crontabschedule/{periodic_task.crontab_id}/change/"
    field = admin_client.get(url).context["adminform"].form.fields["timezone"]
    assert list(field.choices) == [("Asia/Shanghai", "北京时间（Asia/Shanghai）")]
    data = {"minute": "0", "hour": "8", "day_of_month": "*", "month_of_year": "*"}
    data |= {"day_of_week": "*", "timezone": "Asia/Shanghai"}
    data |= {"periodictask_set-TOTAL_FORMS": "0", "periodictask_set-INITIAL_FORMS": "0"}
    assert admin_client.post(url, data).status_code == 302
    assert str(CrontabSchedule.objects.get(pk=periodic_task.crontab_id)) == "每天 08:00（北京时间）"
    assert admin_client.post(url, data | {"timezone": "UTC"}).status_code == 200  # refused

    CrontabSchedule.objects.filter(pk=periodic_task.crontab_id).update(timezone="UTC")
    field = admin_client.get(url).context["adminform"].form.fields["timezone"]
    assert [value for value, _label in field.choices] == ["Asia/Shanghai", "UTC"]


def inline_scripts(page: str) -> list[str]:
    """Scripts written into the page rather than loaded from a file: the Content-Security-Policy
    refuses them, so the browser does not run them (data in a JSON script is not run)."""
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    return [
        body.strip()[:80]
        for attributes, body in scripts
        if "src=" not in attributes and "application/json" not in attributes
    ]


def test_a_task_s_form_has_no_script_the_policy_refuses(admin_client, periodic_task):
    """django-celery-beat's form template writes an inline script (an English translation of the
    chosen schedule under its picker); the browser refuses it and reports an error."""
    for url in (
        f"/admin/django_celery_beat/periodictask/{periodic_task.pk}/change/",
        "/admin/django_celery_beat/periodictask/add/",
    ):
        page = admin_client.get(url).content.decode()
        assert 'id="id_crontab"' in page
        assert inline_scripts(page) == []


def test_a_task_s_form_names_its_registered_task(admin_client, periodic_task):
    """The form lists the project's registered tasks with the saved one chosen; the library left
    the list on its blank line, and a task the workers do not know is only in the text field."""
    url = f"/admin/django_celery_beat/periodictask/{periodic_task.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    listed = [value for value, _label in form.fields["regtask"].widget.choices if value]

    assert {"yingkou.tasks.run_scheduled_period", "yingkou.tasks.reconcile_schedule"} <= set(listed)
    assert form["regtask"].value() == "yingkou.tasks.run_scheduled_period"
    assert '<option value="yingkou.tasks.run_scheduled_period" selected>' in str(form["regtask"])

    PeriodicTask.objects.filter(pk=periodic_task.pk).update(task="yingkou.tasks.gone")
    form = admin_client.get(url).context["adminform"].form
    assert form["regtask"].value() in (None, "")
    assert form["task"].value() == "yingkou.tasks.gone"


def test_a_business_record_s_history_is_in_chinese(admin_client):
    project = ProjectFactory()
    project.investor_intent_clear = True
    project.start_year = 2027
    project.save()
    text = page_text(admin_client, f"/admin/yingkou/project/{project.pk}/history/")
    assert_chinese(
        text, HISTORY, ["变更内容", "投资意向基本明确: 否 → 是", "计划开工年份: — → 2027"]
    )
    first = project.history.earliest("history_date").history_id
    text = page_text(admin_client, f"/admin/yingkou/project/{project.pk}/history/{first}/")
    assert_chinese(text, HISTORY_RECORD, ["基础数据 › 项目 ›"])
    text = page_text(admin_client, f"/admin/yingkou/project/{project.pk}/delete/")
    assert re.search(r"[A-Za-z]{2,}", text) is None


def _history_column(page: str, heading: str) -> list[str]:
    """The cells of the admin history table's column `heading`, newest change first."""
    table = page[page.index('id="change-history"') :]
    table = table[: table.index("</table>")]
    rows = [
        [html.unescape(" ".join(re.sub(r"<[^>]+>", " ", cell).split())) for cell in row]
        for row in (
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        )
    ]
    column = rows[0].index(heading)
    return [row[column] for row in rows[1:]]


def test_a_change_no_person_made_is_the_system_s_in_the_admin_history_as_on_the_pages(
    admin_client,
):
    """A job or a rule decided again writes history without a user: the record's own pages say
    系统 and the admin's history page said 无 (simple-history's "None")."""
    from yingkou.history import history_of
    from yingkou.services import save_with_history

    project = ProjectFactory(name="系统写的项目")
    person = UserFactory(username="erin", last_name="王", first_name="五")
    project.name = "有人改过的项目"
    save_with_history(project, person)

    page = admin_client.get(f"/admin/yingkou/project/{project.pk}/history/").content.decode()

    assert [entry.who for entry in history_of(project)] == [person.display_name, "系统"]
    assert _history_column(page, "修改人") == [person.display_name, "系统"]


def test_the_permission_pickers_are_in_chinese(admin_client):
    user = UserFactory(username="carol")
    text = page_text(admin_client, f"/admin/yingkou/user/{user.pk}/change/")
    text += page_text(admin_client, "/admin/auth/group/add/")
    expected = ["基础数据 | 项目 | 修改", "基础数据 | 项目（历史记录） | 查看"]
    assert_chinese(text, PERMISSIONS, expected + ["基础数据 | 领导的分管单位（历史记录） | 新增"])


@override_settings(AXES_COOLOFF_TIME=None)
def test_the_lockout_messages_are_in_chinese():
    with translation.override("zh-hans"):
        assert (
            str(get_lockout_message()) == "登录失败次数过多，账号已被锁定，请联系系统管理员解锁。"
        )
    with translation.override("zh-hans"), override_settings(AXES_COOLOFF_TIME=0.5):
        assert "请稍后再试" in str(get_lockout_message())


def test_values_kept_without_choices_are_listed_by_their_labels(admin_client):
    """The project's own lists: a generated field and kinds kept without `choices` would be
    listed as stored ("primary", "True", "circular", "daily")."""
    ProjectFactory()
    user = UserFactory(username="dave")
    notice = Notification.objects.create(
        user=user, kind=NotificationKind.CIRCULAR, key="k", day=dt.date(2026, 11, 2), title="通报"
    )
    text = page_text(admin_client, "/admin/yingkou/project/")
    assert_chinese(text, ["primary", "secondary", "True", "False"], ["第二产业", "是否房地产"])
    text = page_text(admin_client, "/admin/yingkou/notification/")
    text += page_text(admin_client, f"/admin/yingkou/notification/{notice.pk}/change/")
    assert_chinese(text, ["circular", "escalation"], ["通报发布", "问题上报"])
    text = page_text(admin_client, "/admin/yingkou/scheduledrun/")
    assert_chinese(text, ["daily", "monthly"], ["每日", "每月"])
    assert (
        admin_client.get("/admin/yingkou/project/?sector=secondary").context["cl"].result_count == 1
    )
    assert (
        admin_client.get("/admin/yingkou/project/?sector=primary").context["cl"].result_count == 0
    )


def test_the_admin_scripts_are_in_chinese(admin_client):
    """The two-list pickers (a leader's portfolio, a team's units, permissions) and the calendar
    take their words from the admin's script catalogue."""
    script = admin_client.get("/admin/jsi18n/").content.decode()
    for english, chinese in [
        ("(click to clear)", "（点击清除）"),
        ("Remove all %s", "移除全部%s"),
        ("Choose selected %s", "添加选中的%s"),
        ("one letter Monday\\u0004M", "一"),
    ]:
        assert f'"{english}": {json.dumps(chinese)}' in script


def test_a_delete_page_names_the_links_it_removes_by_their_field(admin_client):
    """Deleting a user or a unit also deletes the rows Django keeps for a many-to-many field
    (a promotion group's members and areas, a group's permissions); the confirmation named them
    "Promotiongroup-user关系: PromotionGroup_members object (4)"."""
    from django.contrib.auth.models import Group

    from assistance.models import PromotionGroup
    from tests.factories import UnitFactory

    area = UnitFactory(name="测试新区", code="CSXQ")
    person = UserFactory(username="carol", unit=None)
    group = PromotionGroup.objects.create(name="第一推进组")
    group.members.add(person)
    group.areas.add(area)
    person.groups.add(Group.objects.create(name="调度员"))

    text = page_text(admin_client, f"/admin/yingkou/user/{person.pk}/delete/")
    text += page_text(admin_client, f"/admin/yingkou/unit/{area.pk}/delete/")
    assert_chinese(
        text,
        ["relationship", "关系", "object ("],
        [
            "精准帮扶推进组的成员: 1",
            "精准帮扶推进组的成员: 第一推进组 — carol",
            "用户的组: carol — 调度员",
            "精准帮扶推进组的负责地区: 第一推进组 — 测试新区",
        ],
    )


def test_the_log_of_changes_names_every_field_in_chinese(admin_client):
    """Django keeps the labels of the fields an admin form changed as its forms capitalise them,
    untranslated ("Active"), and translates them when a record's 历史 page is read; Django's
    catalogue has only the verbose names ("active"). Every admin form's labels must read."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = UserFactory(username="root", is_superuser=True, is_staff=True)
    untranslated = {}
    for model, model_admin in admin.site._registry.items():
        forms = [model_admin.get_form(request, None, change=False)]
        if model is User:  # the change form has other fields than the add form
            forms.append(model_admin.get_form(request, request.user, change=True))
        for form in forms:
            with translation.override(None):
                labels = [str(field.label) for field in form.base_fields.values() if field.label]
            for label in labels:
                shown = translation.gettext(label)
                if re.search(r"[A-Za-z]{2,}", shown.replace("AMQP", "")):
                    untranslated[label] = model._meta.label
    assert untranslated == {}

    person = UserFactory(username="dave", first_name="大卫")
    url = f"/admin/yingkou/user/{person.pk}/change/"
    assert resave(admin_client, url, first_name="大伟", is_active=False).status_code == 302
    text = page_text(admin_client, f"/admin/yingkou/user/{person.pk}/history/")
    assert_chinese(text, ["Active", "First name", "Date joined"], ["已修改名字，有效"])


def test_a_scheduled_run_is_listed_by_what_its_job_does(admin_client):
    from yingkou.models import ScheduledRun

    ScheduledRun.objects.create(
        job="calendar_coverage",
        period="daily",
        period_key="2026-12-01",
        started_at=dt.datetime(2026, 12, 1, 7, 30, tzinfo=dt.UTC),
    )
    text = page_text(admin_client, "/admin/yingkou/scheduledrun/")
    assert "calendar_coverage" not in text
    from yingkou.scheduling.registry import registered_jobs

    described = {job.name: job.description for job in registered_jobs()}["calendar_coverage"]
    assert re.search(r"[\u4e00-\u9fff]", described) and described in text
    assert (
        admin_client.get("/admin/yingkou/scheduledrun/?job=calendar_coverage")
        .context["cl"]
        .result_count
        == 1
    )


def test_a_leader_s_industries_are_chosen_and_shown_by_name(admin_client):
    """The portfolio's industries are kept as codes (N-2 reads them); the administrator picks
    them by name, as the portfolio's units, and reads them by name in the history."""
    from tests.factories import LeaderFactory

    leader = LeaderFactory(name="赵副市长")
    url = f"/admin/yingkou/leader/{leader.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert '<option value="C">C 制造业</option>' in page
    assert '<option value="G55">G55 水上运输业</option>' in page

    data = {"name": leader.name, "title": leader.title, "rank": leader.rank}
    data |= {"unit": leader.unit_id, "portfolio_industries": ["C", "G55"]}
    assert admin_client.post(url, data).status_code == 302
    leader.refresh_from_db()
    assert leader.portfolio_industries == ["C", "G55"]
    text = page_text(admin_client, f"/admin/yingkou/leader/{leader.pk}/history/")
    assert "分管行业: — → C 制造业、G55 水上运输业" in text

    data["portfolio_industries"] = ["C99"]
    assert admin_client.post(url, data).status_code == 200  # not an industry: refused
