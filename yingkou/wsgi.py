import gc

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from yingkou.entrypoint import require_settings_module

require_settings_module()
application = get_wsgi_application()

# What is loaded now lives as long as the worker, so it is left out of the garbage collector's
# full collections (gc.freeze). A city-wide list keeps thousands of rows alive through its request
# (the A-8 weekly list 14,000), which promotes them to the oldest generation and sets off a full
# collection every few requests; each walked every object of Django and the project, 90 ms of a
# 90 ms request (README, City scale). The views are imported first, as the first request would.
get_resolver().url_patterns  # noqa: B018
gc.freeze()
