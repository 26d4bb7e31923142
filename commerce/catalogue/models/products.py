"""The product catalogue: products, their variants (each with SKU, price and stock) and pictures.

Everything a product card shows is loaded by `Product.objects.for_cards()` in a fixed number of
queries, so pages can show many products without one query per product.
"""

from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Avg, Count, Prefetch, Q
from django.urls import reverse
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

# Renditions a product card shows; prefetched together with the products.
CARD_RENDITIONS = ("fill-480x360",)
LOW_STOCK_THRESHOLD = 5
SKU_VALIDATOR = RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", "Letters, digits, . _ - only.")
CURRENCY_VALIDATOR = RegexValidator(r"^[A-Z]{3}$", "A three-letter ISO 4217 code, e.g. IDR.")


def default_currency() -> str:
    """Return the site's currency (STORYSHOP_CURRENCY): every product is priced in it."""
    return settings.STORYSHOP_CURRENCY


class ProductQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def visible(self) -> "ProductQuerySet":
        """Products readers may see: active ones."""
        return self.filter(is_active=True)

    def for_cards(self) -> "ProductQuerySet":
        """Load what a product card shows: variants, image, rendition, rating.

        Three queries beyond the products themselves, whatever the number of products.
        """
        images = get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)
        published = Q(reviews__is_published=True)
        return self.annotate(
            rating_average=Avg("reviews__rating", filter=published),
            review_count=Count("reviews", filter=published),
        ).prefetch_related(
            Prefetch("variants", queryset=ProductVariant.objects.order_by("sort_order", "pk")),
            Prefetch("image", queryset=images),
        )


class ProductTag(TaggedItemBase):
    content_object = ParentalKey(
        "catalogue.Product", related_name="tagged_items", on_delete=models.CASCADE
    )

    class Meta:
        db_table = "commerce_producttag"


class Product(index.Indexed, ClusterableModel):
    """Something a reader can buy, shown inside stories; sold as one or more variants."""

    class StockStatus(models.TextChoices):
        IN_STOCK = "in_stock", "In stock"
        LOW_STOCK = "low_stock", "Only a few left"
        SOLD_OUT = "sold_out", "Sold out"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The main picture, used on product cards.",
    )
    price = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="The price of every variant that does not set its own, in the shop's currency.",
    )
    # The shop sells in one currency, the site's; kept per product so that prices stay tied to
    # the currency they were typed in if STORYSHOP_CURRENCY ever changes (the checks report it).
    currency = models.CharField(
        max_length=3, default=default_currency, editable=False, validators=[CURRENCY_VALIDATOR]
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive products are hidden from readers."
    )
    tags = ClusterTaggableManager(through=ProductTag, blank=True)
    commission_rate = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text="Creators' share of this product's sales, e.g. 0.050 for 5%; empty: each "
        "creator's own rate. A change applies to checkouts started after it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    # The admin form (panels, and stock saved as editors' changes) is in
    # commerce.catalogue.admin_views.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("is_active"),
        index.RelatedFields("variants", [index.SearchField("sku")]),
    ]

    class Meta:
        ordering = ["name"]
        # The catalogue's tables keep the names they had in the shop's app (`commerce_*`).
        db_table = "commerce_product"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.currency != settings.STORYSHOP_CURRENCY:
            raise ValidationError(
                f"This product is priced in {self.currency}, but the shop sells in "
                f"{settings.STORYSHOP_CURRENCY} (STORYSHOP_CURRENCY). See the README's "
                "payments section on changing the shop's currency."
            )

    def get_absolute_url(self) -> str:
        return reverse("commerce:product", kwargs={"slug": self.slug})

    @cached_property
    def sellable_variants(self) -> list["ProductVariant"]:
        """Active variants in editor order (from the prefetch when `for_cards()` loaded them)."""
        return [variant for variant in self.variants.all() if variant.is_active]

    @property
    def default_variant(self) -> "ProductVariant | None":
        """The variant a buyer starts from: the first sellable one in stock."""
        variants = self.sellable_variants
        return next((variant for variant in variants if variant.stock), None) or next(
            iter(variants), None
        )

    @property
    def stock(self) -> int:
        """Units readers can still buy, across variants (held checkouts already taken off)."""
        return sum(variant.stock for variant in self.sellable_variants)

    @property
    def price_from(self) -> Decimal:
        """The lowest price of a sellable variant (the product price when there is none)."""
        return min((variant.price for variant in self.sellable_variants), default=self.price)

    @property
    def has_price_range(self) -> bool:
        """True when variants differ in price, so cards say "from"."""
        return len({variant.price for variant in self.sellable_variants}) > 1

    @property
    def stock_status(self) -> str:
        """Whether readers can still buy it, as a StockStatus value."""
        if self.stock <= 0:
            return self.StockStatus.SOLD_OUT
        if self.stock <= LOW_STOCK_THRESHOLD:
            return self.StockStatus.LOW_STOCK
        return self.StockStatus.IN_STOCK

    @property
    def stock_label(self) -> str:
        """The stock state in words, e.g. "Only 3 left"."""
        if self.stock_status == self.StockStatus.LOW_STOCK:
            return f"Only {self.stock} left"
        return self.StockStatus(self.stock_status).label

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


class ProductVariant(Orderable):
    """One buyable form of a product (a size, a colour), with its own SKU, price and stock."""

    product = ParentalKey(Product, related_name="variants", on_delete=models.CASCADE)
    name = models.CharField(
        max_length=100, blank=True, help_text='What sets it apart, e.g. "200 g" or "M, indigo".'
    )
    size = models.CharField(max_length=40, blank=True)
    colour = models.CharField(max_length=40, blank=True)
    sku = models.CharField("SKU", max_length=64, unique=True, validators=[SKU_VALIDATOR])
    price_override = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="Leave empty to sell at the product's price.",
    )
    stock = models.PositiveIntegerField(
        default=0,
        help_text="Units readers can still buy. Units held by unpaid checkouts are already "
        "taken off, and come back if the checkout expires.",
    )
    is_active = models.BooleanField("active", default=True)

    class Meta(Orderable.Meta):
        db_table = "commerce_productvariant"
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="variant_stock_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.product.name} ({self.name})" if self.name else self.product.name

    @property
    def price(self) -> Decimal:
        """What one unit costs: the override, or the product's price."""
        return self.price_override if self.price_override is not None else self.product.price


class ProductGalleryImage(Orderable):
    """One more picture of a product, shown on its own page."""

    product = ParentalKey(Product, related_name="gallery_images", on_delete=models.CASCADE)
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        db_table = "commerce_productgalleryimage"
