"""E-4: the reply deadline on the official calendar, transfers that keep it, and who sees what."""

import datetime as dt

import pytest
import time_machine

from enterprise import rules, services
from enterprise.choices import ComplaintChannel, ComplaintStatus
from enterprise.models import Complaint
from tests.enterprise.factories import ComplaintFactory
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind
from yingkou.errors import RuleViolation
from yingkou.models import CalendarDay

D = dt.date


@pytest.mark.django_db
class TestReplyDue:
    def test_the_calendar_knows_the_2026_national_day_arrangement(self):
        from yingkou.workdays import is_working_day

        assert not is_working_day(D(2026, 9, 27))  # Sunday inside the Mid-autumn break
        assert is_working_day(D(2026, 10, 10))  # make-up working Saturday (调休)
        assert not is_working_day(D(2026, 10, 7))

    def test_received_on_the_eve_of_national_day(self):
        # Oct 1-7 off; Oct 8, 9, 10 (make-up Saturday), 12, 13, 14, 15.
        assert rules.complaint_reply_due_rule(D(2026, 9, 30), None) == D(2026, 10, 15)

    def test_received_just_before_the_make_up_saturday(self):
        # Friday Oct 9: Sat 10 counts, then Mon 12 … Mon 19; without the make-up day it would be 20.
        assert rules.complaint_reply_due_rule(D(2026, 10, 9), None) == D(2026, 10, 19)

    def test_an_ordinary_week(self):
        assert rules.complaint_reply_due_rule(D(2026, 11, 6), None) == D(2026, 11, 17)

    def test_statutory_limit_in_calendar_days(self):
        assert rules.complaint_reply_due_rule(D(2026, 11, 2), 15) == D(2026, 11, 17)

    def test_statutory_limit_ending_in_a_holiday_moves_to_the_next_working_day(self):
        assert rules.complaint_reply_due_rule(D(2026, 9, 30), 5) == D(2026, 10, 8)

    def test_statutory_limit_ending_on_the_make_up_saturday_stays(self):
        assert rules.complaint_reply_due_rule(D(2026, 9, 25), 15) == D(2026, 10, 10)

    def test_a_deadline_reaching_into_2027_does_not_crash(self):
        # The official data ends with 2026; 2027-01-01 is a computed statutory holiday.
        assert rules.complaint_reply_due_rule(D(2026, 12, 24), None) == D(2027, 1, 5)
        assert rules.complaint_reply_due_rule(D(2026, 12, 28), None) == D(2027, 1, 7)

    def test_administrators_calendar_entries_for_2027_are_used(self):
        CalendarDay.objects.create(date=D(2027, 1, 4), is_working_day=False, note="测试放假")
        assert rules.complaint_reply_due_rule(D(2026, 12, 28), None) == D(2027, 1, 8)


@pytest.fixture
def office(db):
    return UnitFactory(name="营口市营商环境建设局", code="YSHJ", kind=UnitKind.SUPERVISION_BUREAU)


@pytest.fixture
def county_office(area):
    return UnitFactory(
        name="鲅鱼圈区营商环境建设局",
        code="BYQ-YSHJ",
        kind=UnitKind.SUPERVISION_BUREAU,
        level="county",
        parent=area,
    )


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 9, 30, 10, tzinfo=dt.UTC), tick=False)
def test_online_complaint_gets_a_tracking_number_and_the_deadline(office):
    complaint = services.complaint_submit_online(
        complainant_name="刘某",
        complainant_phone="13800000000",
        subject="水电报装久拖不办",
        content="报装三个月未通电。",
    )
    assert complaint.channel == ComplaintChannel.ONLINE
    assert complaint.received_on == D(2026, 9, 30)
    assert complaint.due_on == D(2026, 10, 15)
    assert complaint.receiving_unit == office == complaint.handling_unit
    assert complaint.tracking_number.startswith("TS20260930")
    assert len(complaint.tracking_number) == 20


