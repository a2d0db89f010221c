"""OpenAPI corrections that the serializers cannot express themselves."""


def complainant_data_is_optional(result, generator, request, public):
    """E-4: a complaint's personal data is left out for readers who do not handle it, so an
    answer does not always carry those fields although a new complaint must give them."""
    from enterprise.models import Complaint

    component = result.get("components", {}).get("schemas", {}).get("Complaint", {})
    if "required" in component:
        component["required"] = [
            name for name in component["required"] if name not in Complaint.PERSONAL_FIELDS
        ]
    return result
