from django import template

register = template.Library()


@register.filter
def join_if_list(value):
    """Lists (contacts, districts) print one item a line's worth apart."""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "" if value is None else value

