"""StreamField bodies of the demo stories, built from the loaded products and pictures."""

from commerce.catalogue.models import Product


def card(product: Product, note: str = "") -> dict:
    return {"type": "product_card", "value": {"product": product.pk, "note": note}}


def showcase_article_body(products: dict[str, Product], picture, video_url: str) -> list[dict]:
    """A story that uses every block a story body offers."""
    look = picture("Jogja look", "batik", (1600, 1000))
    table = picture("Breakfast table", "scene", (1600, 1000))
    return [
        {
            "type": "paragraph",
            "value": "<p>Saturday in Yogyakarta starts with kopi and ends with a market bag.</p>",
        },
        {
            "type": "shoppable_image",
            "value": {
                "image": table.pk,
                "alt_text": "Coffee, a toner and a tote on a breakfast table",
                "caption": "Tap a dot to see what is on the table.",
                "hotspots": [
                    {
                        "product": products["java-preanger-espresso"].pk,
                        "x": 24,
                        "y": 42,
                        "label": "",
                    },
                    {"product": products["rice-water-toner"].pk, "x": 58, "y": 35, "label": ""},
                    {"product": products["parang-canvas-tote"].pk, "x": 80, "y": 62, "label": ""},
                ],
            },
        },
        {
            "type": "quote",
            "value": {"text": "Jogja is a city you wear home.", "attribution": "Ayu"},
        },
        card(products["batik-cap-kawung-shirt"], "The shirt for Batik Friday."),
        {
            "type": "shop_the_look",
            "value": {
                "heading": "Shop the look",
                "image": look.pk,
                "alt_text": "A Kawung shirt with a Mega Mendung scarf and a Parang tote",
                "products": [
                    products["batik-cap-kawung-shirt"].pk,
                    products["mega-mendung-silk-scarf"].pk,
                    products["parang-canvas-tote"].pk,
                ],
            },
        },
        {"type": "video", "value": {"video": video_url, "caption": "Harvest day in Takengon."}},
        card(products["kopi-gayo-wine-process"]),
        {
            "type": "product_carousel",
            "value": {
                "heading": "Everything jamu",
                "source": "tag",
                "products": [],
                "tag": "jamu",
                "limit": 6,
            },
        },
        {
            "type": "product_carousel",
            "value": {
                "heading": "Our coffee picks",
                "source": "picked",
                "products": [
                    products[slug].pk
                    for slug in ("toraja-sapan-natural", "kintamani-honey-process")
                ],
                "tag": "",
                "limit": 6,
            },
        },
        card(products["lulur-body-scrub"], "For Sunday."),
        {
            "type": "buy_now",
            "value": {"product": products["rice-water-toner"].pk, "label": "Buy the toner"},
        },
        {
            "type": "image",
            "value": {
                "image": look.pk,
                "decorative": False,
                "alt_text": "Batik drying in Kampung Taman",
                "caption": "Kampung Taman, Saturday noon.",
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Going to Jogja?",
                "text": "Read the rest of our guides first.",
                "button_label": "All stories",
                "page": None,
                "url": "/stories/",
            },
        },
    ]
