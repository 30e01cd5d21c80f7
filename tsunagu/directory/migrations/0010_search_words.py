"""Search that understands how people write Japanese (issue 12): every listing's search_text
gains its normalised forms, readings, address and 町丁目 (models.listing_search_text), and the
synonym list starts with the programme's words (the casebook's, editable at 検索の言いかえ)."""

from django.db import migrations

from tsunagu.directory.search import rebuild_index, reinstall_sqlite_triggers

# The programme's words that residents and care managers use for the same thing
# (docs/domain.md, the casebook): one group a line on the screen.
DEFAULT_GROUPS = [
    ["ふれあい", "いきいき"],
    ["サロン", "居場所", "通いの場", "たまり場", "茶話会"],
    ["買い物支援", "移動販売", "移動スーパー", "買い物代行"],
    ["見守り", "安否確認", "声かけ"],
    ["移動支援", "外出支援", "送迎"],
    ["会食", "食事会", "ランチ会"],
    ["配食", "弁当配達", "お弁当"],
    ["子ども食堂", "地域食堂", "みんな食堂"],
    ["認知症カフェ", "オレンジカフェ", "ケアラーズカフェ"],
    ["老人クラブ", "シニアクラブ", "老人会"],
    ["健康づくり", "介護予防"],
    ["困りごと支援", "ちょこっとボランティア", "お助け隊", "生活支援ボランティア"],
]


def load_defaults(apps, schema_editor):
    SynonymGroup = apps.get_model("directory", "SynonymGroup")
    db = schema_editor.connection.alias
    if not SynonymGroup.objects.using(db).exists():
        SynonymGroup.objects.using(db).bulk_create(
            SynonymGroup(words=words, position=i) for i, words in enumerate(DEFAULT_GROUPS))


def recompute(apps, schema_editor):
    from tsunagu.directory.models import listing_search_text

    Listing = apps.get_model("directory", "Listing")
    db = schema_editor.connection.alias
    batch = []
    for listing in (Listing.objects.using(db).select_related("organisation", "location__block")
                    .order_by("pk").iterator(chunk_size=2000)):
        value = listing_search_text(listing)
        if value != listing.search_text:
            listing.search_text = value
            batch.append(listing)
        if len(batch) >= 2000:
            Listing.objects.using(db).bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Listing.objects.using(db).bulk_update(batch, ["search_text"])
    rebuild_index(using=db)


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_search_synonyms")]

    operations = [
        # The FTS triggers must be in place before search_text is written (search.py).
        migrations.RunPython(reinstall_sqlite_triggers, migrations.RunPython.noop),
        migrations.RunPython(load_defaults, migrations.RunPython.noop),
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
