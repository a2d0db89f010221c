from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from assistance import permissions as perm
from assistance import rules, selectors, services
from assistance.choices import ReportKind
from assistance.filters import CaseFilterSet, PlanFilterSet, ProblemFilterSet
from assistance.models import (
    AssistanceCase,
    AssistancePlan,
    CoordinationEntry,
    Problem,
    SupervisionReport,
    WeeklyProgress,
)
from yingkou.api.liaisons import PageLiaisonsMixin
from yingkou.api.pagination import PageFiguresMixin, page_link
from yingkou.errors import PeriodBeforeService, RecordExists, RuleViolation, StaleVersion
from yingkou.models import Project
from yingkou.models.deadlines import due_soon_until
from yingkou.permissions import require

from .serializers import (
    AssessmentQuarterListSerializer,
    AssistanceCaseSerializer,
    AssistanceCompileSerializer,
    AssistanceEmptySerializer,
    AssistanceEscalateSerializer,
    AssistancePlanCreateSerializer,
    AssistancePlanPublicationSerializer,
    AssistancePlanSerializer,
    AssistancePlanUpdateSerializer,
    AssistanceProblemSerializer,
    AssistanceProposeSerializer,
    AssistancePublicationSerializer,
    AssistanceReturnSerializer,
    AssistanceSolveSerializer,
    CoordinationCompileSerializer,
    CoordinationDecideSerializer,
    CoordinationEntrySerializer,
    CoordinationProposeSerializer,
    QuarterlyAssessmentSerializer,
    SupervisionReportDetailSerializer,
    SupervisionReportSerializer,
    WeeklyDispatchSerializer,
    WeeklyProgressSerializer,
    WeeklyQuerySerializer,
    WeeklyRowSerializer,
)


