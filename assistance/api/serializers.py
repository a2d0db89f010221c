import datetime as dt

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assistance import rules
from assistance.choices import CaseSource, PublicationState
from assistance.models import (
    AssistanceCase,
    AssistancePlan,
    CoordinationEntry,
    Problem,
    SupervisionReport,
)
from assistance.selectors import case_construction_status
from yingkou.api.liaisons import AnsweringLiaisonField, LiaisonLeftField
from yingkou.choices import AssessmentVerdict
from yingkou.dates import refuse_out_of_range_date
from yingkou.models import Leader, Project, Unit, User
from yingkou.scheduling.periods import period_name

# The verdicts A-8's quarterly assessment gives (E-7's scale, without E-7's 未报送 and 待报送).
INSPECTION_VERDICTS = (
    AssessmentVerdict.COMMENDED,
    AssessmentVerdict.NORMAL,
    AssessmentVerdict.CRITICISED,
)

PLAN_ADOPTED_HELP = _(
    "true：确定本方案并公开（A-5），自当日起须在20个工作日内于本单位门户网站公示；"
    "已公开的方案改动标题或内容即重新确定，重新起算；false 为草稿"
)
PLAN_VERSION_REQUIRED = _("修改帮扶方案时必须提供版本号。")

# A city's week holds some 15,000 projects under construction: sent whole it was 4 MB of JSON
# (70 ms to encode alone, 190 ms a request); a page of 500 is what a client reads at a time.
WEEKLY_PAGE_SIZE = 500
WEEKLY_PAGE_MAX = 2000


class PublicationDueListSerializer(serializers.ListSerializer):
    """A page of cases or plans: A-5's due days of the whole page from one count on the
    working-day calendar, each counted from the day its record gives (`publication_from`)."""

    def to_representation(self, data):
        records = list(data.all() if hasattr(data, "all") else data)
        starts = (self.child.publication_from(record) for record in records)
        self.context["publication_dues"] = rules.publication_due_each(
            start for start in starts if start is not None
        )
        return super().to_representation(records)

    @staticmethod
    def due(serializer, start: dt.date | None) -> dt.date | None:
        if start is None:
            return None
        dues = serializer.context.get("publication_dues") or {}
        return dues.get(start) or rules.publication_due_rule(start)


