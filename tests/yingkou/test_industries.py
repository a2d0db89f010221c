"""The industry list is GB/T 4754-2017's: every section (门类) and every division (大类)."""

import pytest

from yingkou.industries import (
    DIVISIONS,
    SECTIONS,
    industry_choices,
    industry_label,
    section_of_division,
)


def test_every_division_of_the_standard_is_offered_under_its_section():
    assert len(SECTIONS) == 20 and len(DIVISIONS) == 97
    assert sorted(DIVISIONS) == [f"{number:02d}" for number in range(1, 98)]
    codes = [code for code, _label in industry_choices()]
    assert len(codes) == 117 and len(set(codes)) == 117
    # Each division right after its own section, in number order.
    assert codes[:7] == ["A", "A01", "A02", "A03", "A04", "A05", "B"]
    for code in codes:
        if len(code) == 3:
            assert section_of_division(code[1:]) == code[0]


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("C27", "医药制造业"),
        ("C35", "专用设备制造业"),
        ("C37", "铁路、船舶、航空航天和其他运输设备制造业"),
        ("G54", "道路运输业"),
        ("G58", "多式联运和运输代理业"),
        # R87 is broadcasting and film; culture and arts is R88.
        ("R87", "广播、电视、电影和录音制作业"),
        ("R88", "文化艺术业"),
        ("T97", "国际组织"),
    ],
)
def test_divisions_carry_their_names_in_the_standard(code, label):
    assert industry_label(code) == label
