"""The demo's problems are filed under the category their text is about (E-3)."""

import pytest

from enterprise import demo as enterprise_demo
from enterprise.choices import ProblemCategory
from enterprise.models import Problem
from yingkou import demo as foundation_demo

FITTING = {
    "流动资金紧张，希望对接银行": ProblemCategory.FUNDS,
    "技术工人短缺": ProblemCategory.LABOUR,
    "扩建用地指标不足": ProblemCategory.LAND,
    "夏季用电高峰限电": ProblemCategory.OTHER,
}


def test_each_demo_problem_text_has_its_fitting_category():
    assert enterprise_demo.PROBLEM_CATEGORIES == FITTING


@pytest.mark.django_db
def test_seeded_problems_are_filed_under_the_category_of_their_text():
    foundation_demo.seed(projects=80)
    enterprise_demo.seed()
    problems = list(Problem.objects.values_list("description", "category"))
    assert len({category for _, category in problems}) > 1
    assert [(d, c) for d, c in problems if FITTING[d] != c] == []
