"""Who gets through where: one row per route of the project and method, the identities that get
through (2xx/3xx, or 400/409 when a write is refused on its content). Everyone else is kept out
(401, 403, 404 or a redirect to the login). Records in a URL belong to 鲅鱼圈区 (the unit of
`staff` and `reviewer`); `outsider` is staff of 盖州市, `agency` the 鲅鱼圈区 ecology enforcement
branch, `leader` the vice-mayor who assists and convenes for 鲅鱼圈区's project. A row's key is
(method, variant): the variant names another record for the URL (`draft`), a picker's source
(`<source>`) or a body (`BODIES`).

Every route the URL resolver knows has a row (`test_every_route_and_method_has_a_row`): a new
page or API operation is added here with who may use it. The admin is one rule: superusers only.
"""

import datetime as dt

IDENTITIES = [
    "anonymous",
    "staff",
    "reviewer",
    "outsider",
    "agency",
    "drc",
    "bureau",
    "leader",
    "supervisor",
    "legal",
    "admin",
]
NOBODY = frozenset()
EVERYONE = frozenset(IDENTITIES)
SIGNED_IN = EVERYONE - {"anonymous"}
# Those who read 鲅鱼圈区's records: its own unit, the city-wide roles and administrators.
CITY = frozenset({"drc", "bureau", "leader", "supervisor", "legal", "admin"})
READERS = CITY | {"staff", "reviewer"}
UNIT = frozenset({"staff", "reviewer", "admin"})
ADMIN = frozenset({"admin"})
PLAN_DAY = (dt.date.today() + dt.timedelta(days=20)).isoformat()

