"""Admin forms for stories: a creator writes only as themself; a bare post is a 400."""

from typing import Any

from django.core.exceptions import BadRequest
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.base import BlockField

from storyshop.creators.permissions import own_creator_profile, writes_only_as_themself

NO_PROFILE_MESSAGE = (
    "Your account is not linked to a creator profile, so stories you write cannot be credited "
    "to you. Ask an editor to link your account to your creator profile."
)


class StoryPageForm(WagtailAdminPageForm):
    """The edit form of every story type.

    Sales are attributed to a story's creator, so a user who is not an editor can only credit
    their own profile, and without one cannot save; editors may pick any creator or none.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.lacks_creator_profile = False
        if "creator" in self.fields and user is not None and writes_only_as_themself(user):
            profile = own_creator_profile(user)
            field = self.fields["creator"]
            field.required = True
            field.empty_label = None
            if profile is None:
                field.queryset = field.queryset.none()
                self.lacks_creator_profile = True
            else:
                field.queryset = field.queryset.filter(pk=profile.pk)
                self.initial.setdefault("creator", profile.pk)

    def full_clean(self):
        # Wagtail's StreamBlock reads its management fields as `data[key]` and fails with a
        # KeyError or ValueError (a 500) on a post without them; refuse such a post before the
        # fields are read, until Wagtail answers it as invalid input itself.
        if self.is_bound:
            for name, field in self.fields.items():
                if isinstance(field, BlockField) and not field.disabled:
                    _check_stream_management_fields(self.data, self.add_prefix(name))
        super().full_clean()

    def clean(self):
        cleaned_data = super().clean()
        if self.lacks_creator_profile:
            self.add_error(None, NO_PROFILE_MESSAGE)
        return cleaned_data


class CreatorPostPageForm(StoryPageForm):
    """Creator posts always name their creator."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "creator" in self.fields:
            self.fields["creator"].required = True


def _check_stream_management_fields(data: Any, prefix: str) -> None:
    """Raise BadRequest unless `data` has the count of the stream at `prefix` and, for each of
    its blocks, the `deleted`, `type` and `order` fields Wagtail reads. (The management fields
    of blocks nested in those are left to Wagtail; the fix belongs there, reported upstream.)"""
    try:
        count = int(data[f"{prefix}-count"])
        # More blocks than fields posted cannot be: refuse before looping over them.
        if count > len(data):
            raise ValueError(count)
        for index in range(count):
            block = f"{prefix}-{index}"
            if f"{block}-deleted" not in data or f"{block}-type" not in data:
                raise KeyError(block)
            int(data[f"{block}-order"])
    except (KeyError, ValueError) as error:
        raise BadRequest(
            f"The form's {prefix} field is incomplete: reload the page and save again."
        ) from error
