from django import template

register = template.Library()


@register.filter
def stars(rating: int) -> str:
    """`{{ review.rating|stars }}` → "★★★★☆" (4 of 5)."""
    filled = max(0, min(5, int(rating)))
    return "★" * filled + "☆" * (5 - filled)
