"""The demo's content: Indonesian roasters, batik makers and skincare brands, and their stories."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class DemoVariant:
    name: str
    sku: str
    stock: int
    price: Decimal | None = None
    size: str = ""
    colour: str = ""


@dataclass(frozen=True)
class DemoProduct:
    slug: str
    name: str
    price: Decimal
    variants: tuple[DemoVariant, ...]
    style: str
    description: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class DemoStory:
    slug: str
    title: str
    intro: str
    date: str
    hero_caption: str
    tags: tuple[str, ...]
    # Each item is ("text", html) or ("product", product slug, note).
    body: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


PRODUCTS = (
    DemoProduct(
        "kopi-gayo-wine-process",
        "Kopi Gayo Wine Process, 200 g",
        Decimal("125000"),
        (
            DemoVariant("200 g", "KOPI-GAYO-200", 40, size="200 g"),
            DemoVariant("1 kg", "KOPI-GAYO-1000", 8, Decimal("520000"), size="1 kg"),
        ),
        "coffee",
        "<p>Arabica from smallholders around Lake Laut Tawar in Aceh, fermented in the cherry for "
        "a jammy, winey cup. Roasted light in Takengon the week it ships.</p>",
        ("coffee", "aceh", "single-origin"),
    ),
    DemoProduct(
        "toraja-sapan-natural",
        "Toraja Sapan Natural, 200 g",
        Decimal("110000"),
        (DemoVariant("", "KOPI-TORAJA-200", 25),),
        "coffee",
        "<p>Grown at 1,600 m in Sapan, South Sulawesi, and sun-dried on raised beds. Dark "
        "chocolate, spice and a long, sweet finish.</p>",
        ("coffee", "sulawesi", "single-origin"),
    ),
    DemoProduct(
        "kintamani-honey-process",
        "Kintamani Honey Process, 200 g",
        Decimal("98000"),
        (DemoVariant("", "KOPI-KINTAMANI-200", 4),),
        "coffee",
        "<p>From the subak abian farms on the slopes of Mount Batur in Bali, grown among citrus "
        "trees. Honey processed for orange-peel brightness.</p>",
        ("coffee", "bali", "single-origin"),
    ),
    DemoProduct(
        "java-preanger-espresso",
        "Java Preanger Espresso Blend, 500 g",
        Decimal("175000"),
        (DemoVariant("", "KOPI-PREANGER-500", 0),),
        "coffee",
        "<p>A blend of West Java Preanger arabica and Temanggung robusta, roasted medium-dark for "
        "milk drinks and kopi susu.</p>",
        ("coffee", "java", "espresso"),
    ),
    DemoProduct(
        "batik-tulis-jlamprang-sarong",
        "Batik Tulis Jlamprang Sarong",
        Decimal("850000"),
        (DemoVariant("", "BATIK-JLAMPRANG-SARONG", 6),),
        "batik",
        "<p>Hand-drawn with a canting by a workshop in Krapyak, Pekalongan. The Jlamprang motif's "
        "repeating circles take three weeks of waxing and dyeing.</p>",
        ("batik", "pekalongan", "handmade"),
    ),
    DemoProduct(
        "batik-cap-kawung-shirt",
        "Batik Cap Kawung Shirt",
        Decimal("375000"),
        tuple(
            DemoVariant(size, f"BATIK-KAWUNG-SHIRT-{size}", stock, size=size, colour="sogan brown")
            for size, stock in (("S", 3), ("M", 6), ("L", 6), ("XL", 3))
        ),
        "batik",
        "<p>Copper-stamped Kawung motif on cotton primissima, sewn in Solo. A short-sleeved shirt "
        "for Batik Fridays and weddings alike.</p>",
        ("batik", "solo", "fashion"),
    ),
    DemoProduct(
        "mega-mendung-silk-scarf",
        "Mega Mendung Silk Scarf",
        Decimal("290000"),
        (DemoVariant("", "BATIK-MEGAMENDUNG-SCARF", 12),),
        "batik",
        "<p>The cloud motif of Cirebon in seven shades of indigo, on light silk from Garut.</p>",
        ("batik", "cirebon", "accessories"),
    ),
    DemoProduct(
        "parang-canvas-tote",
        "Parang Canvas Tote",
        Decimal("185000"),
        (DemoVariant("", "BATIK-PARANG-TOTE", 30),),
        "batik",
        "<p>Sturdy canvas with a Parang Rusak panel, made by a women's cooperative in Bantul.</p>",
        ("batik", "yogyakarta", "accessories"),
    ),
    DemoProduct(
        "rice-water-toner",
        "Rice Water Brightening Toner, 100 ml",
        Decimal("89000"),
        (DemoVariant("", "SKIN-RICE-TONER-100", 50),),
        "skincare",
        "<p>Fermented rice water from Cianjur rice with niacinamide. Alcohol-free, BPOM "
        "registered.</p>",
        ("skincare", "toner", "local-brand"),
    ),
    DemoProduct(
        "centella-tamanu-serum",
        "Centella and Tamanu Calming Serum, 30 ml",
        Decimal("145000"),
        (DemoVariant("", "SKIN-CENTELLA-SERUM-30", 22),),
        "skincare",
        "<p>Centella asiatica with tamanu oil pressed in Central Java, for skin that reacts to "
        "heat and humidity.</p>",
        ("skincare", "serum", "local-brand"),
    ),
    DemoProduct(
        "temulawak-clay-mask",
        "Temulawak Clay Mask, 60 g",
        Decimal("119000"),
        (DemoVariant("", "SKIN-TEMULAWAK-MASK-60", 3),),
        "skincare",
        "<p>Javanese turmeric and kaolin clay, the jamu tradition in a weekly mask.</p>",
        ("skincare", "mask", "jamu"),
    ),
    DemoProduct(
        "lulur-body-scrub",
        "Lulur Body Scrub, 200 g",
        Decimal("79000"),
        (DemoVariant("", "SKIN-LULUR-200", 40),),
        "skincare",
        "<p>The royal Javanese pre-wedding scrub: rice powder, turmeric and pandan, made in "
        "Yogyakarta.</p>",
        ("skincare", "body", "jamu"),
    ),
)

STORIES = (
    DemoStory(
        "gayo-to-your-cup",
        "From Gayo to your cup: three roasters changing Indonesian coffee",
        "Smallholder farms, new processing methods and roasters who pay above the market: "
        "a week on the coffee trail from Aceh to Bali.",
        "2026-10-02",
        "On the coffee trail",
        ("coffee", "single-origin"),
        (
            (
                "text",
                "<p>Indonesia is the world's fourth-largest coffee producer, yet for decades "
                "most of its beans left the islands green and anonymous. A new generation of "
                "roasters is changing that, one traceable lot at a time.</p>",
            ),
            (
                "text",
                "<h2>Aceh: fermentation as a craft</h2><p>Around Lake Laut Tawar, "
                "farmers now leave the cherries to ferment before pulping. The result tastes of "
                "red wine and plums.</p>",
            ),
            ("product", "kopi-gayo-wine-process", "The lot we drank at the cooperative."),
            (
                "text",
                "<h2>Sulawesi: the long finish of Toraja</h2><p>In Sapan, coffee dries "
                "on raised beds beside the tongkonan houses.</p>",
            ),
            ("product", "toraja-sapan-natural", ""),
            (
                "text",
                "<h2>Bali: coffee under citrus</h2><p>The subak abian system shares "
                "water and shade between crops, and you can taste the orange trees.</p>",
            ),
            ("product", "kintamani-honey-process", "Small batch: it sells out every month."),
        ),
    ),
    DemoStory(
        "reading-batik-motifs",
        "Reading batik: what the motifs on your sarong mean",
        "Kawung, Parang, Mega Mendung: every motif carries a story about the place and people "
        "that made it. A field guide, with the makers who still draw them by hand.",
        "2026-10-09",
        "Batik motifs",
        ("batik", "craft"),
        (
            (
                "text",
                "<p>Batik was inscribed by UNESCO in 2009, but on Java it never needed the "
                "recognition: every region wears its own motifs, and reading them is a local "
                "skill.</p>",
            ),
            (
                "text",
                "<h2>Kawung: four petals, one centre</h2><p>The palm-fruit motif once "
                "belonged to the court of Yogyakarta.</p>",
            ),
            ("product", "batik-cap-kawung-shirt", ""),
            (
                "text",
                "<h2>Parang: the unbroken wave</h2><p>Diagonal blades that never "
                "break, a wish for persistence.</p>",
            ),
            ("product", "parang-canvas-tote", "Made by a cooperative of twenty women."),
            (
                "text",
                "<h2>Mega Mendung: Cirebon's clouds</h2><p>Chinese cloud motifs met "
                "the north coast and became its signature.</p>",
            ),
            ("product", "mega-mendung-silk-scarf", ""),
            (
                "text",
                "<h2>Tulis: drawn by hand</h2><p>A batik tulis takes weeks. You can see "
                "the hand in the slight irregularity of each line.</p>",
            ),
            ("product", "batik-tulis-jlamprang-sarong", "Only a few are finished each month."),
        ),
    ),
    DemoStory(
        "kitchen-cupboard-skincare",
        "A Jakarta morning routine built from the kitchen cupboard",
        "Rice water, turmeric and centella have been in Indonesian kitchens for generations. "
        "Local brands now bottle them properly; here is a routine that survives Jakarta humidity.",
        "2026-10-16",
        "Morning routine",
        ("skincare", "jamu"),
        (
            (
                "text",
                "<p>Humidity above 80% changes what skin needs. Heavy creams sit on top; "
                "light, calming layers work better.</p>",
            ),
            ("text", "<h2>Step 1: tone with rice water</h2>"),
            ("product", "rice-water-toner", "Pat, don't rub."),
            ("text", "<h2>Step 2: calm with centella</h2>"),
            ("product", "centella-tamanu-serum", ""),
            (
                "text",
                "<h2>Once a week: jamu for the face and body</h2><p>Temulawak and lulur "
                "come from the same jamu tradition your grandmother knew.</p>",
            ),
            ("product", "temulawak-clay-mask", ""),
            ("product", "lulur-body-scrub", "Our favourite Sunday ritual."),
        ),
    ),
    DemoStory(
        "weekend-in-yogyakarta",
        "A weekend in Yogyakarta: coffee, batik and a market haul",
        "Two days, one city, and the things we brought home: a creator's guide to Jogja.",
        "2026-10-23",
        "Jogja weekend",
        ("yogyakarta", "coffee", "batik"),
        (
            (
                "text",
                "<p>Start at a kopi joss stall by Tugu station, where the coffee comes "
                "with a glowing piece of charcoal dropped in.</p>",
            ),
            ("product", "java-preanger-espresso", "For kopi susu at home."),
            ("text", "<p>Then walk to the batik workshops of Kampung Taman.</p>"),
            ("product", "parang-canvas-tote", ""),
            ("text", "<p>End at Beringharjo market for jamu ingredients.</p>"),
            ("product", "lulur-body-scrub", ""),
        ),
    ),
)
