"""What the demo's story must not say: a record of the negotiation, assistance or enterprise demo
dated after today, or before the case (the enterprise) it belongs to was opened (registered), or
a deadline set before the day it is counted from. A deadline or a planned inspection may lie
ahead of today; what happened may not."""

import datetime as dt


def misdated(today: dt.date) -> list[tuple]:
    """Every such record, as (what, id, field, its day, what it is measured against, that day)."""
    from assistance import models as assistance
    from enterprise import models as enterprise
    from negotiation import models as negotiation

    found = []

    def check(label, rows, opened, *happened, due_from=None):
        """`happened` fields lie between `opened(row)` and today; `due_on` is not before
        `due_from(row)`."""
        for row in rows:
            start = opened(row)
            for field in happened:
                day = getattr(row, field)
                if day is not None and not start <= day <= today:
                    found.append((label, row.pk, field, day, "opened", start))
            if due_from is not None and row.due_on < due_from(row):
                found.append((label, row.pk, "due_on", row.due_on, "from", due_from(row)))

    case = "case"
    check(
        "assistance case",
        assistance.AssistanceCase.objects.all(),
        lambda c: c.opened_on,
        "opened_on",
        "team_approved_on",
        "handed_over_on",
        "tier_changed_on",
    )
    check(
        "assistance problem",
        assistance.Problem.objects.select_related(case),
        lambda p: p.case.opened_on,
        "raised_on",
        "done_on",
        "escalated_on",
        due_from=lambda p: p.raised_on,
    )
    check(
        "joint meeting",
        assistance.JointMeeting.objects.select_related(case),
        lambda m: m.case.opened_on,
        "held_on",
    )
    check(
        "meeting task",
        assistance.ActionItem.objects.select_related("meeting"),
        lambda a: a.meeting.held_on,
        "done_on",
        due_from=lambda a: a.meeting.held_on,
    )
    check(
        "monthly progress",
        assistance.ProgressReport.objects.select_related(case),
        lambda r: r.case.opened_on.replace(day=1),
        "month",
    )
    check(
        "weekly progress",
        assistance.WeeklyProgress.objects.select_related(case),
        lambda r: r.case.opened_on,
        "reported_on",
    )
    check(
        "coordination",
        assistance.CoordinationEntry.objects.select_related(case),
        lambda e: e.case.opened_on,
        "proposed_on",
        "decided_on",
    )
    check(
        "negotiation case",
        negotiation.NegotiationCase.objects.all(),
        lambda c: c.opened_on,
        "opened_on",
        "stage_changed_on",
        "signed_on",
        "ended_on",
    )
    check(
        "stage move",
        negotiation.StageTransition.objects.select_related(case),
        lambda t: t.case.opened_on,
        "on",
    )
    check(
        "investor question",
        negotiation.InvestorQuestion.objects.select_related(case),
        lambda q: q.case.opened_on,
        "asked_on",
        "answered_on",
        "done_on",
        "escalated_on",
        due_from=lambda q: q.asked_on,
    )
    check(
        "team task",
        negotiation.TeamTask.objects.select_related(case),
        lambda t: t.case.opened_on,
        "assigned_on",
        "done_on",
        due_from=lambda t: t.assigned_on,
    )
    check(
        "team meeting",
        negotiation.TeamMeeting.objects.select_related(case),
        lambda m: m.case.opened_on,
        "held_on",
    )
    check(
        "progress report",
        negotiation.ProgressReport.objects.select_related(case),
        lambda r: r.case.opened_on,
        "reported_on",
    )
    check(
        "enterprise",
        enterprise.Enterprise.objects.all(),
        lambda e: e.registered_on,
        "registered_on",
    )
    registered = "enterprise"
    check(
        "visit",
        enterprise.Visit.objects.select_related(registered),
        lambda v: v.enterprise.registered_on,
        "visited_on",
    )
    check(
        "enterprise problem",
        enterprise.Problem.objects.select_related(registered),
        lambda p: p.enterprise.registered_on,
        "raised_on",
        "materials_notified_on",
        "done_on",
        due_from=lambda p: p.raised_on,
    )
    check(
        "problem hand-on",
        enterprise.ProblemHandover.objects.select_related("problem"),
        lambda h: h.problem.raised_on,
        "handed_on",
    )
    check(
        "problem action",
        enterprise.ProblemAction.objects.select_related("problem"),
        lambda a: a.problem.raised_on,
        "done_on",
        due_from=lambda a: a.problem.raised_on,
    )
    check(
        "complaint",
        enterprise.Complaint.objects.select_related(registered),
        lambda c: c.enterprise.registered_on if c.enterprise else c.received_on,
        "received_on",
        "done_on",
        due_from=lambda c: c.received_on,
    )
    check(
        "complaint transfer",
        enterprise.ComplaintTransfer.objects.select_related("complaint"),
        lambda t: t.complaint.received_on,
        "transferred_on",
    )
    check(
        "inspection",
        enterprise.Inspection.objects.select_related(registered),
        lambda i: i.enterprise.registered_on,
        "approved_on",
        "carried_out_on",
    )
    check(
        "promise",
        enterprise.PolicyPromise.objects.select_related(registered),
        lambda p: p.enterprise.registered_on,
        "promised_on",
        "honoured_on",
        due_from=lambda p: p.promised_on,
    )
    return found
