"""Story page types, one module per type; declarations only, behaviour lives in services."""

from wagtail.models import Page

from content.creators import CreatorProfile
from content.models.articles import ArticleIndexPage, ArticlePage, ArticlePageTag
from content.models.creator_posts import CreatorPostIndexPage, CreatorPostPage, CreatorPostPageTag
from content.models.discovery import CreatorIndexPage, TagIndexPage
from content.models.stories import StoryIndexPage, StoryPage
from content.models.tutorials import TutorialIndexPage, TutorialPage, TutorialPageTag

# Every page type that is a story (shown in listings, feeds and search). Each has the same
# reader-facing fields: title, intro, date, hero_image, creator, tags and a StreamField body.
STORY_PAGE_TYPES: tuple[type[Page], ...] = (ArticlePage, TutorialPage, CreatorPostPage)
# The index page of each story type.
STORY_INDEX_PAGE_TYPES: tuple[type[Page], ...] = (
    ArticleIndexPage,
    TutorialIndexPage,
    CreatorPostIndexPage,
)

__all__ = [
    "STORY_INDEX_PAGE_TYPES",
    "STORY_PAGE_TYPES",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "CreatorIndexPage",
    "CreatorPostIndexPage",
    "CreatorPostPage",
    "CreatorPostPageTag",
    "CreatorProfile",
    "StoryIndexPage",
    "StoryPage",
    "TagIndexPage",
    "TutorialIndexPage",
    "TutorialPage",
    "TutorialPageTag",
]
