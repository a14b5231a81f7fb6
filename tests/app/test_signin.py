"""Sign-in for a hosted app (ui/signin.py): asked for only when the server configures it."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a-long-random-test-secret",
        "client_id": "pmo-auditor", "client_secret": "not-a-real-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def test_with_sign_in_configured_nothing_is_shown_before_signing_in():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.secrets["auth"] = AUTH
    app.run()
    assert not app.exception
    assert [b.label for b in app.button] == ["Sign in"]
    assert not app.metric, "no audit figure before signing in"
    assert not app.sidebar.file_uploader, "no upload before signing in"


def test_without_sign_in_the_app_opens_on_its_sample_as_on_a_laptop():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception
    assert "Sign in" not in [b.label for b in app.button]
    assert app.metric
