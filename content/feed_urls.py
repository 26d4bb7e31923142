from django.urls import path

from content.feeds import StoryIndexFeed, TagFeed

app_name = "feeds"

urlpatterns = [
    # Tag slugs keep Unicode ("café"): any text but "/", quoted by reverse().
    path("tags/<str:slug>/", TagFeed(), name="tag"),
    path("<path:path>/", StoryIndexFeed(), name="index"),
]
