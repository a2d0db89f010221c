from django.core.asgi import get_asgi_application

from yingkou.entrypoint import require_settings_module

require_settings_module()
application = get_asgi_application()
