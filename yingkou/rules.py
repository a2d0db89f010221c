"""Rules of the shared domain (SPEC §1 and its appendix): one function each."""

import datetime as dt

from django.utils.translation import gettext as _

# Codes of the current form (发改投资〔2020〕1439号) are issued since November 2020.
NEW_FORM_SINCE = (2020, 11)


def project_code_check_digit(digits: str) -> int:
    """SPEC appendix: the check digit of a national project code, ISO/IEC 7064 MOD 11,10
    (GB/T 17710) over its first 19 digits."""
    p = 10
    for char in digits:
        s = (p + int(char)) % 10 or 10
        p = (s * 2) % 11
    return (11 - p) % 10


def project_code_issued(code: str) -> tuple[int, int] | None:
    """SPEC appendix (corrected): the (year, month) of issue read from the first four digits
    `YYMM` of a current-form code (2509 = September 2025); None when they are not a month of
    the current form (an older `YYYY-` code, or no month at all)."""
    year, month = 2000 + int(code[:2]), int(code[2:4])
    if not 1 <= month <= 12 or (year, month) < NEW_FORM_SINCE:
        return None
    return year, month


def project_code_warnings_rule(code: str | None, *, today: dt.date | None = None) -> list[str]:
    """SPEC appendix, decision: what is doubtful about a well-formed national project code,
    as warnings shown to the user — never a refusal. A current-form code (`YYMM-…`) must carry
    a valid MOD 11,10 check digit and a month of issue not in the future; an older `YYYY-…`
    code (a year up to 2020) is accepted as it is; four digits that are neither get a warning.
    """
    if not code:
        return []
    issued = project_code_issued(code)
    if issued is None:
        year = int(code[:4])
        if 2000 <= year <= NEW_FORM_SINCE[0]:
            return []  # an older code, before the check digit
        return [
            _(
                "项目代码前四位应为赋码年月（YYMM，如 2509 表示2025年9月），“%(head)s”不是有效年月，请核对。"
            )
            % {"head": code[:4]}
        ]
    warnings = []
    if today and issued > (today.year, today.month):
        warnings.append(_("项目代码的赋码年月晚于本月，请核对。"))
    digits = code.replace("-", "")
    if project_code_check_digit(digits[:19]) != int(digits[19]):
        warnings.append(
            _("项目代码校验位不正确（ISO/IEC 7064 MOD 11,10），请与投资项目在线审批监管平台核对。")
        )
    return warnings
