from django.urls import path

from content.feeds import StoryIndexFeed, TagFeed

app_name = "feeds"

urlpatterns = [
    path("tags/<slug:slug>/", TagFeed(), name="tag"),
    path("<path:path>/", StoryIndexFeed(), name="index"),
]