class AssistanceCaseViewSet(
    PageLiaisonsMixin,
    PageFiguresMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Key-project assistance cases (A-1, A-2); the team approval of A-5 as actions.

    POST opens a case for a visible project (idempotent, `assistance_case_open`)."""

    serializer_class = AssistanceCaseSerializer
    filterset_class = CaseFilterSet

    figures = staticmethod(selectors.with_figures)

    def visible_rows(self):
        return AssistanceCase.objects.visible_to(self.request.user)

    def unit_keys(self, queryset) -> list:
        if not self.unfiltered(queryset):
            return super().unit_keys(queryset)
        order = self.request.query_params.get("ordering", "")
        return selectors.unit_cases(self.request.user, queryset, order).keys

    def get_serializer_context(self):
        # one count on the working-day calendar for every row of the answer.
        until = rules.publication_overdue_until(timezone.localdate())
        return {**super().get_serializer_context(), "publication_until": until}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = get_object_or_404(
            Project.objects.visible_to(request.user), pk=serializer.validated_data["project"].pk
        )
        require(perm.can_open_case(request.user, project))
        case = services.assistance_case_open(
            project=project, user=request.user, source=serializer.validated_data["source"]
        )
        case = self.get_queryset().get(pk=case.pk)
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=AssistanceCaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=AssistanceProposeSerializer)
    def propose(self, request, pk=None):
        """A-5: the area or department names the responsible leader and proposes the team
        (assisting leader, team units, members, liaisons); a city-tier proposal goes on to the
        DRC. An assisting leader who is not a city leader on a city-tier case is a 400 (A-2)."""
        case = self.get_object()
        # Who may propose is answered before the body is read (403, not a 400 for the version).
        require(perm.can_propose_team(request.user, case))
        data = self._data(request)
        services.assistance_team_propose(
            case=case,
            user=request.user,
            responsible_leader=data.get("responsible_leader"),
            assisting_leader=data.get("assisting_leader"),
            cooperating_units=data.get("team_units", []),
            members=data.get("members", []),
            service_liaison=data.get("service_liaison"),
            project_liaison=data.get("project_liaison"),
            plan=data.get("plan"),
            expected_version=data["version"],
        )
        return self._case(case)

    @extend_schema(responses=AssistanceCaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=AssistanceCompileSerializer)
    def compile(self, request, pk=None):
        """A-5: the DRC compiles the proposed team for the assisting city leader."""
        case = self.get_object()
        require(perm.can_compile_team(request.user, case))
        data = self._data(request)
        services.assistance_team_compile(
            case=case, user=request.user, assisting_leader=data.get("assisting_leader")
        )
        return self._case(case)

    @extend_schema(responses=AssistanceCaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=AssistanceEmptySerializer)
    def approve(self, request, pk=None):
        """A-5: the assisting city leader approves the team."""
        case = self.get_object()
        services.assistance_team_approve(case=case, user=request.user)
        return self._case(case)

    @extend_schema(responses=AssistanceCaseSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        serializer_class=AssistanceReturnSerializer,
    )
    def send_back(self, request, pk=None):
        """A-5: the assisting city leader sends the team back with comments."""
        case = self.get_object()
        require(perm.can_decide_team(request.user, case))
        data = self._data(request)
        services.assistance_team_return(case=case, user=request.user, comment=data["comment"])
        return self._case(case)

    @extend_schema(responses=AssistanceCaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=AssistancePublicationSerializer)
    def publication(self, request, pk=None):
        """A-5: the lead area or department records the day it published the case's arrangement
        (plan, project, leaders, team) on its portal, with the page's address or a note; a day
        before the arrangement was decided, after today, or a case without an arrangement to
        publish is a 400 (A-5)."""
        case = self.get_object()
        require(perm.can_record_publication(request.user, case))
        data = self._data(request)
        services.assistance_publication_record(
            case=case,
            user=request.user,
            published_on=data["published_on"],
            url=data.get("published_url", ""),
            note=data.get("published_note", ""),
            expected_version=data["version"],
        )
        return self._case(case)

    @extend_schema(responses=AssistanceCaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=WeeklyProgressSerializer)
    def weekly(self, request, pk=None):
        """帮扶机制二(一): report (or correct) this week's progress of a project under
        construction; another week or a project not under construction is a 400 (A-8)."""
        case = self.get_object()
        require(perm.can_report_weekly(request.user, case))
        data = dict(self._data(request))
        services.weekly_progress_report(
            case=case, user=request.user, expected_version=data.pop("version", None), **data
        )
        return self._case(case)

    @extend_schema(responses={201: CoordinationEntrySerializer})
    @action(detail=True, methods=["post"], serializer_class=CoordinationProposeSerializer)
    def coordination(self, request, pk=None):
        """帮扶机制二(二): a line of the area's or department's proposal list (another area or
        department the project involves); a city-tier case or the case's own unit is a 400 (A-5)."""
        case = self.get_object()
        require(perm.can_propose_coordination(request.user, case))
        entry = services.coordination_propose(case=case, user=request.user, **self._data(request))
        return Response(CoordinationEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    def _data(self, request) -> dict:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _case(self, case) -> Response:
        case = self.get_queryset().get(pk=case.pk)
        return Response(AssistanceCaseSerializer(case, context=self.get_serializer_context()).data)


class AssistanceProblemViewSet(
    PageFiguresMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Last-mile problems (A-3) with their due dates and escalation to the city government."""

    serializer_class = AssistanceProblemSerializer
    api_field_names = {"outcome": "resolution", "done_on": "solved_on"}  # published names
    filterset_class = ProblemFilterSet

    # The page is picked on the problems alone and only its rows read with their cases.
    figures = staticmethod(lambda rows: rows.with_related())

    def visible_rows(self):
        return Problem.objects.visible_to(self.request.user)

    def unit_keys(self, queryset) -> list:
        if not self.unfiltered(queryset):
            return super().unit_keys(queryset)
        order = self.request.query_params.get("ordering", "")
        return selectors.unit_problem_keys(self.request.user, queryset, order)

    def get_serializer_context(self):
        today = timezone.localdate()
        # One "due soon" cut-off for every row of the page.
        context = {"today": today, "soon_until": due_soon_until(today)}
        return {**super().get_serializer_context(), **context}

    def perform_create(self, serializer):
        data = serializer.validated_data
        case = get_object_or_404(
            AssistanceCase.objects.visible_to(self.request.user), pk=data["case"].pk
        )
        serializer.instance = services.problem_create(
            case=case,
            user=self.request.user,
            category=data["category"],
            title=data["title"],
            description=data.get("description", ""),
            owner_unit=data["owner_unit"],
            due_on=data["due_on"],
        )

    @extend_schema(responses=AssistanceProblemSerializer)
    @action(detail=True, methods=["post"], serializer_class=AssistanceSolveSerializer)
    def solve(self, request, pk=None):
        problem = self.get_object()
        require(perm.can_solve_problem(request.user, problem))
        data = self._data(request)
        services.problem_solve(problem=problem, user=request.user, outcome=data["outcome"])
        return self._problem(problem)

    @extend_schema(responses=AssistanceProblemSerializer)
    @action(detail=True, methods=["post"], serializer_class=AssistanceEscalateSerializer)
    def escalate(self, request, pk=None):
        """A-3: report a problem the team cannot solve to the city government."""
        problem = self.get_object()
        require(perm.can_escalate_problem(request.user, problem))
        data = self._data(request)
        services.problem_escalate(problem=problem, user=request.user, reason=data["reason"])
        return self._problem(problem)

    def _data(self, request) -> dict:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _problem(self, problem) -> Response:
        return Response(
            AssistanceProblemSerializer(problem, context=self.get_serializer_context()).data
        )


# WeeklyRowSerializer's fields but the version, in its order.
WEEKLY_ROW_FIELDS = tuple(name for name in WeeklyRowSerializer().fields if name != "version")


class AssistanceWeeklyView(APIView):
    """帮扶机制二(一) (A-8): the week's projects under construction, their progress and who has not
    reported (`?week=` any day of it; default this week). The archived week once it is over.
    `?state=` (missing, reported) and `?unit=` (the responsible area or department's id) narrow
    the projects, which come `page_size` at a time (`?page=`), `count` of them in all, with
    `next`/`previous` links as every list endpoint gives; `not_reported_units` covers the whole
    week. The week is a kept, sorted list: a page is a slice of it, so a deep page costs what the
    first does without the keyset `?cursor=` that the database lists need."""

    serializer_class = WeeklyDispatchSerializer

    @extend_schema(parameters=[WeeklyQuerySerializer], responses=WeeklyDispatchSerializer)
    def get(self, request):
        query = WeeklyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        try:
            monday = rules.weekly_week_rule(query.validated_data.get("week") or today, today)
        except PeriodBeforeService:
            raise  # a week before the service is a request that cannot be answered: 400
        except RuleViolation as refused:
            raise NotFound(refused.text) from refused
        content, week_rows, archive = selectors.weekly_for(user=request.user, monday=monday)
        rows = selectors.weekly_narrowed(
            week_rows,
            state=query.validated_data.get("state", ""),
            unit=query.validated_data.get("unit"),
        )
        size, number = query.validated_data["page_size"], query.validated_data["page"]
        pages = max(1, -(-len(rows) // size))
        if number > pages:
            raise NotFound(_("该页不存在。"))
        shown = rows[(number - 1) * size : number * size]
        versions = {}
        if archive is None:
            # A week still open can be reported or corrected: each row says the version to send.
            versions = dict(
                WeeklyProgress.objects.filter(
                    week=monday, case_id__in=[row["case"] for row in shown]
                ).values_list("case_id", "version")
            )
        # The rows are plain values already of the serializer's types (a test compares the two):
        # DRF's fields took 100 ms for the 14,576 rows of a city-wide week, picking them 29 ms.
        fields = WEEKLY_ROW_FIELDS
        projects = [
            {
                **{name: row[name] for name in fields},
                "version": versions.get(row["case"], 0) if archive is None else None,
            }
            for row in shown
        ]
        return Response(
            {
                "week": content["week"],
                "due_on": content["due_on"],
                "archived": archive is not None,
                "count": len(rows),
                "page": number,
                "pages": pages,
                "next": page_link(request, number + 1) if number < pages else None,
                "previous": page_link(request, number - 1) if number > 1 else None,
                "projects": projects,
                "not_reported_units": [
                    name for name, _unit in selectors.weekly_overview(week_rows)["units_behind"]
                ],
            }
        )


class AssistancePlanViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The areas' and departments' yearly plans (帮扶方案, A-5) the caller may see — a unit its
    own, city-wide roles every unit's — with their publication on the unit's portal
    (`publication`, `unpublished`, `publication_due`; `?unpublished=true` lists the 未公示 ones).
    A unit writes its own plan as on its page (`assistance_plan_save`: saved as public it is
    adopted, and its 20 working days start) and records its publication; the DRC reads every
    unit's plan and writes its own only."""

    serializer_class = AssistancePlanSerializer
    filterset_class = PlanFilterSet

    def get_queryset(self):
        return (
            AssistancePlan.objects.visible_to(self.request.user)
            .select_related("unit")
            .order_by("-year", "unit__code", "id")
        )

    def get_serializer_context(self):
        # one count on the working-day calendar for every row of the answer.
        until = rules.publication_overdue_until(timezone.localdate())
        return {**super().get_serializer_context(), "publication_until": until}

    @extend_schema(
        request=AssistancePlanCreateSerializer, responses={201: AssistancePlanSerializer}
    )
    def create(self, request, *args, **kwargs):
        """A-5: the caller's own area or department writes its plan for last year, this year or
        next year (`unit` omitted or its own; another unit's is a 403; another year a 400 on
        `year`); `is_published` true adopts it today. A plan the unit already has for that year
        is a 409 saying so: it is changed with PUT or PATCH on its version."""
        # Who writes a plan at all is answered before the body is read.
        require(perm.can_edit_plan(request.user))
        body = AssistancePlanCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        unit = data.get("unit") or request.user.unit
        require(perm.can_edit_plan(request.user, unit))
        try:
            plan = services.assistance_plan_save(
                unit=unit,
                year=data["year"],
                title=data["title"],
                content=data["content"],
                is_published=data["is_published"],
                user=request.user,
                expected_version=0,
            )
        except RecordExists:
            # The caller read no version: the plan was there before, not changed under it. One
            # created by another request meanwhile is refused as any stale edit.
            raise StaleVersion(
                _(
                    "%(unit)s%(year)s年度帮扶方案已存在，不能再新建；请读取该方案，在其最新版本上修改。"
                )
                % {"unit": unit.name, "year": data["year"]}
            ) from None
        return self._plan(plan, status.HTTP_201_CREATED)

    @extend_schema(request=AssistancePlanUpdateSerializer, responses=AssistancePlanSerializer)
    def update(self, request, *args, **kwargs):
        """A-5: the plan's own area or department changes its text or adoption on the version it
        read (a stale one is a 409); saved as public with a new title or content, or made public
        again, it is adopted again today; a draft owes no publication. Anyone else may not (403);
        a plan older than last year's stays as it is (400 on `year`), its publication on the
        portal still recorded."""
        plan = self.get_object()
        # Who may write is answered before the body is read (403, not a 400 for the version).
        require(perm.can_edit_plan(request.user, plan.unit))
        body = AssistancePlanUpdateSerializer(
            data=request.data, partial=kwargs.get("partial", False)
        )
        body.is_valid(raise_exception=True)
        data = body.validated_data
        plan = services.assistance_plan_save(
            unit=plan.unit,
            year=plan.year,
            title=data.get("title", plan.title),
            content=data.get("content", plan.content),
            is_published=data.get("is_published", plan.is_published),
            user=request.user,
            expected_version=data["version"],
        )
        return self._plan(plan)

    @extend_schema(request=AssistancePlanUpdateSerializer, responses=AssistancePlanSerializer)
    def partial_update(self, request, *args, **kwargs):
        """A-5: as PUT, sending only what changes, with the version read."""
        return self.update(request, *args, partial=True, **kwargs)

    def _plan(self, plan, code=status.HTTP_200_OK) -> Response:
        plan = self.get_queryset().get(pk=plan.pk)
        answer = AssistancePlanSerializer(plan, context=self.get_serializer_context())
        return Response(answer.data, status=code)

    @extend_schema(responses=AssistancePlanSerializer)
    @action(detail=True, methods=["post"], serializer_class=AssistancePlanPublicationSerializer)
    def publication(self, request, pk=None):
        """A-5: the plan's own area or department records the day it published the plan on its
        portal, with the page's address or a note; a day before the plan was adopted, after
        today, or a draft is a 400 (A-5); anyone else is refused (403)."""
        plan = self.get_object()
        require(perm.can_record_plan_publication(request.user, plan))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.assistance_plan_publication_record(
            plan=plan,
            user=request.user,
            published_on=data["published_on"],
            url=data.get("published_url", ""),
            note=data.get("published_note", ""),
            expected_version=data["version"],
        )
        return self._plan(plan)


class CoordinationEntryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """帮扶机制二(二) (A-5): the proposal lists' lines; the DRC compiles the pending ones into a
    report to the city government, which decides each line. A line is proposed on its case:
    `POST assistance/projects/{id}/coordination/`."""

    serializer_class = CoordinationEntrySerializer
    ordering_fields = ["id", "proposed_on"]
    ordering = ["-proposed_on", "-id"]

    def get_queryset(self):
        return CoordinationEntry.objects.visible_to(self.request.user).with_related()

    # The report's lines come whole, not in pages.
    @extend_schema(responses={201: CoordinationEntrySerializer(many=True)})
    @action(
        detail=False,
        methods=["post"],
        serializer_class=CoordinationCompileSerializer,
        pagination_class=None,
    )
    def compile(self, request):
        """The DRC compiles every pending line into the year's next numbered report."""
        require(perm.can_compile_coordination(request.user))
        serializer = CoordinationCompileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.coordination_compile(user=request.user, **serializer.validated_data)
        entries = self.get_queryset().filter(report=report)
        return Response(
            CoordinationEntrySerializer(entries, many=True).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=CoordinationEntrySerializer)
    @action(detail=True, methods=["post"], serializer_class=CoordinationDecideSerializer)
    def decide(self, request, pk=None):
        """The city government's decision on a reported line (city leaders, or the DRC for them)."""
        entry = self.get_object()
        require(perm.can_decide_coordination(request.user))
        serializer = CoordinationDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.coordination_decide(entry=entry, user=request.user, **serializer.validated_data)
        return Response(CoordinationEntrySerializer(self.get_queryset().get(pk=entry.pk)).data)


# --- A-8 季度考核 ---------------------------------------------------------------------------------


def _quarter_out(request, quarter: dict) -> dict:
    archive = quarter["archive"]
    return {
        "quarter": quarter["quarter"],
        "title": quarter["title"],
        "start": quarter["start"],
        "end": quarter["end"],
        "archived": archive is not None,
        "provisional": quarter["provisional"],
        "archived_at": archive.created_at if archive is not None else None,
        "url": request.build_absolute_uri(
            reverse("assistance-inspection", args=[quarter["quarter"]])
        ),
    }


class InspectionListView(APIView):
    """A-8 季度考核: the quarters of the inspection and assessment, newest first — the running
    quarter as a trial on today's records (`provisional`: 试算, not the assessment), the closed
    one the quarterly job has not archived yet (as its archive will read), then every archived
    quarter, each archived once as of its end. Four a year, so not paged. Each quarter's rows
    are at its `url`."""

    serializer_class = AssessmentQuarterListSerializer

    @extend_schema(
        operation_id="v1_assistance_inspections_list", responses=AssessmentQuarterListSerializer
    )
    def get(self, request):
        quarters = selectors.inspection_quarters(timezone.localdate())
        results = [_quarter_out(request, quarter) for quarter in quarters]
        return Response(
            AssessmentQuarterListSerializer({"count": len(results), "results": results}).data
        )


class InspectionDetailView(APIView):
    """A-8 季度考核 of one quarter (`2026-Q3`): each area's and department's counts, score, rank
    and verdict — the archive once made, a closed quarter not archived yet as its archive will
    read, the running quarter as a trial (`provisional`). Every signed-in user reads every unit's
    row, as on the page (向全市通报). A quarter not begun or unreadable is 404, one before the
    service 400."""

    serializer_class = QuarterlyAssessmentSerializer

    @extend_schema(
        operation_id="v1_assistance_inspections_retrieve",
        parameters=[
            OpenApiParameter(
                "quarter", OpenApiTypes.STR, OpenApiParameter.PATH, description="2026-Q3"
            )
        ],
        responses=QuarterlyAssessmentSerializer,
    )
    def get(self, request, quarter: str):
        today = timezone.localdate()
        try:
            first = rules.inspection_quarter_rule(quarter, today)
        except PeriodBeforeService:
            raise  # a quarter before the service cannot be answered: 400
        except RuleViolation as refused:
            raise NotFound(refused.text) from refused
        content, archive, provisional = selectors.inspection_for(first, today)
        described = {
            "quarter": content["quarter"],
            "title": archive.title if archive is not None else selectors.inspection_title(first),
            "start": content["start"],
            "end": content["end"],
            "provisional": provisional,
            "archive": archive,
        }
        rows = [
            {
                "unit": row["unit_id"],
                "unit_name": row["unit"],
                **{key: row[key] for key in INSPECTION_COUNTS},
                "unpublished": row.get("unpublished"),
                "unpublished_plans": row.get("unpublished_plans"),
                "score": row.get("score"),
                "rank": row.get("rank"),
                "verdict": row.get("verdict") or None,
                "verdict_label": row.get("verdict_label"),
            }
            # 向全市通报: every signed-in reader gets every unit's row, as on the page.
            for row in content.get("rows", [])
        ]
        data = {
            **_quarter_out(request, described),
            "assessed": bool(content.get("assessed")),
            "rows": rows,
        }
        return Response(QuarterlyAssessmentSerializer(data).data)


INSPECTION_COUNTS = ("cases", "solved_on_time", "late", "escalated", "open")


class SupervisionReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A-3, A-4, A-7, A-8: the archives the caller may read, newest first (`?kind=`,
    `?period_key=`), as the archive list gives them, and each one with what the caller reads of
    it — one rule for the list, the page, its file and here (`SupervisionReport.objects.
    visible_to`): a promotion group's dispatch is read by the areas, head and members of the
    group as it stood in the dispatch's month, and by the lead units of the cases it lists; an
    archive outside it is 404."""

    filterset_fields = ["kind", "period_key"]

    def get_queryset(self):
        reports = SupervisionReport.objects.visible_to(self.request.user).order_by(
            "-created_at", "kind", "scope", "-pk"
        )
        return reports.defer("content") if self.action == "list" else reports

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SupervisionReportDetailSerializer
        return SupervisionReportSerializer

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        # A week's archive holds every project under construction: it is read in pages at
        # `assistance/weekly/?week=`, as its page redirects there.
        weekly = report.kind == ReportKind.WEEKLY
        report.content = None if weekly else selectors.report_content_for(report, request.user)
        report.read_in_part = (
            report.kind == ReportKind.DISPATCH
            and selectors.dispatch_read_in_part(report, request.user)
        )
        return Response(self.get_serializer(report).data)
