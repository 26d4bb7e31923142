"""The shop in the Wagtail admin: catalogue and stock, reviews, orders and refunds.

`commerce/wagtail_hooks.py` registers these; models only name the panels.
"""
