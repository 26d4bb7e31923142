"""The demo's creators and the stories that show every page type and block."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCreator:
    slug: str
    name: str
    username: str
    location: str
    bio: str
    instagram: str
    style: str


CREATORS = (
    DemoCreator(
        "kopi-kebun-gayo",
        "Kopi Kebun Gayo",
        "kopikebun",
        "Takengon, Aceh",
        "A cooperative of forty smallholder families around Lake Laut Tawar, roasting their own "
        "lots since 2019.",
        "kopikebungayo",
        "coffee",
    ),
    DemoCreator(
        "batik-sekar-lasem",
        "Batik Sekar Lasem",
        "sekarlasem",
        "Lasem, Central Java",
        "Three generations of batik tulis makers, keeping Lasem's blood-red dye alive.",
        "batiksekarlasem",
        "batik",
    ),
    DemoCreator(
        "jamu-ayu",
        "Jamu Ayu",
        "jamuayu",
        "Yogyakarta",
        "Ayu turns the jamu her grandmother sold at Beringharjo market into skincare for "
        "humid days.",
        "jamuayu.id",
        "skincare",
    ),
)

# A video the demo embeds; its player is stored with the demo, so nothing is fetched.
DEMO_VIDEO_URL = "https://www.youtube.com/watch?v=storyshop-demo"
DEMO_VIDEO_HTML = (
    '<iframe width="960" height="540" title="Harvest day in Takengon" '
    "srcdoc=\"<p style='font:1.2rem sans-serif;text-align:center;margin-top:20%'>"
    'Harvest day in Takengon (demo video)</p>"></iframe>'
)
