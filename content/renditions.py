"""The image renditions story templates use, prefetched with the images that need them.

Templates name these filter specs literally (`{% image value width-960 %}`); keep both in step,
or pages pay one query per picture (the query-count tests notice).
"""

HERO = "width-1200"
SHARE_CARD = "fill-1200x630"
BLOCK_IMAGE = "width-960"
GALLERY_IMAGE = "fill-800x800"
STEP_IMAGE = "width-720"
AVATAR = "fill-160x160"
LISTING = "fill-640x400"

STORY_RENDITIONS = (HERO, SHARE_CARD, BLOCK_IMAGE, GALLERY_IMAGE, STEP_IMAGE, AVATAR)
LISTING_RENDITIONS = (LISTING,)
