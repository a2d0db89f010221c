from django.utils.translation import gettext_lazy as _

# One entry; the app's own pages link to visits, problems, complaints, inspections, promises and
# the assessment (templates/enterprise/_tabs.html).
NAV_ITEMS = [(_("企业帮扶"), "enterprise:list", None)]
