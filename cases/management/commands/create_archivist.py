import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.records.roles import ARCHIVIST, INSTRUCTOR


class Command(BaseCommand):
    help = "Create (or update) a staff account in the Archivist or Instructor group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--instructor", action="store_true", help="Instructor, not archivist.")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Read the password from this environment variable instead of prompting.",
        )

    def handle(self, username, email, instructor, password_from_env, **options):
        import os

        if password_from_env:
            password = os.environ.get(password_from_env, "")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.email = email or user.email
        user.is_staff = not instructor
        user.set_password(password)
        user.save()
        group = Group.objects.get(name=INSTRUCTOR if instructor else ARCHIVIST)
        user.groups.add(group)
        self.stdout.write(f"{username} is in the {group.name} group.")
