"""The product catalogue: declarations and query helpers; no business logic here."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

# Renditions a product card shows; prefetched together with the products.
CARD_RENDITIONS = ("fill-480x360",)
LOW_STOCK_THRESHOLD = 5


def default_currency() -> str:
    """Return the site's currency (STORYSHOP_CURRENCY), the default for new products."""
    return settings.STORYSHOP_CURRENCY


class ProductQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def visible(self) -> "ProductQuerySet":
        """Products readers may see: active ones."""
        return self.filter(is_active=True)

    def for_cards(self) -> "ProductQuerySet":
        """Prefetch what a product card shows (image and its rendition) in two extra queries."""
        images = get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)
        return self.prefetch_related(Prefetch("image", queryset=images))


class ProductTag(TaggedItemBase):
    content_object = ParentalKey(
        "commerce.Product", related_name="tagged_items", on_delete=models.CASCADE
    )


class Product(index.Indexed, ClusterableModel):
    """Something a reader can buy, shown inside stories."""

    class StockStatus(models.TextChoices):
        IN_STOCK = "in_stock", "In stock"
        LOW_STOCK = "low_stock", "Only a few left"
        SOLD_OUT = "sold_out", "Sold out"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    sku = models.CharField(
        "SKU",
        max_length=64,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", "Letters, digits, . _ - only.")
        ],
    )
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
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    currency = models.CharField(
        max_length=3,
        default=default_currency,
        validators=[RegexValidator(r"^[A-Z]{3}$", "A three-letter ISO 4217 code, e.g. IDR.")],
    )
    stock = models.PositiveIntegerField(default=0, help_text="Units ready to ship.")
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive products are hidden from readers."
    )
    tags = ClusterTaggableManager(through=ProductTag, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sku"), FieldPanel("is_active")],
            heading="Product",
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("price"), FieldPanel("currency"), FieldPanel("stock")],
            heading="Price and stock",
        ),
        FieldPanel("image"),
        InlinePanel("gallery_images", heading="More pictures", label="Picture"),
        FieldPanel("tags"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("sku"),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commerce:product", kwargs={"slug": self.slug})

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


class ProductGalleryImage(Orderable):
    """One more picture of a product, shown on its own page."""

    product = ParentalKey(Product, related_name="gallery_images", on_delete=models.CASCADE)
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
