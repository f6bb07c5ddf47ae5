"""`manage.py create_editor USERNAME`: a staff account in the Editors group, not a superuser."""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

EDITORS = "Editors"


class Command(BaseCommand):
    help = "Create an editor (or make an existing user one): staff, in the Editors group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help="Set this password. Without it, you are asked (or, without a terminal, "
            "the account gets no usable password until `changepassword`).",
        )
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, username, email, password, interactive, **options):
        try:
            group = Group.objects.get(name=EDITORS)
        except Group.DoesNotExist as error:
            raise CommandError(f"No “{EDITORS}” group: run `manage.py migrate` first.") from error
        if password is None and interactive and self.stdin_is_terminal():
            password = self.ask_password()
        User = get_user_model()
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=username, defaults={"email": email})
            user.is_staff = True
            if email:
                user.email = email
            if password:
                user.set_password(password)
            elif created:
                user.set_unusable_password()
            user.save()
            user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} editor “{username}”."))
        if not user.has_usable_password():
            self.stdout.write(f"Set a password with: manage.py changepassword {username}")

    @staticmethod
    def stdin_is_terminal() -> bool:
        return sys.stdin.isatty()

    def ask_password(self) -> str:
        for _attempt in range(3):
            first = getpass.getpass("Password: ")
            if first and first == getpass.getpass("Password (again): "):
                return first
            self.stderr.write("Passwords are empty or differ; try again.")
        raise CommandError("No password given.")
