"""E-5: plans filed before the inspection, approval by the same-level government, once in 12 months
per agency, upper level first, merging."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise import services
from enterprise.choices import InspectionStatus
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind
from yingkou.errors import RuleViolation

D = dt.date
TODAY = D(2026, 1, 5)


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Plans are dated today or later: the year's plans below are filed on 5 January 2026."""
    time_machine.move_to(dt.datetime(2026, 1, 5, 2, tzinfo=dt.UTC), tick=False)
    return time_machine


@pytest.fixture
def city_ecology(db):
    return UnitFactory(
        name="营口市生态环境局",
        code="STHJ",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="city",
        enforcement_system="ecology",
    )


@pytest.fixture
def county_ecology(city_ecology):
    return UnitFactory(
        name="鲅鱼圈区生态环境分局",
        code="BYQ-STHJ",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        enforcement_system="ecology",
        parent=city_ecology,
    )


@pytest.fixture
def county_market(area):
    return UnitFactory(
        name="鲅鱼圈区市场监督管理局",
        code="BYQ-SCJG",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        enforcement_system="market",
    )


@pytest.fixture
def city_market(db):
    return UnitFactory(
        name="营口市市场监督管理局",
        code="SCJG",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="city",
        enforcement_system="market",
    )


@pytest.fixture
def enterprise(area):
    return EnterpriseFactory(introducing_unit=area)


def staff_of(unit, role=Role.UNIT_STAFF):
    return UserFactory(role=role, unit=unit)


PLAN_DAY = D(2026, 12, 10)


def plan(agency, enterprise, day=PLAN_DAY):
    return services.inspection_plan(
        user=staff_of(agency), enterprise=enterprise, planned_on=day, purpose="例行检查"
    )


def rule_of(error):
    return error.value.rule


@pytest.mark.django_db
class TestApproval:
    def test_city_agency_needs_the_city_government(self, city_ecology, enterprise, legal, reviewer):
        inspection = plan(city_ecology, enterprise)
        with pytest.raises(RuleViolation) as error:
            services.inspection_approve(inspection=inspection, user=reviewer)
        assert rule_of(error) == "E-5"
        approved = services.inspection_approve(inspection=inspection, user=legal)
        assert approved.approved and approved.approved_by_unit == legal.unit

    def test_county_agency_needs_its_county_government(
        self, county_ecology, enterprise, legal, reviewer, other_area
    ):
        inspection = plan(county_ecology, enterprise)
        with pytest.raises(RuleViolation):
            services.inspection_approve(inspection=inspection, user=legal)
        with pytest.raises(RuleViolation):
            services.inspection_approve(
                inspection=inspection, user=staff_of(other_area, Role.UNIT_REVIEWER)
            )
        assert services.inspection_approve(inspection=inspection, user=reviewer).approved

    def test_not_carried_out_before_approval(self, clock, city_ecology, enterprise, legal):
        inspection = plan(city_ecology, enterprise)
        agency_staff = staff_of(city_ecology)
        with pytest.raises(RuleViolation) as error:
            services.inspection_carry_out(inspection=inspection, user=agency_staff, findings="")
        assert rule_of(error) == "E-5"
        services.inspection_approve(inspection=inspection, user=legal)
        clock.move_to(dt.datetime(2026, 12, 10, 2, tzinfo=dt.UTC), tick=False)
        done = services.inspection_carry_out(
            inspection=inspection,
            user=agency_staff,
            findings="未发现问题",
            carried_out_on=D(2026, 12, 10),
        )
        assert done.status == InspectionStatus.DONE

    def test_only_the_same_level_government_is_offered_the_decision(
        self, client, county_ecology, enterprise, legal, reviewer
    ):
        inspection = plan(county_ecology, enterprise)
        url = reverse("enterprise:inspection", args=[inspection.pk])
        client.force_login(legal)  # the city's office: not the county's government
        assert "本级政府审批" not in client.get(url).content.decode()
        client.force_login(reviewer)
        page = client.get(url).content.decode()
        assert "本级政府审批" in page and '<button type="submit">批准</button>' in page

    @pytest.mark.parametrize(
        ("action", "said"),
        [("approve", "检查计划已批准。"), ("reject", "检查计划已决定不予批准。")],
    )
    def test_the_page_says_what_was_decided(
        self, client, city_ecology, enterprise, legal, action, said
    ):
        inspection = plan(city_ecology, enterprise)
        client.force_login(legal)
        page = client.post(
            reverse(f"enterprise:inspection_{action}", args=[inspection.pk]), follow=True
        )
        assert said in page.content.decode() and "已保存" not in page.content.decode()