TABLE = {
    "favicon.ico": {("GET", None): EVERYONE},
    "": {("GET", None): SIGNED_IN},
    "login/": {("GET", None): EVERYONE},
    "logout/": {("POST", None): NOBODY},  # everyone ends on the login page
    "password/": {("GET", None): SIGNED_IN},
    "password/done/": {("GET", None): SIGNED_IN},
    "projects/": {("GET", None): SIGNED_IN},
    "projects/new/": {("GET", None): {"admin", "agency", "drc", "outsider", "staff"}},
    "projects/<int:pk>/": {("GET", None): READERS},
    "projects/<int:pk>/edit/": {("GET", None): {"admin", "drc", "staff"}},
    "projects/change-requests/": {("GET", None): SIGNED_IN},
    # A batch acts only on the caller's own queue: others' ticked requests are ignored (the
    # queue again, none ticked); a GET (a link of that queue) is sent on to the queue.
    "projects/change-requests/batch/": {("GET", None): SIGNED_IN, ("POST", None): SIGNED_IN},
    # A GET (a link of the queue shown again after a refused decision) is sent on to the queue.
    "projects/change-requests/<int:pk>/<slug:decision>/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): UNIT - {"staff"},
    },
    # A file being built is its requester's alone; the download waits for it to be finished
    # (404 until then, for the requester too).
    # A form's remote picker (variant: its source) answers whoever may use that form.
    "choices/<slug:source>/": {
        ("GET", "assistance-open"): {"admin", "agency", "drc", "outsider", "reviewer", "staff"},
        ("GET", "negotiation-open"): SIGNED_IN - {"leader", "legal", "supervisor"},
        ("GET", "reserve-declare"): {"admin", "outsider", "staff"},
        ("GET", "reserve-candidate"): {"admin", "bureau", "drc"},
        ("GET", "complaint-enterprise"): {
            "admin",
            "agency",
            "outsider",
            "reviewer",
            "staff",
            "supervisor",
        },
        ("GET", "inspection-enterprise"): {"agency"},
        ("GET", "no-such-source"): NOBODY,
    },
    "exports/<int:pk>/": {("GET", None): {"staff"}},
    "exports/<int:pk>/download/": {("GET", None): NOBODY},
    "inbox/": {("GET", None): SIGNED_IN},
    "inbox/<int:pk>/": {("GET", None): {"staff"}},
    "inbox/<int:pk>/read/": {("POST", None): {"staff"}},
    "inbox/read-all/": {("POST", None): SIGNED_IN},
    "inbox/preferences/": {("GET", None): SIGNED_IN},
    "scheduled-runs/": {("GET", None): {"admin", "drc"}},
    "audit/": {("GET", None): {"admin", "drc", "supervisor"}},
    "scheduled-runs/rerun/": {("POST", None): {"admin", "drc"}},
    # the bureau runs a pool of its own (R-2, 有关单位)
    "reserve/": {("GET", None): {"admin", "bureau", "drc", "outsider", "reviewer", "staff"}},
    "reserve/declare/": {("GET", None): {"admin", "outsider", "staff"}},
    "reserve/import/": {("GET", None): {"admin", "outsider", "staff"}},
    "reserve/import/template.xlsx": {("GET", None): {"admin", "outsider", "staff"}},
    "reserve/entries/": {("GET", None): SIGNED_IN},
    "reserve/entries/<int:pk>/": {("GET", None): READERS, ("GET", "draft"): UNIT},
    "reserve/entries/<int:pk>/<slug:action>/": {("POST", None): {"admin", "staff"}},
    "reserve/review/": {("GET", None): UNIT - {"staff"}},
    "reserve/review/level-1/": {("GET", None): {"admin", "drc"}},
    # A GET (a link of the queue shown again after a batch with nothing ticked) is sent on to it.
    "reserve/review/batch/": {("GET", None): SIGNED_IN, ("POST", None): {"reviewer", "admin"}},
    "reserve/review/level-1/batch/": {("GET", None): SIGNED_IN, ("POST", None): {"drc", "admin"}},
    # A row of the DRC's queue decides one entry; R-3 asks who may, entry by entry: the entry
    # here waits for its unit's reviewer, so the DRC is refused it (403). A GET (a link of the
    # queue shown again after a refused decision) is sent on to the queue.
    "reserve/review/level-1/<int:pk>/approve/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin"},
    },
    "reserve/review/level-1/<int:pk>/return/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin"},
    },
    "reserve/pools/": {("GET", None): SIGNED_IN},
    "reserve/pools/<int:pk>/": {("GET", None): READERS},
    "reserve/pools/<int:pk>/plan/": {("POST", None): {"admin", "drc"}},
    "reserve/pools/<int:pk>/fund/": {("POST", None): {"admin", "drc"}},
    "reserve/weekly/": {("GET", None): CITY},
    # A GET (a link of the pool shown again after a refused note) is sent on to the pool.
    "reserve/weekly/confirm/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "drc", "outsider", "reviewer", "staff"},
    },
    # the unit's reviewer names its pool's responsible person; no one else, whatever is sent.
    # A GET (a link of the pool shown again after a refused choice) is sent on to the pool.
    "reserve/pools/<int:pk>/responsible/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"reviewer", "admin"},
    },
    "reserve/monthly/": {("GET", None): CITY},
    "reserve/monthly/<period:period>/": {("GET", None): SIGNED_IN},
    "reserve/monthly/<period:period>/circular.xlsx": {("GET", None): SIGNED_IN},
    "reserve/monthly/<period:period>/circular.docx": {("GET", None): SIGNED_IN},
    "reserve/monthly-list/<period:period>.xlsx": {("GET", None): {"admin", "bureau", "drc"}},
    "reserve/candidates/": {("GET", None): CITY - {"legal", "supervisor"}},
    # those who choose the candidates write the reason that keeps one (refused on content:
    # the list again, with the reason). A GET (a link of that list) is sent on to the list.
    "reserve/candidates/<int:pk>/reason/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "bureau", "drc"},
    },
    # the candidate was chosen by the DRC: the DRC removes it, the bureau may not (refused
    # on content without a reason).
    "reserve/candidates/<int:pk>/remove/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "drc"},
    },
    "reserve/public/": {("GET", None): EVERYONE},
    "reserve/public/<slug:code>/": {("GET", None): EVERYONE},
    "reserve/public/<slug:code>.json": {("GET", None): EVERYONE},
    "negotiation/": {("GET", None): SIGNED_IN},
    "negotiation/pool/": {("GET", None): SIGNED_IN},
    # N-6: the investment bureau dispatches the month's progress reports; a GET (a link of the
    # pool shown again after a refused dispatch) is sent on to the pool.
    "negotiation/pool/dispatch/": {("GET", None): SIGNED_IN, ("POST", None): {"bureau", "admin"}},
    "negotiation/new/": {("GET", None): SIGNED_IN - {"leader", "legal", "supervisor"}},
    "negotiation/<int:pk>/": {("GET", None): READERS},
    "negotiation/<int:pk>/move/": {("POST", None): UNIT},
    "negotiation/<int:pk>/team/": {("GET", None): UNIT},
    "negotiation/<int:pk>/team/add-unit/": {("POST", None): UNIT},
    "negotiation/<int:pk>/tasks/new/": {("GET", None): UNIT},
    "negotiation/<int:pk>/questions/new/": {("GET", None): UNIT},
    "negotiation/<int:pk>/meetings/new/": {("GET", None): UNIT},
    "negotiation/<int:pk>/reports/new/": {("GET", None): UNIT},
    "negotiation/tasks/<int:pk>/": {("GET", None): UNIT},
    "negotiation/questions/": {("GET", None): SIGNED_IN},
    # N-4: the question's page, read by those who read its case (and a unit escalated to).
    "negotiation/questions/<int:pk>/": {("GET", None): READERS},
    "negotiation/questions/<int:pk>/answer/": {("GET", None): UNIT},
    "negotiation/circulars/": {("GET", None): SIGNED_IN},
    "negotiation/circulars/<str:period>/": {("GET", None): NOBODY},
    "negotiation/appraisal/": {("GET", None): CITY - {"legal"}},
    "assistance/": {("GET", None): SIGNED_IN},
    "assistance/open/": {
        ("GET", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"}
    },
    "assistance/<int:pk>/": {("GET", None): READERS},
    "assistance/<int:pk>/team/": {("GET", None): {"admin", "drc", "reviewer", "staff"}},
    "assistance/<int:pk>/team/compile/": {("POST", None): {"admin", "drc"}},
    "assistance/<int:pk>/team/approve/": {("POST", None): {"admin", "leader"}},
    "assistance/<int:pk>/team/return/": {("POST", None): {"admin", "leader"}},
    "assistance/<int:pk>/stage/": {("POST", None): {"admin", "drc", "reviewer", "staff"}},
    # the lead area or department records its own portal's publication; no one else.
    "assistance/<int:pk>/publication/": {("POST", None): {"reviewer", "staff"}},
    # Only an industry department names its own staff for a project; none of these is one.
    "assistance/<int:pk>/industry-service/": {("POST", None): NOBODY},
    "assistance/<int:pk>/progress/": {("POST", None): {"admin", "drc", "reviewer", "staff"}},
    "assistance/<int:pk>/problems/new/": {("GET", None): {"admin", "drc", "reviewer", "staff"}},
    "assistance/<int:pk>/meetings/new/": {
        ("GET", None): READERS - {"bureau", "legal", "supervisor"}
    },
    "assistance/problems/": {("GET", None): SIGNED_IN},
    "assistance/problems/<int:pk>/": {("GET", None): READERS},
    "assistance/problems/<int:pk>/solve/": {("POST", None): {"admin", "drc", "reviewer", "staff"}},
    "assistance/problems/<int:pk>/escalate/": {
        ("POST", None): {"admin", "drc", "reviewer", "staff"}
    },
    "assistance/problems/<int:pk>/instruct/": {("POST", None): {"admin", "drc", "leader"}},
    "assistance/escalations/": {("GET", None): {"admin", "drc", "leader"}},
    "assistance/queue/": {("GET", None): SIGNED_IN},
    "assistance/actions/": {("GET", None): SIGNED_IN},
    "assistance/meetings/<int:pk>/": {("GET", None): READERS},
    # only the convening leader's unit and the assisting leader edit the minutes and agree
    # tasks; the units attending (鲅鱼圈区 here) do not.
    "assistance/meetings/<int:pk>/minutes/": {("POST", None): {"leader", "admin"}},
    "assistance/meetings/<int:pk>/items/": {("POST", None): {"leader", "admin"}},
    # The world's meeting has no task yet: its task 1 is no one's to report on.
    "assistance/meetings/<int:pk>/items/<int:item_pk>/done/": {("POST", None): NOBODY},
    "assistance/groups/": {("GET", None): SIGNED_IN},
    "assistance/groups/new/": {("GET", None): {"admin", "drc"}},
    "assistance/groups/<int:pk>/edit/": {("GET", None): {"admin", "drc"}},
    "assistance/liaisons/": {
        ("GET", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"}
    },
    "assistance/plan/": {
        ("GET", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"}
    },
    # a unit sees its own plans, city-wide roles every unit's; only the plan's own unit
    # records its publication on its portal.
    "assistance/plans/": {("GET", None): SIGNED_IN},
    "assistance/plans/<int:pk>/": {("GET", None): READERS},
    "assistance/plans/<int:pk>/publication/": {("POST", None): {"reviewer", "staff"}},
    "assistance/reports/": {("GET", None): SIGNED_IN},
    "assistance/reports/<int:pk>/": {("GET", None): SIGNED_IN},
    "assistance/inspection/": {("GET", None): SIGNED_IN},  # 向全市通报
    "assistance/public/": {("GET", None): EVERYONE},
    "assistance/public/<str:code>/": {("GET", None): EVERYONE},
    "assistance/public/<str:code>/feed.json": {("GET", None): EVERYONE},
    # A batch acts only on the caller's own queue: others' ticked teams are ignored (the queue
    # again, none ticked).
    "assistance/teams/batch/": {("POST", None): SIGNED_IN},
    "assistance/weekly/": {("GET", None): SIGNED_IN},
    "assistance/<int:pk>/weekly/": {("GET", None): {"staff", "reviewer", "drc", "admin"}},
    "assistance/progress/": {("GET", None): EVERYONE},  # published progress (norm 二(一))
    "assistance/coordination/": {("GET", None): SIGNED_IN},
    "assistance/<int:pk>/coordination/": {("GET", None): {"staff", "reviewer", "drc", "admin"}},
    "assistance/coordination/reports/<int:pk>/": {("GET", None): READERS},
    "api/v1/assistance/weekly/": {("GET", None): SIGNED_IN},
    # A-8 季度考核: every signed-in user reads a quarter; its rows are each unit's own (or all of
    # them for the city-wide roles).
    "api/v1/assistance/inspections/": {("GET", None): SIGNED_IN},
    "api/v1/assistance/inspections/<str:quarter>/": {("GET", None): SIGNED_IN},
    "api/v1/assistance/reports/": {("GET", None): SIGNED_IN},
    "api/v1/assistance/reports/<pk>/": {("GET", None): SIGNED_IN},
    "api/v1/assistance/projects/<pk>/coordination/": {
        ("POST", None): {"staff", "reviewer", "drc", "admin"}
    },
    "api/v1/assistance/projects/<pk>/weekly/": {
        ("POST", None): {"staff", "reviewer", "drc", "admin"}
    },
    "api/v1/assistance/coordination/": {("GET", None): SIGNED_IN},
    "api/v1/assistance/coordination/compile/": {("POST", None): {"drc", "admin"}},
    "api/v1/assistance/coordination/<pk>/": {("GET", None): READERS},
    "api/v1/assistance/coordination/<pk>/decide/": {("POST", None): {"leader", "drc", "admin"}},
    "enterprise/": {("GET", None): SIGNED_IN},
    "enterprise/new/": {("GET", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"}},
    "enterprise/from-project/": {
        ("GET", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"}
    },
    "enterprise/<int:pk>/": {("GET", None): READERS},
    "enterprise/<int:pk>/edit/": {("GET", None): {"admin", "drc", "reviewer", "staff"}},
    "enterprise/<int:pk>/visits/new/": {("GET", None): {"admin", "drc", "reviewer", "staff"}},
    "enterprise/<int:pk>/problems/new/": {("GET", None): {"admin", "drc", "reviewer", "staff"}},
    "enterprise/<int:pk>/promises/new/": {("GET", None): {"admin", "drc", "reviewer", "staff"}},
    "enterprise/visits/": {("GET", None): SIGNED_IN},
    "enterprise/problems/": {("GET", None): SIGNED_IN},
    "enterprise/problems/<int:pk>/": {("GET", None): READERS},
    # E-3 首问负责: only the owning unit works on the problem (an administrator has no unit).
    "enterprise/problems/<int:pk>/materials/": {("POST", None): UNIT - {"admin"}},
    "enterprise/problems/<int:pk>/actions/": {("POST", None): UNIT - {"admin"}},
    "enterprise/problems/<int:pk>/hand-on/": {("POST", None): UNIT - {"admin"}},
    "enterprise/problems/<int:pk>/solve/": {("POST", None): UNIT - {"admin"}},
    # E-3: the unit asked to help (鲅鱼圈区 in the world) reports its task done.
    "enterprise/problems/<int:pk>/actions/done/": {("POST", None): {"staff", "reviewer"}},
    "enterprise/complaints/": {("GET", None): SIGNED_IN},
    "enterprise/complaints/new/": {
        ("GET", None): {"admin", "agency", "outsider", "reviewer", "staff", "supervisor"}
    },
    "enterprise/complaints/<int:pk>/": {("GET", None): READERS},
    "enterprise/complaints/<int:pk>/transfer/": {("POST", None): UNIT},
    "enterprise/complaints/<int:pk>/reply/": {("POST", None): UNIT},
    "enterprise/complaints/<int:pk>/statutory-days/": {("POST", None): UNIT},
    # E-7: the return visit is recorded by the handling unit and the supervision bureau.
    "enterprise/complaints/<int:pk>/feedback/": {("POST", None): UNIT | {"supervisor"}},
    "enterprise/complaint/": {("GET", None): EVERYONE},
    "enterprise/complaint/received/": {("GET", None): EVERYONE},
    "enterprise/complaint/track/": {("GET", None): EVERYONE},
    "enterprise/inspections/": {("GET", None): SIGNED_IN},
    "enterprise/inspections/new/": {("GET", None): {"agency"}},
    # E-5: those who merge are shown the page again with the merge refused (nothing sent); a GET
    # (a link of that page) is sent on to the inspections.
    "enterprise/inspections/merge/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "legal", "reviewer"},
    },
    "enterprise/inspections/<int:pk>/": {("GET", None): SIGNED_IN - {"outsider"}},
    "enterprise/inspections/<int:pk>/approve/": {
        ("POST", None): {"admin", "leader", "legal", "reviewer"}
    },
    "enterprise/inspections/<int:pk>/reject/": {
        ("POST", None): {"admin", "leader", "legal", "reviewer"}
    },
    "enterprise/inspections/<int:pk>/carry-out/": {("POST", None): {"agency"}},
    # E-5: the agency that carries an inspection out withdraws it.
    "enterprise/inspections/<int:pk>/withdraw/": {("POST", None): {"agency"}},
    # E-5: the agency that files a plan sets another day for it.
    "enterprise/inspections/<int:pk>/redate/": {("POST", None): {"agency"}},
    "enterprise/promises/": {("GET", None): SIGNED_IN},
    "enterprise/promises/<int:pk>/": {("GET", None): READERS},
    "enterprise/assessment/": {("GET", None): CITY - {"bureau", "legal"}},
    # E-7: every assessed area or department reports its own figures (鲅鱼圈区, 盖州市).
    "enterprise/assessment/figures/": {
        ("GET", None): {"admin", "supervisor", "staff", "reviewer", "outsider"}
    },
    # E-7: an assessed area or department reads its own result; who sees the whole assessment is
    # sent to it.
    "enterprise/assessment/result/": {
        ("GET", None): CITY - {"bureau", "legal"} | {"staff", "reviewer", "outsider"}
    },
    "api/v1/auth/token/": {("POST", None): EVERYONE},
    "api/v1/reserve/pools/": {("GET", None): SIGNED_IN},
    # the DRC sets the plan; a reader sending nothing is refused, not told what is missing.
    "api/v1/reserve/pools/<pk>/": {
        ("GET", None): READERS,
        ("PATCH", None): {"admin", "drc"},
        ("PATCH", "bare"): {"admin", "drc"},
    },
    "api/v1/reserve/pools/<pk>/weekly-update/": {
        ("POST", None): UNIT,
        ("POST", "long"): UNIT,  # a note too long is refused on its content, only to its unit
    },
    "api/v1/reserve/entries/": {
        ("GET", None): SIGNED_IN,
        # Unit staff declare; anyone else is refused before the body is read.
        ("POST", None): {"staff", "outsider", "agency", "admin"},
        ("POST", "declared"): {"staff"},
    },
    "api/v1/reserve/entries/<pk>/": {("GET", None): READERS, ("GET", "draft"): UNIT},
    "api/v1/reserve/entries/<pk>/approve/": {("POST", None): UNIT - {"staff"}},
    "api/v1/reserve/entries/<pk>/hand-over/": {("POST", None): {"admin", "drc", "reviewer"}},
    "api/v1/reserve/entries/<pk>/publish/": {("POST", None): {"admin", "drc", "reviewer", "staff"}},
    "api/v1/reserve/entries/<pk>/recommend/": {("POST", None): UNIT - {"staff"}},
    "api/v1/reserve/entries/<pk>/return/": {("POST", None): UNIT - {"staff"}},
    "api/v1/reserve/entries/<pk>/submit/": {("POST", None): {"admin", "staff"}},
    "api/v1/reserve/entries/<pk>/withdraw/": {("POST", None): {"admin", "staff"}},
    # Only people acting for a unit sit on a team: the city-wide followers are refused before the
    # body is read; which case is the service's question.
    "api/v1/negotiations/questions/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): SIGNED_IN - {"leader", "supervisor", "legal"},
        # N-4: on 鲅鱼圈区's case, only its team records a question; others cannot read the case.
        ("POST", "on_case"): UNIT,
    },
    "api/v1/negotiations/questions/<pk>/": {("GET", None): READERS},
    # N-4: the owner unit and the lead unit answer (the world's question is not for the city).
    "api/v1/negotiations/questions/<pk>/answer/": {("POST", None): UNIT},
    "api/v1/negotiations/tasks/": {("GET", None): SIGNED_IN},
    # N-6: the investment bureau dispatches a month's reports; the city-wide roles read them
    # (a unit's list is empty); anyone else is refused before the body is read.
    "api/v1/negotiations/dispatches/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"bureau", "admin"},
    },
    "api/v1/negotiations/tasks/<pk>/": {("GET", None): READERS},
    # N-3: the owner unit and the lead unit report on a task.
    "api/v1/negotiations/tasks/<pk>/report/": {("POST", None): UNIT},
    "api/v1/negotiations/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): SIGNED_IN - {"leader", "supervisor", "legal"},
    },
    "api/v1/negotiations/<pk>/": {("GET", None): READERS},
    "api/v1/negotiations/<pk>/composition/": {("GET", None): READERS},
    # N-3 (谁牵头、谁负责): the lead unit's actions; readers are refused before the body is read.
    "api/v1/negotiations/<pk>/move/": {("POST", None): UNIT},
    "api/v1/negotiations/<pk>/tasks/": {("POST", None): UNIT},
    "api/v1/negotiations/<pk>/team/": {("POST", None): UNIT},
    "api/v1/assistance/projects/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "drc", "reviewer", "staff"},
    },
    "api/v1/assistance/projects/<pk>/": {("GET", None): READERS},
    "api/v1/assistance/projects/<pk>/approve/": {("POST", None): {"admin", "leader"}},
    "api/v1/assistance/projects/<pk>/compile/": {("POST", None): {"admin", "drc"}},
    "api/v1/assistance/projects/<pk>/propose/": {
        ("POST", None): {"admin", "drc", "reviewer", "staff"}
    },
    "api/v1/assistance/projects/<pk>/return/": {("POST", None): {"admin", "leader"}},
    "api/v1/assistance/projects/<pk>/publication/": {("POST", None): {"reviewer", "staff"}},
    # a unit writes its own plan, as on its page (the DRC and an administrator theirs too);
    # 鲅鱼圈区's plan only its own unit, whoever reads it.
    "api/v1/assistance/plans/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"},
        ("POST", "area"): {"reviewer", "staff"},
    },
    "api/v1/assistance/plans/<pk>/": {
        ("GET", None): READERS,
        ("PATCH", None): {"reviewer", "staff"},
        ("PUT", None): {"reviewer", "staff"},
    },
    "api/v1/assistance/plans/<pk>/publication/": {("POST", None): {"reviewer", "staff"}},
    "api/v1/assistance/problems/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "drc", "reviewer", "staff"},
    },
    "api/v1/assistance/problems/<pk>/": {("GET", None): READERS},
    "api/v1/assistance/problems/<pk>/escalate/": {
        ("POST", None): {"admin", "drc", "reviewer", "staff"}
    },
    "api/v1/assistance/problems/<pk>/solve/": {
        ("POST", None): {"admin", "drc", "reviewer", "staff"}
    },
    "api/v1/enterprises/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"},
    },
    "api/v1/enterprises/from-project/": {
        ("POST", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"}
    },
    "api/v1/enterprises/<pk>/": {
        ("GET", None): READERS,
        ("PATCH", None): {"admin", "drc", "reviewer", "staff"},
    },
    "api/v1/enterprise/visits/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"},
    },
    "api/v1/enterprise/visits/<pk>/": {("GET", None): READERS},
    "api/v1/enterprise/complaints/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "agency", "outsider", "reviewer", "staff", "supervisor"},
    },
    "api/v1/enterprise/complaints/<pk>/": {("GET", None): READERS},
    "api/v1/enterprise/complaints/<pk>/reply/": {("POST", None): UNIT},
    "api/v1/enterprise/complaints/<pk>/statutory-days/": {("POST", None): UNIT},
    "api/v1/enterprise/complaints/<pk>/transfer/": {("POST", None): UNIT},
    "api/v1/enterprise/inspections/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"agency"},
        ("POST", "elsewhere"): NOBODY,
    },
    # 鲅鱼圈区 has no legal affairs office here, so its government's reviewer merges its plans (E-5).
    "api/v1/enterprise/inspections/merge/": {("POST", None): {"admin", "legal", "reviewer"}},
    "api/v1/enterprise/inspections/<pk>/": {("GET", None): SIGNED_IN - {"outsider"}},
    "api/v1/enterprise/inspections/<pk>/approve/": {
        ("POST", None): {"admin", "leader", "legal", "reviewer"}
    },
    "api/v1/enterprise/inspections/<pk>/carry-out/": {("POST", None): {"agency"}},
    "api/v1/enterprise/inspections/<pk>/withdraw/": {("POST", None): {"agency"}},
    "api/v1/enterprise/inspections/<pk>/redate/": {("POST", None): {"agency"}},
    "api/v1/enterprise/inspections/<pk>/reject/": {
        ("POST", None): {"admin", "leader", "legal", "reviewer"}
    },
    "api/v1/enterprise/problems/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"},
    },
    "api/v1/enterprise/problems/<pk>/": {("GET", None): READERS},
    "api/v1/enterprise/problems/<pk>/complete-action/": {("POST", None): {"staff", "reviewer"}},
    "api/v1/enterprise/problems/<pk>/hand-on/": {("POST", None): UNIT - {"admin"}},
    "api/v1/enterprise/problems/<pk>/materials/": {("POST", None): UNIT - {"admin"}},
    "api/v1/enterprise/problems/<pk>/request-action/": {("POST", None): UNIT - {"admin"}},
    "api/v1/enterprise/problems/<pk>/solve/": {("POST", None): UNIT - {"admin"}},
    "api/v1/enterprise/promises/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "agency", "drc", "outsider", "reviewer", "staff"},
    },
    "api/v1/enterprise/promises/<pk>/": {("GET", None): READERS},
    "api/v1/enterprise/promises/<pk>/close/": {
        ("POST", None): {"admin", "drc", "reviewer", "staff"}
    },
    "api/v1/enterprise/promises/<pk>/principal/": {
        ("POST", None): {"admin", "drc", "reviewer", "staff"}
    },
    # E-7: 鲅鱼圈区's archived result — those who follow the assessment and its own users.
    "api/v1/enterprise/assessments/": {("GET", None): SIGNED_IN},
    "api/v1/enterprise/assessments/<pk>/": {
        ("GET", None): {"admin", "drc", "leader", "supervisor", "staff", "reviewer"}
    },
    "api/v1/units/": {("GET", None): SIGNED_IN},
    "api/v1/units/<pk>/": {("GET", None): SIGNED_IN},
    "api/v1/leaders/": {("GET", None): SIGNED_IN},
    "api/v1/leaders/<pk>/": {("GET", None): SIGNED_IN},
    "api/v1/projects/": {
        ("GET", None): SIGNED_IN,
        ("POST", None): {"admin", "agency", "drc", "outsider", "staff"},
    },
    "api/v1/projects/<pk>/": {("GET", None): READERS, ("PATCH", None): {"admin", "drc", "staff"}},
    "api/v1/change-requests/": {("GET", None): SIGNED_IN},
    "api/v1/change-requests/<pk>/": {("GET", None): READERS},
    "api/v1/change-requests/<pk>/approve/": {("POST", None): UNIT - {"staff"}},
    "api/v1/change-requests/<pk>/return/": {("POST", None): UNIT - {"staff"}},
    "api/v1/": {("GET", None): SIGNED_IN},
    "admin/login/": {("GET", None): EVERYONE},
    # An administrator logging out ends on the login page; anyone else is sent to the admin's
    # index, which asks for the login.
    "admin/logout/": {("POST", None): EVERYONE - {"admin"}},
    "api/schema/": {("GET", None): EVERYONE},
    "api/docs/": {("GET", None): EVERYONE},
}


