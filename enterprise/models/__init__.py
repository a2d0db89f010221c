"""Operating-enterprise help (投产运营企业帮扶, SPEC §5): enterprises, visits, problems, complaints,
inspections, policy promises and the assessment of areas and departments.

One module per subject; everything is re-exported here, so `enterprise.models.X` and the
migrations keep their paths."""

from .assessment import Accountability, Archive, AssessmentFigures, AssessmentResult
from .complaints import Complaint, ComplaintQuerySet, ComplaintTransfer
from .enterprises import Enterprise, EnterpriseQuerySet
from .inspections import Inspection, InspectionQuerySet
from .problems import Problem, ProblemAction, ProblemHandover, ProblemQuerySet
from .promises import PolicyPromise, PromiseQuerySet
from .visits import Visit, VisitQuerySet

__all__ = [
    "EnterpriseQuerySet",
    "Enterprise",
    "VisitQuerySet",
    "Visit",
    "ProblemQuerySet",
    "Problem",
    "ProblemHandover",
    "ProblemAction",
    "ComplaintQuerySet",
    "Complaint",
    "ComplaintTransfer",
    "InspectionQuerySet",
    "Inspection",
    "PromiseQuerySet",
    "PolicyPromise",
    "AssessmentFigures",
    "AssessmentResult",
    "Accountability",
    "Archive",
]
