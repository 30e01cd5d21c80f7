"""添付ファイル: photos, flyers and documents on any record. See registry.py for wiring one on."""


def register(model, **kwargs) -> None:
    from tsunagu.attachments.registry import register as _register

    _register(model, **kwargs)
