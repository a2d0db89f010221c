"""A team's liaison as the API gives it: only while he still answers (N-5, A-6, `still_answers`)."""


def answering_liaison(row, field: str) -> int | None:
    """The id of the team's `field` liaison of a case `row` while he still answers, else None.
    A list's rows carry `<field>_answers` (`Team.answering`), so a page asks nothing more per
    row; a row read without it falls back on the team's own rule."""
    team = row.team
    answers = getattr(row, f"{field}_answers", None)
    if answers is None:
        person = getattr(team, f"current_{field}")
        return None if person is None else person.pk
    return getattr(team, f"{field}_id") if answers else None
