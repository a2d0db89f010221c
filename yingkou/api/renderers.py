"""The browsable API, without the HTML forms that list records to choose from."""

from rest_framework.renderers import BrowsableAPIRenderer


class RawDataBrowsableAPIRenderer(BrowsableAPIRenderer):
    """DRF's browsable API, writing through its raw-data form (JSON) only.

    DRF's HTML form draws every related field as a select of up to HTML_SELECT_CUTOFF (1,000)
    records: among a city's projects that is a slow page and no real choice. The raw-data form
    takes the key, as the API itself does; DELETE and OPTIONS keep their buttons."""

    def render_form_for_serializer(self, serializer):
        return None