class AssistanceCaseSerializer(serializers.ModelSerializer):
    """SPEC §8 `assistance/projects/`: id, project, tier, assisting_leader, responsible_leader."""

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    project_name = serializers.CharField(source="project.name", read_only=True)
    total_investment = serializers.DecimalField(
        source="project.total_investment", max_digits=14, decimal_places=2, read_only=True
    )
    stage = serializers.CharField(source="project.stage", read_only=True)
    outside_scope = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "在帮扶中的项目总投资已不足1000万元，不再符合精准帮扶范围（A-1），"
            "按项目当前总投资实时判定；帮扶不自动终止，由相关单位决定"
        ),
    )
    assisting_leader = serializers.PrimaryKeyRelatedField(
        source="team.lead_leader", read_only=True, allow_null=True
    )
    assisting_leader_name = serializers.StringRelatedField(
        source="team.lead_leader", read_only=True, allow_null=True
    )
    leader_missing = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "帮扶中的项目尚未确定帮扶领导（A-2：一个项目、一位领导）；确定前不予公示，"
            "列表可按 leader_missing=true 筛选"
        ),
    )
    lead_unit = serializers.PrimaryKeyRelatedField(source="team.lead_unit", read_only=True)
    service_liaison = AnsweringLiaisonField(
        "service_liaison", help_text=_("已离开单位或已停用的服务联络员为空（A-6）")
    )
    service_liaison_left = LiaisonLeftField(
        "service_liaison", help_text=_("服务联络员已离开单位或已停用，须指定新人选（A-6）")
    )
    project_liaison = AnsweringLiaisonField(
        "project_liaison", help_text=_("已离开单位或已停用的项目联络员为空（A-6）")
    )
    project_liaison_left = LiaisonLeftField(
        "project_liaison", help_text=_("项目联络员已离开单位或已停用，须指定新人选（A-6）")
    )
    source = serializers.ChoiceField(choices=CaseSource.choices, default=CaseSource.DIRECT)
    open_problems = serializers.IntegerField(read_only=True)
    late_problems = serializers.IntegerField(read_only=True)
    escalated_problems = serializers.IntegerField(read_only=True)
    progress_month = serializers.DateField(read_only=True, allow_null=True)
    planned_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    actual_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    construction_status = serializers.SerializerMethodField(
        help_text=_("最近一个月：ahead 超前 / on_schedule 正常 / behind 滞后")
    )
    publication = serializers.SerializerMethodField(
        help_text=_(
            "在牵头地区、部门门户网站公示帮扶安排的情况（A-5）：published 已公示 / pending 待公示 / "
            "overdue 未公示（确定后20个工作日内未公示）；尚无经同意且有帮扶领导的团队为 null"
        )
    )
    unpublished = serializers.SerializerMethodField(
        help_text=_("未公示（A-5），列表可按 unpublished=true 筛选")
    )
    publication_due = serializers.SerializerMethodField(
        help_text=_(
            "在牵头地区、部门门户网站公示帮扶安排的截止日（A-5）：帮扶安排确定之日后第20个工作日"
            "（按工作日历）；尚无经同意且有帮扶领导的团队为 null"
        )
    )

    class Meta:
        model = AssistanceCase
        fields = [
            "id",
            "project",
            "project_name",
            "total_investment",
            "stage",
            "outside_scope",
            "tier",
            "source",
            "status",
            "assisting_leader",
            "assisting_leader_name",
            "leader_missing",
            "responsible_leader",
            "lead_unit",
            "service_liaison",
            "service_liaison_left",
            "project_liaison",
            "project_liaison_left",
            "team_status",
            "team_comment",
            "opened_on",
            "team_approved_on",
            "handed_over_on",
            "tier_note",
            "tier_changed_on",
            "open_problems",
            "late_problems",
            "escalated_problems",
            "progress_month",
            "planned_investment",
            "actual_investment",
            "construction_status",
            "arranged_on",
            "publication",
            "unpublished",
            "publication_due",
            "published_on",
            "published_url",
            "published_note",
            "version",
        ]
        list_serializer_class = PublicationDueListSerializer
        read_only_fields = [
            "version",
            "arranged_on",
            "published_on",
            "published_url",
            "published_note",
            "tier",
            "status",
            "responsible_leader",
            "team_status",
            "team_comment",
            "opened_on",
            "team_approved_on",
            "handed_over_on",
            "tier_note",
            "tier_changed_on",
        ]

    def get_construction_status(self, case) -> str | None:
        return case_construction_status(case)

    @extend_schema_field({"type": "string", "enum": PublicationState.values, "nullable": True})
    def get_publication(self, case) -> str | None:
        return case.publication_state(self.context["publication_until"]) or None

    def get_unpublished(self, case) -> bool:
        return self.get_publication(case) == PublicationState.OVERDUE

    @staticmethod
    def publication_from(case) -> dt.date | None:
        return case.arranged_on if case.arranged else None

    def get_publication_due(self, case) -> dt.date | None:
        return PublicationDueListSerializer.due(self, self.publication_from(case))


class AssistancePublicationSerializer(serializers.Serializer):
    """A-5: the day the lead area or department published the case's arrangement on its portal,
    with the page's address or a note of where."""

    published_on = serializers.DateField(label=_("公示日期"), validators=[refuse_out_of_range_date])
    published_url = serializers.URLField(
        required=False, allow_blank=True, max_length=500, label=_("公示网址")
    )
    published_note = serializers.CharField(
        required=False, allow_blank=True, max_length=300, label=_("公示说明")
    )
    version = serializers.IntegerField(
        min_value=0,
        max_value=2147483647,
        label=_("版本"),
        help_text=_("读取帮扶项目时的版本号，版本不符（他人已修改）返回 409"),
        error_messages={"required": _("记录公示时必须提供版本号。")},
    )


