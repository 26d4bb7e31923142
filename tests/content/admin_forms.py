"""Admin form data for story pages, built with Wagtail's own form-data helpers."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def list_block(values: list) -> dict:
    """Form data of a ListBlock holding `values`."""
    return {
        "count": len(values),
        **{
            str(n): {"value": value, "deleted": "", "order": n, "id": ""}
            for n, value in enumerate(values)
        },
    }


def story_form(title: str, body: list | None = None, streams: dict | None = None, **fields) -> dict:
    """What an editor submits for a story: title, intro, date, tags and the StreamFields."""
    data = {
        **{name: streamfield(value) for name, value in (streams or {}).items()},
        "title": title,
        "slug": fields.pop("slug", title.lower().replace(" ", "-")),
        "date": "2026-11-01",
        "intro": "Why it matters.",
        "tags": "coffee",
        "body": streamfield(body or []),
        "comments": inline_formset([]),
        **fields,
    }
    return nested_form_data(data)


def step(title: str, product_ids: list[int]) -> tuple[str, dict]:
    return (
        "step",
        {
            "title": title,
            "text": rich_text(f"<p>{title}.</p>"),
            "image": "",
            "products": list_block(product_ids),
        },
    )


__all__ = [
    "inline_formset",
    "list_block",
    "nested_form_data",
    "rich_text",
    "step",
    "story_form",
    "streamfield",
]
