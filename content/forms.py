"""Admin forms for stories: a creator writes only as themself."""

from wagtail.admin.forms import WagtailAdminPageForm

from content.permissions import is_creator_only


class StoryPageForm(WagtailAdminPageForm):
    """The edit form of every story type.

    Sales are attributed to a story's creator, so a creator (a user who is not an editor) can only
    attribute stories to their own profile; editors may pick any creator or none.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "creator" in self.fields and user is not None and is_creator_only(user):
            profile = user.creator_profile
            field = self.fields["creator"]
            field.queryset = field.queryset.filter(pk=profile.pk)
            field.required = True
            field.empty_label = None
            self.initial.setdefault("creator", profile.pk)


class CreatorPostPageForm(StoryPageForm):
    """Creator posts always name their creator."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "creator" in self.fields:
            self.fields["creator"].required = True
