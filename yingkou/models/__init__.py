from .calendar import CalendarDay
from .leaders import Leader
from .projects import Project
from .scheduling import ScheduledRun
from .teams import Team
from .units import Unit
from .users import User

__all__ = ["CalendarDay", "Leader", "Project", "ScheduledRun", "Team", "Unit", "User"]
