"""`manage.py load_demo`: the demo content and admin user; running it again changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from storyshop.demo.loader import ADMIN_USERNAME, load_demo


class Command(BaseCommand):
    help = "Load the demo stories, products and admin user (only what is missing)."

    def handle(self, *args, **options):
        if not settings.STORYSHOP_DEMO_ALLOWED:
            raise CommandError(
                "Demo content is for development: these settings have STORYSHOP_DEMO_ALLOWED "
                "off (production). Use DJANGO_SETTINGS_MODULE=storyshop.settings.dev."
            )
        report = load_demo(settings.STORYSHOP_DEMO_CREDENTIALS_FILE)
        if report.created:
            self.stdout.write(self.style.SUCCESS(f"Created {len(report.created)} demo items:"))
            for item in report.created:
                self.stdout.write(f"  {item}")
        else:
            self.stdout.write("Demo content is already loaded; nothing changed.")
        base_url = settings.WAGTAILADMIN_BASE_URL
        self.stdout.write(f"\nAdmin: {base_url}/admin/  user: {ADMIN_USERNAME}")
        if report.admin_password:
            self.stdout.write(f"       password: {report.admin_password}")
        else:
            self.stdout.write(
                "       password: unknown to the demo (set it with "
                f"`.venv/bin/python manage.py changepassword {ADMIN_USERNAME}`)"
            )