class AssistancePlanSerializer(serializers.ModelSerializer):
    """An area's or department's yearly plan (帮扶方案) and its publication on the unit's portal
    (A-5)."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    adopted = serializers.BooleanField(
        read_only=True, help_text=_("已确定并公开；草稿（false）无需在门户网站公示")
    )
    publication = serializers.SerializerMethodField(
        help_text=_(
            "在本单位门户网站公示帮扶方案的情况（A-5）：published 已公示 / pending 待公示 / "
            "overdue 未公示（确定后20个工作日内未公示）；草稿为 null"
        )
    )
    unpublished = serializers.SerializerMethodField(
        help_text=_("未公示（A-5），列表可按 unpublished=true 筛选")
    )
    publication_due = serializers.SerializerMethodField(
        help_text=_(
            "在本单位门户网站公示的截止日（A-5）：方案确定之日后第20个工作日（按工作日历）；"
            "草稿为 null"
        )
    )

    class Meta:
        model = AssistancePlan
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "title",
            "content",
            "is_published",
            "adopted",
            "adopted_on",
            "publication",
            "unpublished",
            "publication_due",
            "published_on",
            "published_url",
            "published_note",
            "version",
        ]
        read_only_fields = fields
        list_serializer_class = PublicationDueListSerializer

    @extend_schema_field({"type": "string", "enum": PublicationState.values, "nullable": True})
    def get_publication(self, plan) -> str | None:
        return plan.publication_state(self.context["publication_until"]) or None

    def get_unpublished(self, plan) -> bool:
        return self.get_publication(plan) == PublicationState.OVERDUE

    @staticmethod
    def publication_from(plan) -> dt.date | None:
        return plan.adopted_on if plan.adopted else None

    def get_publication_due(self, plan) -> dt.date | None:
        return PublicationDueListSerializer.due(self, self.publication_from(plan))


class AssistancePlanCreateSerializer(serializers.ModelSerializer):
    """A-5: a new yearly plan of the caller's own area or department, as the plan's page writes
    it (`assistance_plan_save`); saved as public (`is_published`) it is adopted that day."""

    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(),
        required=False,
        label=_("地区、部门"),
        help_text=_("缺省为本单位；只能是本单位，其他单位的方案由其自行填写（403）"),
    )
    is_published = serializers.BooleanField(
        default=False, label=_("确定并公开"), help_text=PLAN_ADOPTED_HELP
    )

    class Meta:
        model = AssistancePlan
        fields = ["unit", "year", "title", "content", "is_published"]
        extra_kwargs = {
            "year": {"min_value": AssistancePlan.FIRST_YEAR, "max_value": AssistancePlan.LAST_YEAR}
        }
        # One plan a unit and year: the service decides it on the locked row, and a plan already
        # there is a 409, as for two people creating it on its page at once.
        validators = []


class AssistancePlanUpdateSerializer(serializers.ModelSerializer):
    """A-5: a change of a yearly plan's text or adoption, on the version read; its unit and
    year stay."""

    is_published = serializers.BooleanField(label=_("确定并公开"), help_text=PLAN_ADOPTED_HELP)
    version = serializers.IntegerField(
        min_value=0,
        max_value=2147483647,
        label=_("版本"),
        help_text=_("读取帮扶方案时的版本号，版本不符（他人已修改）返回 409"),
        error_messages={"required": PLAN_VERSION_REQUIRED},
    )

    class Meta:
        model = AssistancePlan
        fields = ["title", "content", "is_published", "version"]

    def validate(self, attrs):
        # A partial change (PATCH) names its version too: it is what keeps another's edit.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": [PLAN_VERSION_REQUIRED]})
        return attrs


class AssistancePlanPublicationSerializer(AssistancePublicationSerializer):
    """A-5: the day the area or department published its yearly plan on its portal, with the
    page's address or a note of where."""

    version = serializers.IntegerField(
        min_value=0,
        max_value=2147483647,
        label=_("版本"),
        help_text=_("读取帮扶方案时的版本号，版本不符（他人已修改）返回 409"),
        error_messages={"required": _("记录公示时必须提供版本号。")},
    )


