from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from negotiation import permissions as perms
from negotiation import selectors, services
from negotiation.filters import InvestorQuestionFilterSet, NegotiationCaseFilterSet
from negotiation.models import NegotiationCase, ProgressDispatch, TeamTask
from yingkou.api.liaisons import PageLiaisonsMixin
from yingkou.api.pagination import PageFiguresMixin
from yingkou.models import Leader, Project, Unit, User
from yingkou.permissions import require

from .serializers import (
    CaseMoveSerializer,
    CaseOpenSerializer,
    DispatchRecordedSerializer,
    DispatchRecordSerializer,
    InvestorQuestionSerializer,
    NegotiationCaseSerializer,
    ProgressDispatchSerializer,
    QuestionAnswerSerializer,
    QuestionRaiseSerializer,
    TaskSerializer,
    TaskUpdateSerializer,
    TeamSerializer,
)


def _get(queryset, pk):
    return None if pk is None else get_object_or_404(queryset, pk=pk)


class NegotiationCaseViewSet(
    PageLiaisonsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Negotiation cases (N-1 … N-6). Records outside the caller's remit are 404."""

    serializer_class = NegotiationCaseSerializer
    filterset_class = NegotiationCaseFilterSet

    def get_queryset(self):
        return selectors.case_list(user=self.request.user)

    def _case(self) -> NegotiationCase:
        return self.get_object()

    def _led_case(self) -> NegotiationCase:
        """The case, for an action of its lead unit: anyone else is refused (403) before the
        body is read, so a reader is never told what is wrong with what it sent."""
        case = self.get_object()
        require(perms.can_lead_team(self.request.user, case), services.LEAD_ONLY)
        return case

    @extend_schema(request=CaseOpenSerializer, responses=NegotiationCaseSerializer)
    def create(self, request, *args, **kwargs):
        require(perms.can_open_case(request.user))
        data = CaseOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        common = {
            "negotiating_unit": get_object_or_404(Unit, pk=values["negotiating_unit"]),
            "landing_unit": _get(Unit.objects.all(), values.get("landing_unit")),
            "opened_on": values.get("opened_on"),
            "investor": values["investor"],
            "summary": values["summary"],
            "user": user,
        }
        if "new_project" in values:
            case = services.negotiation_case_open_with_new_project(
                new_project=dict(values["new_project"]), **common
            )
        else:
            project = get_object_or_404(Project.objects.visible_to(user), pk=values["project"])
            case = services.negotiation_case_open(project=project, **common)
        case = self.get_queryset().get(pk=case.pk)
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseMoveSerializer, responses=NegotiationCaseSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """N-1: move to the next stage, sign (hands the project to assistance) or end."""
        case = self._led_case()
        data = CaseMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.negotiation_case_move(case=case, user=request.user, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=TeamSerializer, responses=NegotiationCaseSerializer)
    @action(detail=True, methods=["post"])
    def team(self, request, pk=None):
        """N-2, N-3, N-5: the lead unit sets the team; a lead breaking its rule is a 400."""
        case = self._led_case()
        data = TeamSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        people = User.objects.select_related("unit")
        services.negotiation_team_update(
            case=case,
            user=request.user,
            lead_leader=_get(Leader.objects.all(), values["lead_leader"]),
            cooperating_units=list(Unit.objects.filter(pk__in=values["cooperating_units"])),
            main_negotiating_unit=_get(Unit.objects.all(), values.get("main_negotiating_unit")),
            service_liaison=_get(people, values["service_liaison"]),
            project_liaison=_get(people, values.get("project_liaison")),
            members=list(people.filter(pk__in=values["members"])),
            expected_version=values["version"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(
        responses=inline_serializer(
            "TeamComposition",
            {
                "rule": serializers.IntegerField(),
                "tier": serializers.CharField(),
                "lead_requirement": serializers.CharField(),
                "lead_requirement_text": serializers.CharField(),
                "lead_unit": serializers.IntegerField(),
                "cooperating": serializers.CharField(),
                "landing_area_cooperates": serializers.BooleanField(),
                "candidates": serializers.ListField(child=serializers.IntegerField()),
            },
        )
    )
    @action(detail=True, methods=["get"])
    def composition(self, request, pk=None):
        """N-2: the rule that applies, what the lead must be and the proposed candidates."""
        case = self._case()
        composition = case.team_rule(with_candidates=True)
        return Response(
            {
                "rule": composition.rule,
                "tier": composition.tier,
                "lead_requirement": composition.lead_requirement,
                "lead_requirement_text": composition.lead_requirement_text,
                "lead_unit": composition.lead_unit.pk,
                "cooperating": composition.cooperating_text,
                "landing_area_cooperates": composition.landing_area_cooperates,
                "candidates": [leader.pk for leader in composition.candidates],
            }
        )

    @extend_schema(request=TaskSerializer, responses={201: TaskSerializer})
    @action(detail=True, methods=["post"])
    def tasks(self, request, pk=None):
        """N-3: the lead unit assigns a task to a team unit (list them at negotiations/tasks/)."""
        case = self._led_case()
        data = TaskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        task = services.team_task_assign(
            case=case,
            user=request.user,
            title=values["title"],
            detail=values.get("detail", ""),
            owner_unit=values["owner_unit"],
            due_on=values["due_on"],
        )
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


class TeamTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks assigned by lead units (N-3); the owner unit reports on them."""

    serializer_class = TaskSerializer
    api_field_names = {"outcome": "result"}  # the published name
    filterset_fields = ["case", "owner_unit", "status"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        return TeamTask.objects.visible_to(self.request.user).select_related("case__team")

    @extend_schema(request=TaskUpdateSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        task = self.get_object()
        require(perms.can_update_task(request.user, task))
        data = TaskUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.team_task_update(task=task, user=request.user, **data.validated_data)
        return Response(TaskSerializer(task).data)


class InvestorQuestionViewSet(
    PageFiguresMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Investor questions (N-4) with their `due_on`."""

    serializer_class = InvestorQuestionSerializer
    api_field_names = {"outcome": "answer", "done_on": "delivered_on"}  # published names
    filterset_class = InvestorQuestionFilterSet

    figures = staticmethod(selectors.question_rows)

    def visible_rows(self):
        return selectors.visible_questions(user=self.request.user)

    @extend_schema(request=QuestionRaiseSerializer, responses=InvestorQuestionSerializer)
    def create(self, request, *args, **kwargs):
        # Only people working for a unit ever sit on a team; the case is asked in the service.
        require(perms.can_work_on_cases(request.user))
        data = QuestionRaiseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        user = request.user
        case = get_object_or_404(
            NegotiationCase.objects.visible_to(user), pk=values.pop("negotiation")
        )
        question = services.investor_question_raise(
            case=case,
            user=user,
            owner_unit=get_object_or_404(Unit, pk=values.pop("owner_unit")),
            **values,
        )
        question = self.get_queryset().get(pk=question.pk)
        return Response(self.get_serializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=QuestionAnswerSerializer, responses=InvestorQuestionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        question = self.get_object()
        require(perms.can_answer_question(request.user, question))
        data = QuestionAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.investor_question_answer(
            question=question, user=request.user, **data.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=question.pk)).data)


class ProgressDispatchViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """N-6: the investment bureau's dispatches (调度) of the teams' monthly progress reports,
    latest month first (`?period=` one month). The city-wide roles read them; a lead unit reads
    what a dispatch asks of it in the notice it was sent. To list a month's cases behind:
    `negotiations/?report_missing=true&month=YYYY-MM`."""

    serializer_class = ProgressDispatchSerializer
    filterset_fields = ["period"]

    def get_queryset(self):
        return ProgressDispatch.objects.visible_to(self.request.user).select_related(
            "dispatched_by"
        )

    @extend_schema(
        request=DispatchRecordSerializer,
        responses={201: DispatchRecordedSerializer, 200: DispatchRecordedSerializer},
    )
    def create(self, request, *args, **kwargs):
        """The bureau records (version 0: 201) or amends (200) a month's dispatch, the running
        month's or a closed one's; each lead unit whose teams have not reported that month is
        told. A month not begun, or before the service, is a 400 citing N-6."""
        require(perms.can_dispatch_reports(request.user))
        data = DispatchRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dispatch = services.progress_dispatch_record(user=request.user, **data.validated_data)
        dispatch.lead_units_told = len(selectors.lead_units_behind(dispatch.period))
        created = data.validated_data["expected_version"] == 0
        return Response(
            DispatchRecordedSerializer(dispatch).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
