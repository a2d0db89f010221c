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
from yingkou.choices import NotificationKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db

# Text the libraries write in English, page by page (none may be left).
INDEX = ["Axes", "Access attempts", "Access failures", "Access logs", "Model name", "Add link"]
INDEX += ["Change or view list link"]
BEAT_LIST = ["Scheduler", "Task Name", "At 07:30"]
BEAT_FORM = ["Schedule", "Arguments", "Execution Options", "Crontab translation", "If True"]
BEAT_FORM += ["Set to False", "Reset to None", "At 07:30"]
CRONTAB = ["Human readable", "At 07:30", "Periodic Tasks Using This Schedule", "Task Name"]
CRONTAB += ["Cron Months", "Cron Days Of The Week", '"all"']
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
        name="每日提醒", task="yingkou.tasks.run_scheduled_period", crontab=crontab
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
    assert_chinese(text, BEAT_LIST, ["执行计划", "任务名称", "在 07:30（Asia/Shanghai）"])
    text = page_text(
        admin_client, f"/admin/django_celery_beat/periodictask/{periodic_task.pk}/change/"
    )
    assert_chinese(
        text, BEAT_FORM, ["任务参数", "执行选项", "执行时间说明", "取消选中即停用该计划"]
    )
    crontab = periodic_task.crontab_id
    text = page_text(admin_client, "/admin/django_celery_beat/crontabschedule/")
    text += page_text(admin_client, f"/admin/django_celery_beat/crontabschedule/{crontab}/change/")
    assert_chinese(text, CRONTAB, ["执行时间说明", "使用此计划的周期性任务", "任务名称"])


def test_a_crontab_is_described_with_chinese_months_and_weekdays(admin_client, periodic_task):
    CrontabSchedule.objects.filter(pk=periodic_task.crontab_id).update(
        month_of_year="1,4,7,10", day_of_week="5"
    )
    text = page_text(admin_client, "/admin/django_celery_beat/crontabschedule/")
    assert "仅在 星期五" in text and "仅在 1月、4月、7月和10月" in text
    assert [month for month in ("January", "October", "Friday") if month in text] == []


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
