from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from yingkou.models import Project
from yingkou.permissions import require

from .. import permissions as perms
from .. import selectors, services
from ..choices import StepAction
from ..filters import EntryFilterSet, PoolFilterSet
from ..models import Entry, Pool, Step
from .serializers import (
    EntrySerializer,
    HandoverSerializer,
    PoolSerializer,
    PublishRequestSerializer,
    StepRequestSerializer,
    WeeklyUpdateRequestSerializer,
    WeeklyUpdateSerializer,
)


def _as_drf(call):
    try:
        return call()
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc) or None) from exc


class PoolViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Reserve pools (R-2) with their health (R-4); the DRC sets plan period and investment."""

    serializer_class = PoolSerializer
    filterset_class = PoolFilterSet
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return Pool.objects.visible_to(self.request.user).select_related("unit")

    def list(self, request, *args, **kwargs):
        queryset = selectors.pools_annotated(self.filter_queryset(self.get_queryset()))
        pools = selectors.with_health(self.paginate_queryset(queryset))
        return self.get_paginated_response(self.get_serializer(pools, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        pool = self.get_object()
        pool.health = selectors.pool_health(pool)
        return Response(self.get_serializer(pool).data)

    def update(self, request, *args, **kwargs):
        # Who may set the plan is asked before the body is read: a reader is refused (403),
        # not told that its body lacks the version.
        require(perms.can_set_plan(request.user, self.get_object()))
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        data = serializer.validated_data
        pool = serializer.instance
        serializer.instance = _as_drf(
            lambda: services.pool_set_plan(
                pool=pool,
                plan_period=data.get("plan_period", pool.plan_period),
                plan_investment=data.get("plan_investment", pool.plan_investment),
                user=self.request.user,
                expected_version=data["version"],
            )
        )
        serializer.instance.health = selectors.pool_health(serializer.instance)

    @extend_schema(request=WeeklyUpdateRequestSerializer, responses=WeeklyUpdateSerializer)
    @action(detail=True, methods=["post"], url_path="weekly-update", url_name="weekly-update")
    def weekly_update(self, request, pk=None):
        """R-5: the unit confirms this week's update of its pool (每周五更新)."""
        pool = self.get_object()
        require(perms.can_confirm_update(request.user, pool))
        body = WeeklyUpdateRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        update = _as_drf(
            lambda: services.weekly_update_confirm(
                pool=pool, user=request.user, note=body.validated_data["note"]
            )
        )
        return Response(WeeklyUpdateSerializer(update).data)


class EntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Declarations into the pools and their review (R-1, R-3)."""

    serializer_class = EntrySerializer
    filterset_class = EntryFilterSet
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        steps = Prefetch("steps", queryset=Step.objects.select_related("actor"))
        return Entry.objects.visible_to(self.request.user).prefetch_related(steps)

    def create(self, request, *args, **kwargs):
        # Who may declare is asked before the body is read: any other role is refused (403)
        # whatever it sends, instead of being told what is wrong with the body.
        require(perms.can_declare(request.user), _("只有单位录入员可以申报储备项目。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        project = serializer.validated_data["project"]
        get_object_or_404(Project.objects.visible_to(self.request.user), pk=project.pk)
        serializer.instance = _as_drf(
            lambda: services.entry_declare(
                project=project,
                user=self.request.user,
                submit=serializer.validated_data.get("submit", False),
            )
        )

    def _step(self, request, step: str):
        entry = self.get_object()
        body = StepRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _as_drf(
            lambda: services.entry_step(
                entry=entry, action=step, user=request.user, comment=body.validated_data["comment"]
            )
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data)

    @extend_schema(request=StepRequestSerializer, responses=EntrySerializer)
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request, pk=None):
        """Unit staff submit a draft or returned entry to their unit reviewer."""
        return self._step(request, StepAction.SUBMIT)

    @extend_schema(request=StepRequestSerializer, responses=EntrySerializer)
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request, pk=None):
        """The unit reviewer (level 2) or the DRC (level 1) approves the entry into the pool."""
        return self._step(request, StepAction.APPROVE)

    @extend_schema(request=StepRequestSerializer, responses=EntrySerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Return the entry with comments (a comment is required, R-3)."""
        return self._step(request, StepAction.RETURN)

    @extend_schema(request=StepRequestSerializer, responses=EntrySerializer)
    @action(detail=True, methods=["post"], url_path="recommend")
    def recommend(self, request, pk=None):
        """The unit reviewer recommends an approved entry to the level-1 pool."""
        return self._step(request, StepAction.RECOMMEND)

    @extend_schema(request=PublishRequestSerializer, responses=EntrySerializer)
    @action(detail=True, methods=["post"], url_path="publish")
    def publish(self, request, pk=None):
        """R-7: publish (or, with `published: false`, withdraw from) the unit's portal."""
        entry = self.get_object()
        require(perms.can_publish(request.user, entry))
        body = PublishRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _as_drf(
            lambda: services.entry_publish(
                entry=entry, published=body.validated_data["published"], user=request.user
            )
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data)

    @extend_schema(request=None, responses=HandoverSerializer)
    @action(detail=True, methods=["post"], url_path="hand-over", url_name="hand-over")
    def hand_over(self, request, pk=None):
        """R-8: hand a pooled project with a clear investor intent to key-project assistance."""
        entry = self.get_object()
        case = _as_drf(lambda: services.entry_hand_over(entry=entry, user=request.user))
        return Response({"entry": entry.pk, "assistance_case": case.pk, "tier": case.tier})

    @extend_schema(request=StepRequestSerializer, responses=EntrySerializer)
    @action(detail=True, methods=["post"], url_path="withdraw")
    def withdraw(self, request, pk=None):
        """Unit staff withdraw an entry not yet in the pool."""
        return self._step(request, StepAction.WITHDRAW)