@pytest.mark.django_db
class TestOncePerYear:
    def test_31_december_then_1_january_is_refused(self, city_ecology, enterprise):
        """每年不得超过一次 is 12 months from the inspection, not the calendar year."""
        plan(city_ecology, enterprise, D(2026, 12, 31))
        with pytest.raises(RuleViolation) as error:
            plan(city_ecology, enterprise, D(2027, 1, 1))
        assert rule_of(error) == "E-5" and error.value.field == "planned_on"
        assert "2026年12月31日" in str(error.value)

    def test_exactly_twelve_months_later_is_allowed(self, city_ecology, enterprise):
        plan(city_ecology, enterprise, D(2026, 3, 1))
        with pytest.raises(RuleViolation):
            plan(city_ecology, enterprise, D(2027, 2, 28))
        assert plan(city_ecology, enterprise, D(2027, 3, 1)).planned_on == D(2027, 3, 1)

    def test_an_earlier_day_within_twelve_months_is_refused_too(self, city_ecology, enterprise):
        plan(city_ecology, enterprise, D(2026, 12, 10))
        with pytest.raises(RuleViolation):
            plan(city_ecology, enterprise, D(2026, 3, 1))
        with pytest.raises(RuleViolation):
            plan(city_ecology, enterprise, D(2027, 12, 9))
        plan(city_ecology, enterprise, D(2027, 12, 10))

    def test_the_day_carried_out_counts(self, clock, city_ecology, enterprise, legal):
        first = plan(city_ecology, enterprise, D(2026, 3, 1))
        services.inspection_approve(inspection=first, user=legal)
        clock.move_to(dt.datetime(2026, 6, 2, 2, tzinfo=dt.UTC), tick=False)
        services.inspection_carry_out(
            inspection=first,
            user=staff_of(city_ecology),
            findings="未发现问题",
            carried_out_on=D(2026, 6, 1),
        )
        with pytest.raises(RuleViolation):
            plan(city_ecology, enterprise, D(2027, 5, 31))
        plan(city_ecology, enterprise, D(2027, 6, 1))

    def test_29_february_and_its_year_after(self, city_ecology, enterprise):
        plan(city_ecology, enterprise, D(2028, 2, 29))
        with pytest.raises(RuleViolation):
            plan(city_ecology, enterprise, D(2029, 2, 27))
        plan(city_ecology, enterprise, D(2029, 2, 28))

    def test_a_rejected_plan_does_not_count(self, city_ecology, enterprise, legal):
        first = plan(city_ecology, enterprise, D(2026, 3, 1))
        services.inspection_reject(inspection=first, user=legal)
        assert plan(city_ecology, enterprise, D(2026, 6, 1)).status == InspectionStatus.PLANNED

    def test_another_enterprise_is_another_count(self, city_ecology, enterprise, area):
        plan(city_ecology, enterprise)
        plan(city_ecology, EnterpriseFactory(introducing_unit=area))


