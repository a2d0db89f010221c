from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from yingkou import change_requests, services
from yingkou.filters import ChangeRequestFilterSet, LeaderFilterSet, ProjectFilterSet, UnitFilterSet
from yingkou.models import Leader, Project, ProjectChangeRequest, Unit

from .permissions import ProjectAccess, ReadOnlyOrAdmin
from .serializers import (
    ChangeRequestDecisionSerializer,
    ChangeRequestSerializer,
    LeaderSerializer,
    ProjectSerializer,
    UnitSerializer,
)


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    permission_classes = [IsAuthenticated, ReadOnlyOrAdmin]
    ordering_fields = ["code", "name"]


class LeaderViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Leader.objects.prefetch_related(
        Prefetch("portfolio_units", queryset=Unit.objects.only("id"))
    )
    serializer_class = LeaderSerializer
    filterset_class = LeaderFilterSet
    permission_classes = [IsAuthenticated, ReadOnlyOrAdmin]
    ordering_fields = ["name", "rank"]


class ProjectViewSet(viewsets.ModelViewSet):
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    permission_classes = [IsAuthenticated, ProjectAccess]

    def get_queryset(self):
        return Project.objects.visible_to(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = services.project_create(user=self.request.user, **data)

    @extend_schema(
        responses={
            200: ProjectSerializer,
            202: OpenApiResponse(
                ChangeRequestSerializer,
                description="修改涉及规则字段且项目已入库或有在办事项：已生成待审核的变更申请，"
                "项目保持审定值（其他字段已直接保存）",
            ),
        }
    )
    def update(self, request, *args, **kwargs):
        """A change of a rule field (total investment, industry, landing area, capital origin,
        investor intent) of a project a decision rests on, by unit staff, answers 202 with the
        change request it created; the stage is never edited here (400, §1)."""
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("version")
        edit = services.project_edit(
            project=serializer.instance, user=request.user, expected_version=expected, **data
        )
        if edit.change_request is not None:
            body = ChangeRequestSerializer(edit.change_request).data
            return Response(body, status=status.HTTP_202_ACCEPTED)
        return Response(self.get_serializer(edit.project).data)

    @extend_schema(
        responses={
            200: ProjectSerializer,
            202: OpenApiResponse(ChangeRequestSerializer, description="已生成待审核的变更申请"),
        }
    )
    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.delete_with_history(instance, self.request.user)


class ChangeRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Change requests of projects (变更申请); `?to_review=true` is the caller's review queue.
    `approve` and `return` act at the request's current step (unit reviewer, then the DRC for a
    project in the level-1 pool)."""

    serializer_class = ChangeRequestSerializer
    filterset_class = ChangeRequestFilterSet
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return ProjectChangeRequest.objects.visible_to(self.request.user).order_by(
            "-requested_at", "-id"
        )

    @extend_schema(request=ChangeRequestDecisionSerializer, responses=ChangeRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        decision = ChangeRequestDecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        done = change_requests.change_request_approve(
            request=self.get_object(), user=request.user, comment=decision.validated_data["comment"]
        )
        return Response(ChangeRequestSerializer(done).data)

    @extend_schema(request=ChangeRequestDecisionSerializer, responses=ChangeRequestSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        decision = ChangeRequestDecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        done = change_requests.change_request_return(
            request=self.get_object(), user=request.user, comment=decision.validated_data["comment"]
        )
        return Response(ChangeRequestSerializer(done).data)