class AssistanceCompileSerializer(serializers.Serializer):
    assisting_leader = serializers.PrimaryKeyRelatedField(
        queryset=Leader.objects.all(), required=False, allow_null=True
    )


class AssistanceProposeSerializer(serializers.Serializer):
    """A-5, A-6: the area's or department's team proposal."""

    responsible_leader = serializers.PrimaryKeyRelatedField(
        queryset=Leader.objects.all(),
        allow_null=True,
        required=False,
        label=_("责任领导"),
        help_text=_("市级领导帮扶项目：所在地区、部门确定的责任领导（必填）"),
    )
    assisting_leader = serializers.PrimaryKeyRelatedField(
        queryset=Leader.objects.all(),
        allow_null=True,
        required=False,
        label=_("帮扶领导"),
        help_text=_("市级领导帮扶项目须为市级领导（A-2）"),
    )
    team_units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), many=True, required=False, label=_("团队单位")
    )
    members = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, required=False, label=_("团队成员")
    )
    service_liaison = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False, label=_("服务联络员")
    )
    project_liaison = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False, label=_("项目联络员")
    )
    plan = serializers.CharField(required=False, allow_blank=True, label=_("帮扶方案"))
    version = serializers.IntegerField(
        label=_("版本"),
        help_text=_("读取帮扶项目时的版本号，版本不符（他人已修改）返回 409"),
        error_messages={"required": _("提出服务团队时必须提供版本号。")},
    )


class AssistanceEmptySerializer(serializers.Serializer):
    pass


class AssistanceReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(label=_("退回意见"))


class AssistanceProblemSerializer(serializers.ModelSerializer):
    """SPEC §8 `assistance/problems/`: id, case, category, owner_unit, due_on, status, escalated."""

    # Published names; the model's fields are `outcome` and `done_on` like every deadline item's.
    resolution = serializers.CharField(source="outcome", read_only=True)
    solved_on = serializers.DateField(source="done_on", read_only=True, allow_null=True)
    deadline_state = serializers.SerializerMethodField()
    escalation_receiver = serializers.SerializerMethodField(
        help_text=_(
            "上报市政府的问题现由谁接收（A-3）：帮扶的市级领导，否则为“市政府”；按项目当前帮扶领导"
            "实时判定，帮扶领导变更后随之改变；未上报为 null"
        )
    )
    escalation_receiving_leader = serializers.SerializerMethodField(
        help_text=_("现接收上报问题的帮扶市级领导 id；由市政府接收或未上报为 null（A-3）")
    )

    class Meta:
        model = Problem
        fields = [
            "id",
            "case",
            "category",
            "title",
            "description",
            "owner_unit",
            "raised_on",
            "due_on",
            "status",
            "resolution",
            "solved_on",
            "escalated",
            "escalated_on",
            "escalation_reason",
            "city_instruction",
            "escalation_receiver",
            "escalation_receiving_leader",
            "deadline_state",
        ]
        read_only_fields = [
            "raised_on",
            "status",
            "escalated",
            "escalated_on",
            "escalation_reason",
            "city_instruction",
        ]

    def get_escalation_receiver(self, problem) -> str | None:
        if not problem.escalated:
            return None
        leader = rules.escalation_receiving_leader(problem.case)
        return str(leader) if leader is not None else str(_("市政府"))

    def get_escalation_receiving_leader(self, problem) -> int | None:
        if not problem.escalated:
            return None
        leader = rules.escalation_receiving_leader(problem.case)
        return leader.pk if leader is not None else None

    def get_deadline_state(self, problem) -> str:
        return rules.problem_deadline_state(
            status=problem.status,
            due_on=problem.due_on,
            today=self.context["today"],
            soon_until=self.context["soon_until"],
        )


class AssistanceSolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(source="outcome", label=_("解决情况"))


class AssistanceEscalateSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("上报原因"))


class WeeklyProgressSerializer(serializers.Serializer):
    """帮扶机制二(一): this week's progress of a project under construction."""

    progress = serializers.CharField(label=_("本周形象进度"), max_length=5000)
    investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, label=_("本周完成投资（万元）")
    )
    problems = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, label=_("存在问题")
    )
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        label=_("版本"),
        help_text=_(
            "本周进展的版本号（尚未报送为 0，见 GET /api/v1/assistance/weekly/ 各行的 version）；"
            "版本不符（他人已报送或修改）返回 409"
        ),
    )


class WeeklyQuerySerializer(serializers.Serializer):
    week = serializers.DateField(
        required=False, label=_("该周任一日期"), validators=[refuse_out_of_range_date]
    )
    state = serializers.ChoiceField(
        required=False,
        choices=[("missing", _("未报送")), ("reported", _("已报送"))],
        label=_("报送情况"),
        help_text="missing: 未报送; reported: 已报送（按时或逾期）",
    )
    unit = serializers.IntegerField(required=False, min_value=1, label=_("负责地区、部门"))
    page = serializers.IntegerField(required=False, min_value=1, default=1, label=_("页码"))
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=WEEKLY_PAGE_MAX,
        default=WEEKLY_PAGE_SIZE,
        label=_("每页项目数"),
    )


class WeeklyRowSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    project = serializers.CharField()
    area = serializers.CharField()
    unit = serializers.CharField()
    state = serializers.CharField(help_text="on_time, late, missing, not_owed")
    reported_on = serializers.DateField(allow_null=True)
    progress = serializers.CharField()
    investment = serializers.CharField()
    problems = serializers.CharField()
    version = serializers.IntegerField(
        allow_null=True,
        default=None,
        help_text=_(
            "本周进展的版本号（尚未报送为 0），报送或修改时随 POST 提交；已归档的周为 null"
        ),
    )


class WeeklyDispatchSerializer(serializers.Serializer):
    week = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    archived = serializers.BooleanField()
    count = serializers.IntegerField(help_text=_("该周全部项目数"))
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    next = serializers.URLField(
        allow_null=True, help_text=_("下一页的链接（与其他列表接口的 next 相同），最后一页为 null")
    )
    previous = serializers.URLField(allow_null=True, help_text=_("上一页的链接，第一页为 null"))
    projects = WeeklyRowSerializer(many=True, help_text=_("本页的项目（按地区、项目名称排序）"))
    not_reported_units = serializers.ListField(child=serializers.CharField())


class CoordinationProposeSerializer(serializers.Serializer):
    """帮扶机制二(二): a line of the proposal list."""

    involved_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), label=_("涉及地区、部门")
    )
    matter = serializers.CharField(label=_("需协调事项"), max_length=5000)


class CoordinationCompileSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, label=_("汇总说明")
    )


class CoordinationDecideSerializer(serializers.Serializer):
    agreed = serializers.BooleanField(label=_("是否同意"))
    decision = serializers.CharField(label=_("市政府意见"), max_length=5000)


class CoordinationEntrySerializer(serializers.ModelSerializer):
    report_title = serializers.CharField(source="report.title", read_only=True, default=None)

    class Meta:
        model = CoordinationEntry
        fields = [
            "id",
            "case",
            "proposing_unit",
            "involved_unit",
            "matter",
            "proposed_on",
            "status",
            "report",
            "report_title",
            "decision",
            "decided_on",
        ]
        read_only_fields = fields


# --- A-8 季度考核 ---------------------------------------------------------------------------------


