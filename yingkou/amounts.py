"""Investment thresholds in 万元 (SPEC §1). "以上/以下" include the number (Civil Code art. 1259)."""

from decimal import Decimal

TEN_MILLION = Decimal("1000")  # 1千万
HUNDRED_MILLION = Decimal("10000")  # 1亿
FIVE_HUNDRED_MILLION = Decimal("50000")  # 5亿
BILLION = Decimal("100000")  # 10亿


def format_wan(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return f"{amount:,.2f}"