@pytest.mark.django_db
def test_transfer_keeps_the_chain_and_the_original_deadline(office, area, county_office):
    staff = UserFactory(role=Role.SUPERVISOR, unit=office)
    complaint = services.complaint_receive(
        channel=ComplaintChannel.PHONE,
        receiving_unit=office,
        received_on=D(2026, 9, 30),
        complainant_name="刘某",
        complainant_phone="13800000000",
        subject="执法检查过多",
        content="一个月内被检查四次。",
        user=staff,
    )
    services.complaint_transfer(complaint=complaint, user=staff, to_unit=area, note="属地办理")
    county_staff = UserFactory(role=Role.UNIT_STAFF, unit=area)
    services.complaint_transfer(complaint=complaint, user=county_staff, to_unit=county_office)
    complaint.refresh_from_db()
    assert complaint.due_on == D(2026, 10, 15)
    assert complaint.handling_unit == county_office
    assert complaint.status == ComplaintStatus.TRANSFERRED
    chain = [(t.from_unit, t.to_unit) for t in complaint.transfers.all()]
    assert chain == [(office, area), (area, county_office)]
    # Never back up the chain: the upper level tracks the deadline (督办).
    office_staff = UserFactory(role=Role.UNIT_STAFF, unit=county_office)
    with pytest.raises(RuleViolation) as error:
        services.complaint_transfer(complaint=complaint, user=office_staff, to_unit=area)
    assert error.value.rule == "E-4"
    # The unit that passed it on no longer acts on it, and is told where it went.
    with pytest.raises(RuleViolation) as error:
        services.complaint_transfer(complaint=complaint, user=county_staff, to_unit=area)
    assert "已转办给鲅鱼圈区营商环境建设局" in str(error.value)


@pytest.mark.django_db
def test_reply_closes_and_refuses_a_second_reply(office):
    staff = UserFactory(role=Role.SUPERVISOR, unit=office)
    complaint = ComplaintFactory(receiving_unit=office, received_on=D(2026, 11, 2))
    with pytest.raises(RuleViolation):
        services.complaint_reply(
            complaint=complaint, user=staff, outcome="  ", done_on=D(2026, 11, 5)
        )
    services.complaint_reply(
        complaint=complaint, user=staff, outcome="已协调办理。", done_on=D(2026, 11, 5)
    )
    assert complaint.status == ComplaintStatus.REPLIED
    with pytest.raises(RuleViolation):
        services.complaint_reply(
            complaint=complaint, user=staff, outcome="再答复", done_on=D(2026, 11, 6)
        )


@pytest.mark.django_db
def test_setting_a_statutory_limit_recounts_from_receipt(office):
    staff = UserFactory(role=Role.SUPERVISOR, unit=office)
    complaint = ComplaintFactory(receiving_unit=office, received_on=D(2026, 11, 2))
    services.complaint_set_statutory_days(complaint=complaint, user=staff, statutory_days=15)
    assert complaint.due_on == D(2026, 11, 17)
    services.complaint_set_statutory_days(complaint=complaint, user=staff, statutory_days=None)
    assert complaint.due_on == D(2026, 11, 11)


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
class TestVisibility:
    def test_upper_level_sees_every_overdue_complaint_below_it(self, area, county_office, outsider):
        area_staff = UserFactory(role=Role.UNIT_STAFF, unit=area)
        overdue = ComplaintFactory(receiving_unit=county_office, due_on=D(2026, 11, 20))
        on_time = ComplaintFactory(receiving_unit=county_office, due_on=D(2026, 11, 30))
        late_reply = ComplaintFactory(
            receiving_unit=county_office, due_on=D(2026, 11, 10), done_on=D(2026, 11, 12)
        )
        visible = set(Complaint.objects.visible_to(area_staff))
        assert visible == {overdue, late_reply}
        assert on_time not in visible
        assert not Complaint.objects.visible_to(outsider).exists()
        county_staff = UserFactory(role=Role.UNIT_STAFF, unit=county_office)
        assert set(Complaint.objects.visible_to(county_staff)) == {overdue, on_time, late_reply}

    def test_units_that_passed_it_on_keep_seeing_it(self, office, area):
        staff = UserFactory(role=Role.SUPERVISOR, unit=office)
        complaint = ComplaintFactory(receiving_unit=office, due_on=D(2026, 12, 4))
        other = UnitFactory(code="GZ")
        services.complaint_transfer(complaint=complaint, user=staff, to_unit=area)
        services.complaint_transfer(complaint=complaint, user=UserFactory(unit=area), to_unit=other)
        area_staff = UserFactory(role=Role.UNIT_STAFF, unit=area)
        assert list(Complaint.objects.visible_to(area_staff)) == [complaint]
