from django.contrib.auth.management import create_permissions
from django.db import migrations

from cases.records.roles import INSTRUCTOR, instructor_permissions


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=INSTRUCTOR)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="cases", codename__in=instructor_permissions()
        )
    )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=INSTRUCTOR).first()
    if group:
        group.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_reading_lists")]

    operations = [migrations.RunPython(grant, revoke)]
