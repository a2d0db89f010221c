from rest_framework.permissions import SAFE_METHODS, BasePermission

from yingkou import access


class ProjectAccess(BasePermission):
    """Writes go through yingkou.access; reads are limited by visible_to() in get_queryset."""

    def has_permission(self, request, view):
        if request.method == "POST":
            return access.allowed(request.user, "add")
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        action = "delete" if request.method == "DELETE" else "change"
        return access.allowed(request.user, action, obj)


class ReadOnlyOrAdmin(BasePermission):
    """Reference data: everyone logged in reads; administrators change it in the admin."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or request.user.is_staff
