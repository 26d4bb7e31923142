"""Creators: the people and communities behind stories."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, Page, RevisionMixin
from wagtail.search import index

# Referral codes: lower-case letters and digits that cannot be misread (no 0/o, 1/l/i), 10 of
# them: 31**10 (about 8 * 10**14) codes, so one cannot be found by trying.
REFERRAL_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
REFERRAL_CODE_LENGTH = 10


def new_referral_code() -> str:
    """A fresh random referral code (`?ref=` on any page of the site credits its creator)."""
    return "".join(secrets.choice(REFERRAL_CODE_ALPHABET) for _ in range(REFERRAL_CODE_LENGTH))


class CreatorProfileManager(models.Manager["CreatorProfile"]):
    def live(self) -> models.QuerySet["CreatorProfile"]:
        """The published profiles: the only ones readers see."""
        return self.filter(live=True)


class CreatorProfile(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A person or community who writes stories and features products; may own a Wagtail user.

    Edits in the admin are revisions: a creator saves drafts of their own profile and an editor
    publishes them. The row holds the published (live) fields, which readers see.
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField(blank=True)
    avatar = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    website = models.URLField(blank=True)
    instagram = models.CharField(max_length=60, blank=True, help_text="Handle, without the @.")
    tiktok = models.CharField(max_length=60, blank=True, help_text="Handle, without the @.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="creator_profile",
        help_text="The admin account that writes as this creator.",
    )
    commission_rate = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default="0.100",
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text="Share of a paid sale this creator drove, e.g. 0.100 for 10% (a product may "
        "set its own). A change applies to checkouts started after it.",
    )

    location = models.CharField(
        max_length=120, blank=True, help_text='Where they work, e.g. "Takengon, Aceh".'
    )
    referral_code = models.CharField(
        max_length=20,
        unique=True,
        default=new_referral_code,
        editable=False,
        help_text="Public code of the creator's referral links (`?ref=`); random, never reused.",
    )

    # Only editors (who may change any profile) link accounts, set commissions and change the
    # public address (slug); a creator editing their own profile does not see those fields.
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                # The slug is the profile's public address: renaming it breaks links.
                FieldPanel("slug", permission="creators.change_creatorprofile"),
                FieldPanel("location"),
                FieldPanel("user", permission="creators.change_creatorprofile"),
            ],
            "Creator",
        ),
        FieldPanel("bio"),
        FieldPanel("avatar"),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("instagram"), FieldPanel("tiktok")], "Links"
        ),
        FieldPanel("commission_rate", permission="creators.change_creatorprofile"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    # Wagtail's recommendation for snippets with revisions: a relation with a query name, so
    # revisions can be filtered by profile (`Revision.objects.filter(creator_profile__slug=...)`).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="creator_profile")

    objects = CreatorProfileManager()

    class Meta:
        ordering = ["name"]
        # The table of the `content` app, where profiles began: moving them kept their rows.
        db_table = "content_creatorprofile"

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self):
        return self._revisions.all()

    def with_content_json(self, content: dict) -> "CreatorProfile":
        """This profile as a revision has it, keeping its referral code: links already shared
        keep working whichever revision is published."""
        profile = super().with_content_json(content)
        profile.referral_code = self.referral_code
        return profile


def creator_for_page(page: Page) -> CreatorProfile | None:
    """Return the creator behind `page`, or None for editorial pages without one."""
    return getattr(page.specific, "creator", None)