class AssessmentQuarterSerializer(serializers.Serializer):
    """A quarter of the A-8 inspection and assessment (督导检查、季度考核)."""

    quarter = serializers.CharField(help_text=_("季度，如 2026-Q3"))
    title = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(help_text=_("试算时为今天"))
    archived = serializers.BooleanField(help_text=_("已由季度任务按季度末的记录归档"))
    provisional = serializers.BooleanField(
        help_text=_("本季度尚未结束：得分、排名和结论按截至今日的记录试算，不是考核结论")
    )
    archived_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(help_text=_("该季度各地区、部门考核情况的接口地址"))


class AssessmentQuarterListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = AssessmentQuarterSerializer(many=True)


class AssessmentRowSerializer(serializers.Serializer):
    """One area's or department's quarter."""

    unit = serializers.IntegerField(help_text=_("地区、部门 id"))
    unit_name = serializers.CharField()
    cases = serializers.IntegerField(help_text=_("牵头的帮扶项目"))
    solved_on_time = serializers.IntegerField(help_text=_("本季度按时解决的问题"))
    late = serializers.IntegerField(help_text=_("本季度逾期解决或期末逾期未解决的问题"))
    escalated = serializers.IntegerField(help_text=_("本季度上报市政府的问题"))
    open = serializers.IntegerField(help_text=_("期末未解决的问题"))
    unpublished = serializers.IntegerField(
        allow_null=True,
        help_text=_("季度末逾期未在门户网站公示的帮扶项目（A-5）；此前归档、未统计的为 null"),
    )
    unpublished_plans = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "季度末逾期未在门户网站公示的本单位年度帮扶方案（A-5）；此前归档、未统计的为 null"
        ),
    )
    score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text=_("按时解决 ÷（按时解决 + 逾期）× 100；不评定为 null"),
    )
    rank = serializers.IntegerField(allow_null=True, help_text=_("同分同名次；不评定为 null"))
    verdict = serializers.ChoiceField(
        choices=[
            (value, label)
            for value, label in AssessmentVerdict.choices
            if value in INSPECTION_VERDICTS
        ],
        allow_null=True,
        help_text=_("commended 通报表彰 / normal 一般 / criticised 通报批评；不评定为 null"),
    )
    verdict_label = serializers.CharField(allow_null=True)


class QuarterlyAssessmentSerializer(AssessmentQuarterSerializer):
    assessed = serializers.BooleanField(
        help_text=_("含季度考核（得分、排名、结论）；考核实行前归档的季度为 false")
    )
    rows = AssessmentRowSerializer(
        many=True,
        help_text=_("全部地区、部门（按名次），向全市通报"),
    )


class SupervisionReportSerializer(serializers.ModelSerializer):
    """An archived dispatch, report or list (A-3, A-4, A-7, A-8) the caller may read, as its
    archive list names it; its content is at its own address."""

    kind_name = serializers.CharField(source="get_kind_display", read_only=True)
    period = serializers.SerializerMethodField(help_text=_("周期，如 2026年10月"))

    class Meta:
        model = SupervisionReport
        fields = ["id", "kind", "kind_name", "period_key", "period", "title", "created_at"]
        read_only_fields = fields

    def get_period(self, report) -> str:
        return period_name(report.period_key)


class SupervisionReportDetailSerializer(SupervisionReportSerializer):
    """One archive with what the caller reads of it (`selectors.report_content_for`): a group's
    dispatch whole to the areas, head and members of the group in its month, and to the lead
    units of the cases it lists only their own rows (`read_in_part`)."""

    content = serializers.JSONField(
        read_only=True,
        allow_null=True,
        help_text=_("归档内容；在建项目周调度为 null，按周分页读取 assistance/weekly/?week="),
    )
    read_in_part = serializers.BooleanField(
        read_only=True, help_text=_("true：作为所列项目牵头单位，只查阅本单位可查看的项目（A-4）")
    )

    class Meta(SupervisionReportSerializer.Meta):
        fields = [*SupervisionReportSerializer.Meta.fields, "content", "read_in_part"]
        read_only_fields = fields
