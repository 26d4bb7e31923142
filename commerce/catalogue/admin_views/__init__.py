"""The catalogue in the Wagtail admin: products with their variants and stock, and reviews.

`commerce/catalogue/wagtail_hooks.py` registers these; models only name the panels.
"""
