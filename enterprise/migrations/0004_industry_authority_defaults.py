"""E-1: the starting reference table of competent departments by industry (GB/T 4754-2017).
Administrators change it in the admin; this only fills an empty table."""

from django.db import migrations

DEFAULTS = [
    ("A", "NYNC", "农业农村局"),
    ("B", "GXJ", "工业和信息化局"),
    ("C", "GXJ", "工业和信息化局"),
    ("D", "GXJ", "工业和信息化局"),
    ("D46", "SLJ", "水利局"),
    ("E", "ZJJ", "住房和城乡建设局"),
    ("F", "SWJ", "商务局"),
    ("G", "JTYS", "交通运输局"),
    ("H", "WHLY", "文化旅游局"),
    ("I", "GXJ", "工业和信息化局"),
    ("K", "ZJJ", "住房和城乡建设局"),
    ("L", "SWJ", "商务局"),
    ("N", "SLJ", "水利局"),
    ("N77", "STHJ", "生态环境局"),
    ("O", "SWJ", "商务局"),
    ("R", "WHLY", "文化旅游局"),
]


def fill(apps, schema_editor):
    IndustryAuthority = apps.get_model("enterprise", "IndustryAuthority")
    if IndustryAuthority.objects.exists():
        return
    IndustryAuthority.objects.bulk_create(
        IndustryAuthority(industry=industry, department_code=code, department_name=name)
        for industry, code, name in DEFAULTS
    )


class Migration(migrations.Migration):
    dependencies = [("enterprise", "0003_industry_authority")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
