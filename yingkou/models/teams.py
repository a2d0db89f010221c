from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.choices import TeamPhase


class TeamQuerySet(models.QuerySet):
    def involving_unit(self, unit_id: int) -> "TeamQuerySet":
        """Teams where the unit leads, cooperates or is the main negotiating unit."""
        return self.filter(
            Q(lead_unit_id=unit_id)
            | Q(main_negotiating_unit_id=unit_id)
            | Q(cooperating_units__id=unit_id)
        )


def team_ids_involving(unit_id: int):
    """The ids of the teams where the unit leads, is the main negotiating unit or cooperates, as
    a union of id sets read from their indexes. Use it as `team_id__in=`: an EXISTS over
    `involving_unit` (a left join with an OR) is evaluated for every row of the outer table and
    misestimated by PostgreSQL at city scale."""
    # Leading and main negotiating are two parts, not an OR, so each is an index-only scan.
    led = Team.objects.filter(lead_unit_id=unit_id).values("pk").order_by()
    negotiating = Team.objects.filter(main_negotiating_unit_id=unit_id).values("pk").order_by()
    cooperating = Team.cooperating_units.through.objects.filter(unit_id=unit_id)
    return led.union(negotiating, cooperating.values("team_id").order_by())


class Team(models.Model):
    """A project's service team in one phase (服务团队, SPEC §1).

    One project, one leader, one team (一个项目、一名领导、一个团队): a later phase starts from a copy of
    the earlier phase's team (A-1, E-1), so each phase keeps its own history.
    """

    project = models.ForeignKey(
        "yingkou.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="teams"
    )
    phase = models.CharField(_("阶段"), max_length=16, choices=TeamPhase.choices)
    lead_leader = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("牵头领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_teams",
    )
    lead_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("牵头单位"),
        on_delete=models.PROTECT,
        related_name="led_teams",
    )
    cooperating_units = models.ManyToManyField(
        "yingkou.Unit", verbose_name=_("配合单位"), blank=True, related_name="cooperating_teams"
    )
    main_negotiating_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("主谈单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="main_negotiating_teams",
    )
    service_liaison = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("服务联络员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_liaison_teams",
    )
    project_liaison = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("项目联络员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_liaison_teams",
    )
    members = models.ManyToManyField(
        "yingkou.User", verbose_name=_("团队成员"), blank=True, related_name="teams"
    )
    history = HistoricalRecords(m2m_fields=[cooperating_units, members])

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务团队")
        verbose_name_plural = _("服务团队")
        constraints = [
            models.UniqueConstraint(fields=["project", "phase"], name="one_team_per_project_phase"),
        ]
        # A unit's visible projects and teams (visible_project_ids, team_ids_involving) are read
        # from these alone, without visiting the table (yingkou/migrations/0010).
        indexes = [
            models.Index(fields=["lead_unit", "project", "id"], name="team_lead_unit_ids"),
            models.Index(
                fields=["main_negotiating_unit", "project", "id"], name="team_main_unit_ids"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_phase_display()}"

    def unit_ids(self) -> set[int]:
        ids = {self.lead_unit_id, self.main_negotiating_unit_id}
        ids.update(unit.pk for unit in self.cooperating_units.all())
        ids.discard(None)
        return ids

    @staticmethod
    def mark_handed_on(teams: list) -> list:
        """§1: of one project's teams, each one handed on to a later phase's (reserve →
        negotiation → assistance → enterprise) is marked `handed_on`: it takes no change any
        more, so a liaison of it who left is said to have left, not asked for."""
        phases = list(TeamPhase.values)
        latest = max((phases.index(team.phase) for team in teams), default=0)
        for team in teams:
            team.handed_on = phases.index(team.phase) < latest
        return teams

    def _answers(self, person) -> bool:
        """N-3, N-5, A-6: the person still answers for the team (`still_answers`) as a person of
        its own units or of their bureaus (N-5: 引进地区人员), or of the units that act for it
        besides: the case's negotiating unit (N-3), the project's own units (A-6: 申报、落地).
        Those are read only for someone outside the team's units, so a list of cases asks no
        more of the database for the liaisons who are where they should be."""
        from yingkou.rules import still_answers

        if still_answers(person, self.unit_ids(), bureaus=True):
            return True
        if person is None or not person.is_active:
            return False
        if self.phase == TeamPhase.NEGOTIATION:
            case = getattr(self, "negotiation_case", None)
            others = {case.negotiating_unit_id} if case is not None else set()
        else:
            others = {self.project.owner_unit_id, self.project.landing_unit_id}
        return still_answers(person, others - {None}, bureaus=True)

    @classmethod
    def answers_q(cls, field: str, prefix: str = "") -> Q:
        """`_answers` for the person in `field` ("service_liaison", "project_liaison") of the team
        at `prefix` ("" on teams, "team__" on cases), as a condition a list filters or annotates
        with (A-6: 缺联络员). Each place he may answer from is its own EXISTS, so a team
        without cooperating units, case or landing unit is not lost to an inner join and the
        negation (`~`) holds for a team with no one named."""
        person = cls.objects.filter(pk=OuterRef(f"{prefix}pk"), **{f"{field}__is_active": True})
        unit, parent = f"{field}__unit_id", f"{field}__unit__parent_id"

        def within(*paths: str, **team) -> Exists:
            # Of the unit itself or of one of its bureaus (N-5: 引进地区人员).
            condition = Q()
            for path in paths:
                condition |= Q(**{unit: F(path)}) | Q(**{parent: F(path)})
            return Exists(person.filter(condition, **team))

        return (
            within("lead_unit_id", "main_negotiating_unit_id")
            | within("cooperating_units__id")
            | within("negotiation_case__negotiating_unit_id", phase=TeamPhase.NEGOTIATION)
            | Exists(
                person.exclude(phase=TeamPhase.NEGOTIATION).filter(
                    Q(**{unit: F("project__owner_unit_id")})
                    | Q(**{parent: F("project__owner_unit_id")})
                    | Q(**{unit: F("project__landing_unit_id")})
                    | Q(**{parent: F("project__landing_unit_id")})
                )
            )
        )

    @classmethod
    def answering_ids(cls, team_ids, *fields: str) -> dict[str, set[int]]:
        """Of the teams `team_ids`, the ids of those whose person in each of `fields` still
        answers (`answers_q`), in one query over those teams alone: for an export's chunk once
        its rows are read (an API page decides from its rows, `PageLiaisonsMixin`). Asked of the
        list's own query instead, the
        subqueries ran for every row it looked at (unit staff's /assistance/ at 100,000
        projects: 107 to 191 ms)."""
        ids = set(team_ids) - {None}
        answering: dict[str, set[int]] = {field: set() for field in fields}
        if not ids:
            return answering
        flags = {
            f"{field}_answers": ExpressionWrapper(cls.answers_q(field), BooleanField())
            for field in fields
        }
        rows = cls.objects.filter(pk__in=ids).annotate(**flags).values_list("pk", *flags)
        for pk, *answers in rows.order_by():
            for field, answer in zip(fields, answers, strict=True):
                if answer:
                    answering[field].add(pk)
        return answering

    @property
    def current_service_liaison(self):
        """The service liaison while they still answer for the team (N-5, A-6, `still_answers`):
        what the pages show and what the rules take as named."""
        person = self.service_liaison
        return person if self._answers(person) else None

    @property
    def current_project_liaison(self):
        """The project liaison while they still answer for the team (N-3, A-6, `still_answers`)."""
        person = self.project_liaison
        return person if self._answers(person) else None

    @property
    def liaison_left(self) -> bool:
        """A service liaison is recorded but answers no more: the pages ask for another."""
        return self.service_liaison_id is not None and self.current_service_liaison is None

    @property
    def project_liaison_left(self) -> bool:
        return self.project_liaison_id is not None and self.current_project_liaison is None

    def liaison_roles_left_by(self, person) -> list[str]:
        """The liaison roles (服务联络员, 项目联络员) `person` holds on the team but answers for no
        more: what a notice asks the lead unit to name again once he left (`person_left`)."""
        return [
            str(label)
            for field, label in (
                ("service_liaison", _("服务联络员")),
                ("project_liaison", _("项目联络员")),
            )
            if getattr(self, f"{field}_id") == person.pk
            and getattr(self, f"current_{field}") is None
        ]
