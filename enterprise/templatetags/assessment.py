"""`{{ key|period_name }}`: an E-7 assessment period as its readers name it (2026年第三季度)."""

from yingkou.templatetags.periods import register  # noqa: F401  the same filter
