"""Who downloaded what and who saw a complainant's personal data (issue 15 §9)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from yingkou.audit import downloaded_file
from yingkou.models import AuditEvent, AuditKind
from yingkou.paging import paginate
from yingkou.permissions import can_read_sensitive_reads, require


@login_required
def sensitive_reads(request):
    require(can_read_sensitive_reads(request.user))
    kinds = AuditKind.sensitive_reads()
    kind = request.GET.get("kind")
    events = AuditEvent.objects.filter(kind__in=[kind] if kind in kinds else kinds).select_related(
        "user"
    )
    page = paginate(request, events)
    for event in page:
        # a person's name (the login name if the account is gone); older download records
        # kept the raw header
        event.who = event.user.display_name if event.user else event.username
        if event.detail.startswith("attachment"):
            event.detail = downloaded_file(event.detail)
    choices = [(k, AuditKind(k).label) for k in kinds]
    return render(
        request,
        "audit.html",
        {"page": page, "kinds": choices, "kind": kind if kind in kinds else ""},
    )
