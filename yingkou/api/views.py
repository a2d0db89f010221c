from django.db.models import Prefetch
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from yingkou import services
from yingkou.filters import LeaderFilterSet, ProjectFilterSet, UnitFilterSet
from yingkou.models import Leader, Project, Unit

from .permissions import ProjectAccess, ReadOnlyOrAdmin
from .serializers import LeaderSerializer, ProjectSerializer, UnitSerializer


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
    ordering_fields = ["name", "total_investment", "stage", "updated_at", "id"]
    ordering = ["-total_investment", "id"]

    def get_queryset(self):
        return Project.objects.visible_to(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = services.project_create(user=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version")
        serializer.instance = services.project_update(
            project=serializer.instance,
            user=self.request.user,
            expected_version=expected,
            **data,
        )

    def perform_destroy(self, instance):
        instance._history_user = self.request.user
        instance.delete()
