"""API of operating-enterprise help (SPEC §8): enterprises/, enterprise/visits/,
enterprise/complaints/, enterprise/inspections/, enterprise/problems/, enterprise/promises/,
enterprise/assessments/.

Reading is limited by visible_to() (404 outside it); acting is checked by enterprise.permissions (403);
rules are the services' (400 naming the rule).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yingkou.api.pagination import PageFiguresMixin
from yingkou.audit import audit_record
from yingkou.models import AuditKind, Project
from yingkou.permissions import require

from .. import permissions, rules, selectors, services
from ..filters import (
    AssessmentResultFilterSet,
    ComplaintFilterSet,
    EnterpriseFilterSet,
    InspectionFilterSet,
    ProblemFilterSet,
    PromiseFilterSet,
    VisitFilterSet,
)
from ..models import Enterprise, Visit
from ..selectors import chain_unit_ids
from . import serializers as s


class _Base(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _answer(self, instance, code=status.HTTP_200_OK):
        fresh = self.get_queryset().filter(pk=instance.pk).first() or instance
        return Response(self.get_serializer(fresh).data, status=code)


class EnterpriseViewSet(PageFiguresMixin, mixins.UpdateModelMixin, _Base):
    serializer_class = s.EnterpriseSerializer
    filterset_class = EnterpriseFilterSet

    # The page is picked on the enterprises' own rows; only its rows get the figures, as on
    # the list page.
    figures = staticmethod(selectors.enterprise_figures)

    def visible_rows(self):
        return Enterprise.objects.visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        # Whether the caller registers enterprises at all is answered before the body is read.
        require(permissions.can_register_enterprise(request.user))
        data = self._input(s.EnterpriseSerializer)
        responsible_unit = data.get("responsible_unit")
        require(permissions.can_register_enterprise(request.user, responsible_unit))
        enterprise = services.enterprise_register(user=request.user, **data)
        return self._answer(enterprise, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        enterprise = self.get_object()
        require(permissions.can_edit_enterprise(request.user, enterprise))
        serializer = self.get_serializer(
            enterprise, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["expected_version"] = data.pop("version")
        data.setdefault("responsible_leader", enterprise.responsible_leader)
        data.setdefault("leader_in_charge", enterprise.leader_in_charge)
        enterprise = services.enterprise_update(
            enterprise=Enterprise.objects.get(pk=enterprise.pk), user=request.user, **data
        )
        return self._answer(enterprise)

    @extend_schema(request=s.FromProjectSerializer, responses={201: s.EnterpriseSerializer})
    @action(detail=False, methods=["post"], url_path="from-project")
    def from_project(self, request):
        """Hand a completed project over to enterprise help (E-1); idempotent."""
        require(permissions.can_register_enterprise(request.user))
        data = self._input(s.FromProjectSerializer)
        project = Project.objects.get(pk=data["project"].pk)
        enterprise = services.enterprise_register_from_project(project=project, user=request.user)
        return self._answer(enterprise, status.HTTP_201_CREATED)


class VisitViewSet(_Base):
    serializer_class = s.VisitSerializer
    filterset_class = VisitFilterSet
    ordering_fields = ["visited_on", "id"]
    ordering = ["-visited_on", "-id"]

    def get_queryset(self):
        return Visit.objects.visible_to(self.request.user).select_related(
            "enterprise", "visiting_unit"
        )

    def create(self, request, *args, **kwargs):
        require(permissions.can_record_visit(request.user, None))
        data = self._input(s.VisitSerializer)
        require(permissions.can_record_visit(request.user, data["enterprise"]))
        visit = services.visit_record(user=request.user, **data)
        return self._answer(visit, status.HTTP_201_CREATED)


class ComplaintViewSet(_Base):
    serializer_class = s.ComplaintSerializer
    filterset_class = ComplaintFilterSet
    # The contract's names (SPEC § API) for the model's deadline fields.
    api_field_names = {"due_on": "reply_due", "done_on": "replied_on", "outcome": "reply"}

    def get_queryset(self):
        return selectors.complaint_list(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        complaint = self.get_object()
        if permissions.handles_complaint(request.user, complaint, chain_unit_ids(complaint)):
            audit_record(
                kind=AuditKind.PERSONAL_DATA,
                request=request,
                detail=f"投诉 {complaint.tracking_number}（{complaint.pk}）",
            )
        return Response(self.get_serializer(complaint).data)

    def create(self, request, *args, **kwargs):
        """Complaints by phone or mailbox, entered by the receiving office (E-4)."""
        require(permissions.can_receive_complaint(request.user))
        data = self._input(s.ComplaintSerializer)
        complaint = services.complaint_receive(
            user=request.user, receiving_unit=request.user.unit, **data
        )
        return self._answer(complaint, status.HTTP_201_CREATED)

    def _acting(self):
        complaint = self.get_object()
        require(permissions.can_act_on_complaint(self.request.user, complaint))
        return complaint

    @extend_schema(request=s.ComplaintTransferInput, responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        complaint = self._acting()
        data = self._input(s.ComplaintTransferInput)
        services.complaint_transfer(complaint=complaint, user=request.user, **data)
        return self._answer(complaint)

    @extend_schema(request=s.ComplaintReplyInput, responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        complaint = self._acting()
        data = self._input(s.ComplaintReplyInput)
        services.complaint_reply(complaint=complaint, user=request.user, **data)
        return self._answer(complaint)

    @extend_schema(request=s.StatutoryDaysInput, responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"], url_path="statutory-days")
    def statutory_days(self, request, pk=None):
        complaint = self._acting()
        data = self._input(s.StatutoryDaysInput)
        services.complaint_set_statutory_days(complaint=complaint, user=request.user, **data)
        return self._answer(complaint)


class InspectionViewSet(_Base):
    serializer_class = s.InspectionSerializer
    filterset_class = InspectionFilterSet

    def get_queryset(self):
        return selectors.inspection_list(self.request.user)

    def paginate_queryset(self, queryset):
        # E-5: whether each open row still fits is judged for the whole page at once.
        rows = super().paginate_queryset(queryset)
        if rows is not None:
            rules.inspections_unfit(rows)
        return rows

    def create(self, request, *args, **kwargs):
        require(permissions.can_plan_inspection(request.user))
        data = self._input(s.InspectionSerializer)
        get_object_or_404(permissions.plannable_enterprises(request.user), pk=data["enterprise"].pk)
        inspection = services.inspection_plan(user=request.user, **data)
        return self._answer(inspection, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        inspection = self.get_object()
        require(permissions.can_approve_inspection(request.user, inspection))
        services.inspection_approve(inspection=inspection, user=request.user)
        return self._answer(inspection)

    @extend_schema(request=None, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        inspection = self.get_object()
        require(permissions.can_approve_inspection(request.user, inspection))
        services.inspection_reject(inspection=inspection, user=request.user)
        return self._answer(inspection)

    @extend_schema(request=s.CarryOutInput, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"], url_path="carry-out")
    def carry_out(self, request, pk=None):
        inspection = self.get_object()
        require(permissions.can_carry_out_inspection(request.user, inspection))
        data = self._input(s.CarryOutInput)
        services.inspection_carry_out(inspection=inspection, user=request.user, **data)
        return self._answer(inspection)

    @extend_schema(request=s.WithdrawInput, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The agency withdraws its plan, pending or approved and not yet carried out, with its
        reason (E-5)."""
        inspection = self.get_object()
        require(permissions.can_withdraw_inspection(request.user, inspection))
        data = self._input(s.WithdrawInput)
        services.inspection_withdraw(inspection=inspection, user=request.user, **data)
        return self._answer(inspection)

    @extend_schema(request=s.RedateInput, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def redate(self, request, pk=None):
        """The agency sets another day for its pending plan (a joint one's lead agency), the new
        day weighed as a plan filed for it (E-5)."""
        inspection = self.get_object()
        require(permissions.can_redate_inspection(request.user, inspection))
        data = self._input(s.RedateInput)
        services.inspection_redate(inspection=inspection, user=request.user, **data)
        return self._answer(inspection)

    @extend_schema(request=s.InspectionMergeInput, responses=s.InspectionSerializer)
    @action(detail=False, methods=["post"])
    def merge(self, request):
        """Legal affairs: merge several agencies' plans of one same-level government into one
        joint inspection (E-5)."""
        require(permissions.can_merge_inspections(request.user))
        data = self._input(s.InspectionMergeInput)
        lead = services.inspection_merge(
            inspections=data["inspections"], lead=data["lead"], user=request.user
        )
        return self._answer(lead)


class ProblemViewSet(_Base):
    serializer_class = s.ProblemSerializer
    filterset_class = ProblemFilterSet

    @property
    def api_field_names(self) -> dict:
        """The published names of the model's deadline fields: a problem's and an action's."""
        if self.action == "complete_action":
            return {"outcome": "result"}
        return {"outcome": "solution", "done_on": "solved_on"}

    def get_queryset(self):
        return selectors.problem_list(self.request.user).prefetch_related("handovers", "actions")

    def create(self, request, *args, **kwargs):
        require(permissions.can_raise_problem(request.user, None))
        data = self._input(s.ProblemSerializer)
        require(permissions.can_raise_problem(request.user, data["enterprise"]))
        problem = services.problem_raise(user=request.user, **data)
        return self._answer(problem, status.HTTP_201_CREATED)

    def _owned(self):
        problem = self.get_object()
        require(permissions.can_own_problem(self.request.user, problem))
        return problem

    @extend_schema(request=s.HandOnInput, responses=s.ProblemSerializer)
    @action(detail=True, methods=["post"], url_path="hand-on")
    def hand_on(self, request, pk=None):
        problem = self._owned()
        services.problem_hand_on(problem=problem, user=request.user, **self._input(s.HandOnInput))
        return self._answer(problem)

    @extend_schema(request=s.MaterialsInput, responses=s.ProblemSerializer)
    @action(detail=True, methods=["post"])
    def materials(self, request, pk=None):
        problem = self._owned()
        data = self._input(s.MaterialsInput)
        services.problem_notify_materials(problem=problem, user=request.user, **data)
        return self._answer(problem)

    @extend_schema(request=s.ActionInput, responses=s.ProblemSerializer)
    @action(detail=True, methods=["post"], url_path="request-action")
    def request_action(self, request, pk=None):
        problem = self._owned()
        data = self._input(s.ActionInput)
        services.problem_request_action(problem=problem, user=request.user, **data)
        return self._answer(problem)

    @extend_schema(request=s.ActionDoneInput, responses=s.ProblemSerializer)
    @action(detail=True, methods=["post"], url_path="complete-action")
    def complete_action(self, request, pk=None):
        problem = self.get_object()
        require(permissions.can_complete_actions_of(request.user, problem))
        data = self._input(s.ActionDoneInput)
        item = get_object_or_404(problem.actions.all(), pk=data["action"])
        require(permissions.can_complete_action(request.user, item))
        services.problem_action_complete(action=item, user=request.user, outcome=data["outcome"])
        return self._answer(problem)

    @extend_schema(request=s.SolveInput, responses=s.ProblemSerializer)
    @action(detail=True, methods=["post"])
    def solve(self, request, pk=None):
        problem = self._owned()
        services.problem_solve(problem=problem, user=request.user, **self._input(s.SolveInput))
        return self._answer(problem)


class PromiseViewSet(_Base):
    serializer_class = s.PromiseSerializer
    filterset_class = PromiseFilterSet

    def get_queryset(self):
        return selectors.promise_list(self.request.user)

    def create(self, request, *args, **kwargs):
        require(permissions.can_manage_promise(request.user))
        data = self._input(s.PromiseSerializer)
        promise = services.promise_create(user=request.user, **data)
        return self._answer(promise, status.HTTP_201_CREATED)

    @extend_schema(request=s.PromisePrincipalInput, responses=s.PromiseSerializer)
    @action(detail=True, methods=["post"])
    def principal(self, request, pk=None):
        """E-6: name the principal leader (一把手) answering for a promise still to be kept."""
        promise = self.get_object()
        require(permissions.can_manage_promise(request.user, promise))
        data = dict(self._input(s.PromisePrincipalInput))
        services.promise_principal_name(
            promise=promise, user=request.user, expected_version=data.pop("version"), **data
        )
        return self._answer(promise)

    @extend_schema(request=s.PromiseCloseInput, responses=s.PromiseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        promise = self.get_object()
        require(permissions.can_manage_promise(request.user, promise))
        data = dict(self._input(s.PromiseCloseInput))
        services.promise_close(
            promise=promise, user=request.user, expected_version=data.pop("version"), **data
        )
        return self._answer(promise)


class AssessmentResultViewSet(viewsets.ReadOnlyModelViewSet):
    """E-7: the archived assessments — every unit's for those who follow the assessment, an
    assessed area's or department's own for its users — with the principal leaders who answer
    for a criticised unit's overdue promises and its accountability follow-up (问责)."""

    serializer_class = s.AssessmentResultSerializer
    filterset_class = AssessmentResultFilterSet

    def get_queryset(self):
        return selectors.assessment_result_list(self.request.user)