@pytest.mark.django_db
class TestUpperLevelFirst:
    def test_lower_agency_may_not_inspect_after_the_upper_one(
        self, city_ecology, county_ecology, enterprise, legal
    ):
        upper = plan(city_ecology, enterprise, D(2026, 5, 1))
        services.inspection_approve(inspection=upper, user=legal)
        with pytest.raises(RuleViolation) as error:
            plan(county_ecology, enterprise, D(2026, 9, 1))
        assert rule_of(error) == "E-5"
        assert "上级" in str(error.value)

    def test_twelve_months_later_or_another_system_is_allowed(
        self, city_ecology, county_ecology, county_market, enterprise, legal
    ):
        upper = plan(city_ecology, enterprise, D(2026, 5, 1))
        services.inspection_approve(inspection=upper, user=legal)
        plan(county_market, enterprise, D(2026, 9, 1))
        # The block lasts 12 months after the upper inspection, not to the end of its year.
        with pytest.raises(RuleViolation):
            plan(county_ecology, enterprise, D(2027, 4, 30))
        plan(county_ecology, enterprise, D(2027, 5, 1))

    def test_an_unapproved_upper_plan_blocks_only_at_approval_time(
        self, city_ecology, county_ecology, enterprise, legal, reviewer
    ):
        lower = plan(county_ecology, enterprise, D(2026, 9, 1))
        upper = InspectionFactory(
            enterprise=enterprise,
            agency=city_ecology,
            planned_on=D(2026, 5, 1),
            status=InspectionStatus.DONE,
        )
        assert upper.approved
        with pytest.raises(RuleViolation) as error:
            services.inspection_approve(inspection=lower, user=reviewer)
        assert rule_of(error) == "E-5"


@pytest.mark.django_db
class TestMerging:
    def test_several_plans_must_be_merged_then_approved_as_one(
        self, city_ecology, city_market, enterprise, legal, reviewer, owner
    ):
        ecology = plan(city_ecology, enterprise, D(2026, 12, 10))
        market = plan(city_market, enterprise, D(2026, 12, 14))
        with pytest.raises(RuleViolation) as error:
            services.inspection_approve(inspection=ecology, user=legal)
        assert "合并" in str(error.value)

        services.inspection_merge(inspections=[ecology, market], lead=ecology, user=legal)
        market.refresh_from_db()
        assert market.status == InspectionStatus.MERGED and market.joint_with == ecology
        assert not market.approved

        services.inspection_approve(inspection=ecology, user=legal)
        market.refresh_from_db()
        assert market.approved  # the joint inspection is approved
        with pytest.raises(RuleViolation):
            services.inspection_carry_out(
                inspection=market, user=staff_of(city_market), findings=""
            )
        # The merged agency has had its inspection of the year.
        with pytest.raises(RuleViolation):
            plan(city_market, enterprise, D(2026, 12, 20))

    def test_a_plan_merged_into_a_turned_down_joint_inspection_does_not_count(
        self, city_ecology, city_market, enterprise, legal
    ):
        """E-5 每年不得超过一次: a joint inspection turned down takes place for none of the plans
        merged into it, so each agency may plan its inspection of the year again."""
        ecology = plan(city_ecology, enterprise, D(2026, 12, 10))
        market = plan(city_market, enterprise, D(2026, 12, 14))
        services.inspection_merge(inspections=[ecology, market], lead=ecology, user=legal)
        with pytest.raises(RuleViolation):
            plan(city_market, enterprise, D(2026, 12, 20))  # the joint one is still pending
        services.inspection_reject(inspection=ecology, user=legal)
        again = plan(city_market, enterprise, D(2026, 12, 20))
        assert again.pk and again.pk != market.pk

    def test_the_page_offers_approval_only_once_the_plans_are_merged(
        self, client, city_ecology, city_market, enterprise, legal
    ):
        ecology = plan(city_ecology, enterprise, D(2026, 12, 10))
        market = plan(city_market, enterprise, D(2026, 12, 14))
        client.force_login(legal)
        url = reverse("enterprise:inspection", args=[ecology.pk])
        approve = reverse("enterprise:inspection_approve", args=[ecology.pk])
        page = client.get(url).content.decode()
        # The refusal names who merges them: city-level agencies' plans, the city's office.
        assert "须先由市法制部门协调合并为联合检查" in page and "不予批准" in page
        assert '<button type="submit">批准</button>' not in page
        services.inspection_merge(inspections=[ecology, market], lead=ecology, user=legal)
        page = client.get(url).content.decode()
        assert f'action="{approve}"' in page and '<button type="submit">批准</button>' in page
        assert "协调合并为联合检查" not in page

    def test_merge_refusals(self, city_ecology, county_market, enterprise, legal, area):
        ecology = plan(city_ecology, enterprise)
        with pytest.raises(RuleViolation):
            services.inspection_merge(inspections=[ecology], lead=ecology, user=legal)
        elsewhere = plan(county_market, EnterpriseFactory(introducing_unit=area))
        with pytest.raises(RuleViolation):
            services.inspection_merge(inspections=[ecology, elsewhere], lead=ecology, user=legal)

    def test_an_agency_that_is_not_an_enforcement_agency_cannot_plan(self, department, enterprise):
        with pytest.raises(RuleViolation) as error:
            plan(department, enterprise)
        assert rule_of(error) == "E-5"


