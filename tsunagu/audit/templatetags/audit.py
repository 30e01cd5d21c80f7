from django import template

register = template.Library()


@register.filter
def join_if_list(value):
    """Lists (contacts, districts) print one item a line's worth apart."""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "" if value is None else value



@register.filter
def in_words(value):
    """A field's name or a choice's label as the record stored it (in Japanese, the words of the
    form when it was saved: 柱, 見守り・つながり) in the reader's language. Anything else — what
    people typed — is not in the catalogue and comes back as it was."""
    from django.utils.translation import gettext

    if isinstance(value, list):
        return [gettext(v) if isinstance(v, str) and v else v for v in value]
    return gettext(value) if isinstance(value, str) and value else value
