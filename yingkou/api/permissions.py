from rest_framework.permissions import SAFE_METHODS, BasePermission

from yingkou.permissions import can_create_project, can_delete_project, can_edit_project


class ProjectAccess(BasePermission):
    """Writes are asked of yingkou.permissions; reads are limited by visible_to() in get_queryset."""

    def has_permission(self, request, view):
        if request.method == "POST":
            return can_create_project(request.user)
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        if request.method == "DELETE":
            return can_delete_project(request.user, obj)
        return can_edit_project(request.user, obj)


class ReadOnlyOrAdmin(BasePermission):
    """Reference data: everyone logged in reads; administrators change it in the admin."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or request.user.is_staff
