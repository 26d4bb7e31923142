"""The public URL map; paths are listed in ARCHITECTURE.md and kept stable."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from commerce.shop import urls as commerce_urls
from content import feed_urls
from content import views as content_views
from content.api.router import api_router
from search import urls as search_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include(search_urls)),
    path("", include(commerce_urls)),
    path("api/v2/", api_router.urls),
    path("feeds/", include(feed_urls)),
    path("sitemap.xml", content_views.sitemap, name="sitemap"),
    path("robots.txt", content_views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Everything else is a page of the Wagtail tree; this must stay last.
urlpatterns += [path("", include(wagtail_urls))]
