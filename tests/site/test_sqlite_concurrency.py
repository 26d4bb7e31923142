"""The embedded default (SQLite, `make run`) answers concurrent writers without 500s."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
BURST = Path(__file__).with_name("sqlite_webhook_burst.py")


def test_ten_concurrent_deliveries_of_one_webhook_never_answer_500(tmp_path):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "STRIPE_", "STORYSHOP_"))
    }
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "storyshop.settings.dev",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "STORYSHOP_VAR_DIR": str(tmp_path),
        "STORYSHOP_LOG_LEVEL": "CRITICAL",
        "STRIPE_SECRET_KEY": "sk_test_burst",
        "STRIPE_WEBHOOK_SECRET": "whsec_burst",
        "STRIPE_MAX_NETWORK_RETRIES": "0",
    }

    result = subprocess.run(
        [sys.executable, str(BURST)],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"statuses": {"200": 10}, "order": "paid"}, result.stderr[-3000:]
