from __future__ import annotations


class JapaneseFirstMiddleware:
    """Japanese unless the person chose otherwise with the language switch.

    Office PCs in ward offices are often set up with an English browser; the programme's
    staff and residents still expect Japanese. So the browser's Accept-Language is ignored and
    only the language cookie (set by the switch in the footer) can change the language.
    Must come before django.middleware.locale.LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
