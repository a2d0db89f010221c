from yingkou.choices import NotificationKind

from .audit import AuditEvent, AuditKind
from .authorities import IndustryAuthority
from .calendar import CalendarDay
from .changes import ProjectChangeRequest
from .deadlines import DeadlineQuerySet, DeadlineWork
from .dispatches import Dispatch
from .exports import ExportJob, ExportStatus
from .leaders import Leader
from .notifications import Notification, NotificationPreference
from .projects import Project
from .scheduling import ScheduledRun
from .teams import Team
from .units import Unit
from .users import User

__all__ = [
    "AuditEvent",
    "AuditKind",
    "CalendarDay",
    "DeadlineQuerySet",
    "DeadlineWork",
    "Dispatch",
    "ExportJob",
    "ExportStatus",
    "IndustryAuthority",
    "Leader",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "Project",
    "ProjectChangeRequest",
    "ScheduledRun",
    "Team",
    "Unit",
    "User",
]
