"""Row-level access as one queryset method (SPEC §0), shared by every business model."""

from django.db import models


class UnitScopedQuerySet(models.QuerySet):
    """`visible_to(user)`: nothing for anonymous users, everything for city-wide roles, nothing for
    a unit-bound user without a unit, else what `for_unit(user)` says their unit may see.

    A record outside `visible_to` is a 404 for that user on every page, endpoint and export.
    """

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_city_wide:
            return self
        if not user.unit_id:
            return self.none()
        return self.for_unit(user)

    def for_unit(self, user):
        """The records of `user.unit_id`'s remit: its own and those where it is on the team."""
        raise NotImplementedError