# Bodies of the writes that need one to reach the check being tested, by (route, method, variant);
# each takes the record ids of the world.
BODIES = {
    ("projects/change-requests/batch/", "POST", None): lambda pk: {
        "action": "approve",
        "changes": pk["change"],
    },
    ("api/v1/reserve/pools/<pk>/", "PATCH", None): lambda pk: {
        "plan_investment": "1",
        "version": 1,
    },
    ("api/v1/assistance/projects/<pk>/coordination/", "POST", None): lambda pk: {
        "involved_unit": pk["department"],
        "matter": "协调用水接入",
    },
    ("api/v1/assistance/projects/<pk>/weekly/", "POST", None): lambda pk: {
        "progress": "主体施工",
        "investment": "100.00",
    },
    ("api/v1/assistance/coordination/<pk>/decide/", "POST", None): lambda pk: {
        "agreed": True,
        "decision": "同意",
    },
    ("assistance/teams/batch/", "POST", None): lambda pk: {
        "action": "approve",
        "cases": pk["case"],
    },
    ("api/v1/reserve/pools/<pk>/weekly-update/", "POST", "long"): lambda pk: {"note": "长" * 501},
    ("api/v1/negotiations/questions/", "POST", "on_case"): lambda pk: {
        "negotiation": pk["negotiation"],
        "kind": "policy",
        "question": "用地指标何时落实？",
        "owner_unit": pk["unit"],
        "asked_on": "2026-11-02",
    },
    ("reserve/review/batch/", "POST", None): lambda pk: {
        "action": "approve",
        "entries": pk["entry"],
    },
    ("reserve/review/level-1/batch/", "POST", None): lambda pk: {
        "action": "approve",
        "entries": pk["entry"],
    },
    # The declaration oracle: declaring a project that already has a declaration is 400 for its
    # unit, 404 for everyone who cannot read the project.
    ("api/v1/reserve/entries/", "POST", "declared"): lambda pk: {"project": pk["project"]},
    ("assistance/meetings/<int:pk>/minutes/", "POST", None): lambda pk: {
        "minutes": "改写的纪要",
        "decisions": "改写的议定事项",
    },
    ("assistance/meetings/<int:pk>/items/", "POST", None): lambda pk: {
        "description": "补充的任务",
        "owner_unit": pk["unit"],
        "due_on": PLAN_DAY,
    },
    # Opening a case and recording a problem name the case or project in the body: whoever
    # cannot read it gets 404, whoever reads it without working on it 403.
    ("api/v1/assistance/projects/", "POST", None): lambda pk: {
        "project": pk["project"],
        "source": "direct",
    },
    ("api/v1/assistance/problems/", "POST", None): lambda pk: {
        "case": pk["case"],
        "category": "land",
        "title": "用地手续",
        "owner_unit": pk["unit"],
        "due_on": PLAN_DAY,
    },
    ("api/v1/assistance/plans/", "POST", "area"): lambda pk: {
        "unit": pk["unit"],
        "year": 2027,
        "title": "鲅鱼圈区2027年重点项目精准帮扶方案",
        "content": "一企一策",
        "is_published": True,
    },
    # E-5: an agency plans inspections of the enterprises in its jurisdiction only.
    ("api/v1/enterprise/inspections/", "POST", None): lambda pk: {
        "enterprise": pk["enterprise"],
        "planned_on": PLAN_DAY,
        "purpose": "环保设施运行检查",
    },
    ("api/v1/enterprise/inspections/", "POST", "elsewhere"): lambda pk: {
        "enterprise": pk["other_enterprise"],
        "planned_on": PLAN_DAY,
        "purpose": "环保设施运行检查",
    },
}
