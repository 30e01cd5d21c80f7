"""Static files collect under production settings: whitenoise's manifest storage refuses a file
that refers to another missing one (a vendored script's source map, a stylesheet's image)."""

from __future__ import annotations

from tests.ops.test_production_settings import production_env, run_manage


def test_collectstatic_succeeds_with_production_settings(tmp_path):
    static_root = tmp_path / "static"
    result = run_manage("collectstatic", "--noinput", "-v", "0",
                        TSUNAGU_STATIC_ROOT=str(static_root), **production_env(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (static_root / "staticfiles.json").read_text()
    for name in ["vendor/leaflet/leaflet.js", "js/results-map.js", "css/tsunagu.css"]:
        assert name in manifest