@pytest.mark.django_db
class TestFiledBeforeTheInspection:
    """E-5 须经本级政府批准: a plan is filed before the inspection, dated today or later."""

    def test_today_is_allowed_yesterday_refused(self, city_ecology, enterprise):
        assert plan(city_ecology, enterprise, TODAY).planned_on == TODAY
        with pytest.raises(RuleViolation) as error:
            plan(
                city_ecology,
                EnterpriseFactory(introducing_unit=enterprise.introducing_unit),
                TODAY - dt.timedelta(days=1),
            )
        assert rule_of(error) == "E-5" and error.value.field == "planned_on"
        assert "不能早于今天" in str(error.value)

    def test_the_form(self, client, city_ecology, enterprise):
        client.force_login(staff_of(city_ecology))
        url = reverse("enterprise:inspection_create")
        body = {"enterprise": enterprise.pk, "purpose": "例行检查"}
        refused = client.post(url, {**body, "planned_on": "2026-01-04"})
        assert refused.status_code == 200
        assert "不能早于今天" in refused.content.decode()
        assert not enterprise.inspections.exists()
        accepted = client.post(url, {**body, "planned_on": "2026-01-05"})
        assert accepted.status_code == 302
        assert enterprise.inspections.get().planned_on == TODAY

    def test_the_api(self, city_ecology, enterprise):
        from tests.conftest import api_as

        api = api_as(staff_of(city_ecology))
        body = {"enterprise": enterprise.pk, "purpose": "例行检查"}
        refused = api.post("/api/v1/enterprise/inspections/", {**body, "planned_on": "2026-01-04"})
        assert refused.status_code == 400 and refused.json()["rule"] == "E-5"
        assert "不能早于今天" in refused.json()["detail"]
        accepted = api.post("/api/v1/enterprise/inspections/", {**body, "planned_on": "2026-01-05"})
        assert accepted.status_code == 201, accepted.json()

    def test_an_inspection_carried_out_is_recorded_afterwards(
        self, clock, city_ecology, enterprise, legal
    ):
        """Recording what took place stays possible: on the approved plan, with its past day."""
        inspection = plan(city_ecology, enterprise, TODAY)
        services.inspection_approve(inspection=inspection, user=legal)
        clock.move_to(dt.datetime(2026, 1, 20, 2, tzinfo=dt.UTC), tick=False)
        done = services.inspection_carry_out(
            inspection=inspection,
            user=staff_of(city_ecology),
            findings="未发现问题",
            carried_out_on=TODAY,
        )
        assert done.status == InspectionStatus.DONE and done.carried_out_on == TODAY


