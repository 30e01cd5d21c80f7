from django import template

register = template.Library()


@register.filter
def join_if_list(value):
    """Lists (contacts, districts) print one item a line's worth apart."""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "" if value is None else value


@register.filter
def before_after(value):
    """A change is [before, after]; a look through an audited action (policy.record_look) writes a
    plain value — what it looked through — shown as it is rather than split into its characters."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return value
    return [None, value]
