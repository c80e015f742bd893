"""A record read from a case file, validated as the admin validates it: by a ModelForm.

The form is the model's own (``modelform_factory``), so a bad value is refused with the
words an archivist sees in the admin for the same value ("Select a valid choice. …", a
partial date's accepted forms, a constraint's name). Only references differ: a file names
related records by key, so a reference is a choice among keys, refused with the key.
"""

from functools import cache

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.models import construct_instance, modelform_factory
from django.utils.translation import gettext_lazy as _


class Refused(ValueError):
    """A record, or one of its rows, that the archive does not accept, with the reasons."""


class RecordKeyField(forms.ModelChoiceField):
    """A related record given by its key."""

    default_error_messages = {"invalid_choice": _("no %(kind)s with key '%(value)s'")}

    def __init__(self, queryset, **kwargs):
        kwargs["to_field_name"] = "key"
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise _unknown_key(self, error, value) from None


class RecordKeysField(forms.ModelMultipleChoiceField):
    """Related records given as a list of keys: one query for the whole list."""

    default_error_messages = {"invalid_choice": _("no %(kind)s with key '%(value)s'")}

    def __init__(self, queryset, **kwargs):
        kwargs["to_field_name"] = "key"
        super().__init__(queryset, **kwargs)

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError as error:
            raise _unknown_key(self, error, error.params and error.params.get("value")) from None


def _unknown_key(field, error: ValidationError, value) -> ValidationError:
    """The field's refusal, naming the kind of record when no record has the key."""
    if error.code != "invalid_choice":
        return error
    return ValidationError(
        field.error_messages["invalid_choice"],
        code="invalid_choice",
        params={"kind": field.queryset.model._meta.verbose_name, "value": value},
    )


def resolve(model: type[models.Model], key: str) -> models.Model:
    """The record with this key, or ``Refused`` naming the key as a reference would."""
    try:
        return RecordKeyField(model._default_manager.all()).clean(key)
    except ValidationError as error:
        raise Refused(f"key: {' '.join(error.messages)}") from None


def _form_field(model_field: models.Field, **kwargs):
    # Every relation in a case file is written as keys, never as primary keys.
    if model_field.many_to_one:
        return model_field.formfield(form_class=RecordKeyField, **kwargs)
    if model_field.many_to_many:
        return model_field.formfield(form_class=RecordKeysField, **kwargs)
    return model_field.formfield(**kwargs)


def snapshot(instance: models.Model) -> dict:
    """What a record or row says, to tell whether the file changes it."""
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.editable and not f.primary_key
    }


class FileRecordForm(forms.ModelForm):
    """A model's form for a record or a row read from a case file.

    ``stored`` is what the row it replaces says, if any: a row the archive already holds
    with these very values passed the model's validation when it was written, and checking
    it again would cost its constraints' queries on every reload of every citation.
    """

    def __init__(self, *args, stored: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = stored

    def _post_clean(self):
        if self.stored is not None:
            construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            if snapshot(self.instance) == self.stored:
                return
        super()._post_clean()


@cache
def record_form(model: type[models.Model], fields: tuple[str, ...]) -> type[FileRecordForm]:
    """The model's form for these fields, built once per process."""
    return modelform_factory(
        model, form=FileRecordForm, fields=fields, formfield_callback=_form_field
    )


def validated(
    instance: models.Model,
    fields: tuple[str, ...],
    values: dict,
    names: dict[str, str] | None = None,
    stored: dict | None = None,
) -> models.Model:
    """The instance with the values set, if the model's form accepts them; else ``Refused``.

    ``values`` maps some of the ``fields`` to the file's values; a field left out takes the
    model's default, as a record typed in the admin would, so removing a line from the file
    resets the field. ``names`` gives the file's name of a field (``period`` for a case's
    date) for the messages; ``stored``, what the row it replaces says (see FileRecordForm).
    """
    model = type(instance)
    data = {}
    for name in fields:
        if name in values:
            data[name] = values[name]
        else:
            model_field = model._meta.get_field(name)
            data[name] = model_field.get_default() if model_field.has_default() else None
    form = record_form(model, fields)(data=data, instance=instance, stored=stored)
    if not form.is_valid():
        raise Refused(messages(form.errors, names or {}))
    return form.instance


def messages(errors: dict, names: dict[str, str]) -> str:
    """A form's errors on one line: "field: message; other: message", general ones bare."""
    return "; ".join(
        " ".join(field_errors)
        if name == NON_FIELD_ERRORS
        else f"{names.get(name, name)}: {' '.join(field_errors)}"
        for name, field_errors in errors.items()
    )