@pytest.mark.django_db
class TestCarriedOut:
    """The day an approved plan is carried out: not before its approval, not after today, and
    still 12 months from the same agency's other inspections of the enterprise."""

    @pytest.fixture
    def approved(self, city_ecology, enterprise, legal):
        inspection = plan(city_ecology, enterprise, D(2026, 3, 1))
        services.inspection_approve(inspection=inspection, user=legal, approved_on=D(2026, 1, 10))
        return inspection

    def carry_out(self, inspection, day):
        return services.inspection_carry_out(
            inspection=inspection, user=staff_of(inspection.agency), findings="", carried_out_on=day
        )

    def test_not_after_today(self, clock, approved):
        clock.move_to(dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC), tick=False)
        with pytest.raises(RuleViolation) as error:
            self.carry_out(approved, D(2026, 3, 3))
        assert rule_of(error) == "E-5" and error.value.field == "carried_out_on"
        assert self.carry_out(approved, D(2026, 3, 2)).carried_out_on == D(2026, 3, 2)

    def test_not_before_its_approval(self, clock, approved):
        clock.move_to(dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC), tick=False)
        with pytest.raises(RuleViolation) as error:
            self.carry_out(approved, D(2026, 1, 9))
        assert rule_of(error) == "E-5" and "批准" in str(error.value)
        assert self.carry_out(approved, D(2026, 1, 10)).status == InspectionStatus.DONE

    def test_twelve_months_from_the_same_agencys_next_inspection(
        self, clock, city_ecology, enterprise, legal
    ):
        first = plan(city_ecology, enterprise, D(2026, 1, 5))
        services.inspection_approve(inspection=first, user=legal)
        second = plan(city_ecology, enterprise, D(2027, 1, 5))
        services.inspection_approve(inspection=second, user=legal)
        clock.move_to(dt.datetime(2026, 12, 31, 2, tzinfo=dt.UTC), tick=False)
        # Put off to 30 December, the first would fall 6 days before the second.
        with pytest.raises(RuleViolation) as error:
            self.carry_out(first, D(2026, 12, 30))
        assert "每年不得超过一次" in str(error.value)
        assert self.carry_out(first, D(2026, 1, 5)).status == InspectionStatus.DONE

    def test_not_on_a_day_within_twelve_months_after_an_upper_level_inspection(
        self, clock, city_ecology, county_ecology, enterprise, legal, reviewer
    ):
        """The upper-level rule binds the day the inspection actually takes place, as the
        same-agency rule does: the city bureau's inspection of 1 February came after the county
        bureau's plan was approved for 1 March."""
        lower = plan(county_ecology, enterprise, D(2026, 3, 1))
        services.inspection_approve(inspection=lower, user=reviewer)
        upper = plan(city_ecology, enterprise, D(2026, 2, 1))
        services.inspection_approve(inspection=upper, user=legal)
        clock.move_to(dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC), tick=False)
        for day in (D(2026, 3, 1), D(2026, 2, 1)):
            with pytest.raises(RuleViolation) as error:
                self.carry_out(lower, day)
            assert rule_of(error) == "E-5" and error.value.field == "carried_out_on"
            assert "上级" in str(error.value) and "2026年2月1日" in str(error.value)
        assert self.carry_out(lower, D(2026, 1, 31)).status == InspectionStatus.DONE

    def test_nor_for_a_lower_agency_taking_part_in_a_joint_inspection(
        self, clock, city_ecology, county_ecology, county_market, enterprise, legal, reviewer, area
    ):
        office = UnitFactory(
            code="BYQ-SFJ", kind=UnitKind.LEGAL_AFFAIRS, level="county", parent=area
        )
        market = plan(county_market, enterprise, D(2026, 3, 1))
        ecology = plan(county_ecology, enterprise, D(2026, 3, 2))
        services.inspection_merge(
            inspections=[market, ecology],
            lead=market,
            user=UserFactory(role=Role.LEGAL_AFFAIRS, unit=office),
        )
        services.inspection_approve(inspection=market, user=reviewer)
        upper = plan(city_ecology, enterprise, D(2026, 2, 1))
        services.inspection_approve(inspection=upper, user=legal)
        clock.move_to(dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC), tick=False)
        with pytest.raises(RuleViolation) as error:
            self.carry_out(market, D(2026, 3, 1))
        assert "上级" in str(error.value)


@pytest.mark.django_db
def test_an_enterprise_without_a_recorded_area_is_approved_by_its_responsible_units_county(
    area, other_area, reviewer, area_authority
):
    """须经本级政府批准: the county is the one the jurisdiction rule reads (the responsible
    unit's), not any county at all."""
    county_ecology = UnitFactory(
        code="BYQ-STHJ",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        enforcement_system="ecology",
        parent=area,
    )
    enterprise = EnterpriseFactory(introducing_unit=area_authority, area=None)
    inspection = plan(county_ecology, enterprise)
    with pytest.raises(RuleViolation) as error:
        services.inspection_approve(
            inspection=inspection, user=staff_of(other_area, Role.UNIT_REVIEWER)
        )
    assert rule_of(error) == "E-5"
    assert services.inspection_approve(inspection=inspection, user=reviewer).approved
