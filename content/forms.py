"""Admin forms for stories: a creator writes only as themself."""

from wagtail.admin.forms import WagtailAdminPageForm

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
