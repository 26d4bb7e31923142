"""The shop in the Wagtail admin: orders and refunds, the stock listing, and the pages about
one creator (their results and embed codes).

`commerce/shop/wagtail_hooks.py` registers these.
"""
