"""Story page types, one module per type; declarations only, behaviour lives in services."""

from content.models.articles import ArticleIndexPage, ArticlePage, ArticlePageTag
from content.models.creator_posts import CreatorPostIndexPage, CreatorPostPage, CreatorPostPageTag
from content.models.discovery import CreatorIndexPage, TagIndexPage
from content.models.stories import StoryIndexPage, StoryPage
from content.models.tutorials import TutorialIndexPage, TutorialPage, TutorialPageTag
from content.page_types import PageTypes, register_page_types

register_page_types(
    PageTypes(
        stories=(ArticlePage, TutorialPage, CreatorPostPage),
        story_indexes=(ArticleIndexPage, TutorialIndexPage, CreatorPostIndexPage),
        tag_index=TagIndexPage,
        creator_index=CreatorIndexPage,
    )
)

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "CreatorIndexPage",
    "CreatorPostIndexPage",
    "CreatorPostPage",
    "CreatorPostPageTag",
    "StoryIndexPage",
    "StoryPage",
    "TagIndexPage",
    "TutorialIndexPage",
    "TutorialPage",
    "TutorialPageTag",
]
