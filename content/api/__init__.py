"""The Wagtail API v2 at /api/v2/: pages (product blocks resolved), images and products."""
