"""The replay guard shared through a real Redis (examples/redis/replay_store.py):
two handler processes racing on the same SNAP notification, with different
X-EXTERNAL-IDs as a replayer would send; exactly one delivers. Then the store
refuses what Redis has, and Midtrans idempotency keys go through it too.

Needs redis-server (Debian package redis-server; .ci/run installs it) and the
`redis` package (make python-test installs it)."""

import json
import pathlib
import shutil
import socket
import subprocess
import sys
import time

import pytest

import qris

redis = pytest.importorskip("redis")
if shutil.which("redis-server") is None:
    pytest.skip("redis-server is not installed (Debian package redis-server)", allow_module_level=True)

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "redis" / "replay_store.py"
VECTORS = ROOT / "tests" / "vectors"
sys.path.insert(0, str(EXAMPLE.parent))
from replay_store import RedisReplayStore  # noqa: E402


@pytest.fixture()
def redis_port(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.02)
    else:
        server.kill()
        pytest.fail("redis-server did not start")
    yield port
    server.terminate()
    server.wait(timeout=10)


def published_notification():
    snap = json.loads((VECTORS / "snap-public.json").read_text(encoding="utf-8"))
    v = next(c for c in snap["snap"] if c["name"] == "midtrans_demo_notification_verification")
    return {
        "key": (VECTORS / "midtrans-doc-public-spki.pem").read_text(),
        "path": "/v1.0/debit/notify",
        "body": v["minified_body"],
        "timestamp": v["string_to_sign"].split(":", 3)[3],
        "signature": v["expected"],
        "now": 1714635788,
        "partner_id": "G099333790",
    }


def test_two_processes_racing_deliver_exactly_once(redis_port, tmp_path):
    go = tmp_path / "go"
    procs = []
    for i, external_id in enumerate(["41807553358950093184162180797837", "replayer-chose-this"]):
        note = dict(published_notification(), external_id=external_id)
        path = tmp_path / f"note{i}.json"
        path.write_text(json.dumps(note))
        procs.append(subprocess.Popen(
            [sys.executable, str(EXAMPLE), "--port", str(redis_port), "--notification", str(path), "--go", str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ))
    time.sleep(0.5)  # both are waiting at the start line
    go.write_text("")
    results = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        results.append(out.strip())
    assert sorted(results) == ["deliver", "replayed"], results
    # What Redis holds: the signed message (until the timestamp leaves the window) and the ID (until midnight WIB).
    keys = sorted(k.decode().split(":")[2] for k in redis.Redis(port=redis_port).keys("qris:replay:*"))
    assert keys == ["snap-id", "snap-msg"], keys


def test_the_redis_store_in_process(redis_port):
    n = published_notification()
    store = RedisReplayStore(redis.Redis(port=redis_port))
    key = qris.PublicKey.from_pem(n["key"])
    args = (key, "POST", n["path"], n["body"], n["timestamp"], n["signature"])
    kw = dict(now=n["now"], guard=store, partner_id=n["partner_id"])
    assert qris.snap.verify_notification(*args, external_id="A", **kw).deliver
    with pytest.raises(qris.NotificationReplayed):
        qris.snap.verify_notification(*args, external_id="A", **kw)
    with pytest.raises(qris.NotificationReplayed):
        qris.snap.verify_notification(*args, external_id="B", **kw)
    # Midtrans: deliver when the idempotency key is new.
    sig = qris.midtrans.signature_key("1111", "200", "100000.00", "SB-Mid-server-TEST")
    body = json.dumps({"order_id": "1111", "status_code": "200", "gross_amount": "100000.00",
                       "signature_key": sig, "transaction_status": "settlement", "fraud_status": "accept"})
    delivered = 0
    for _ in range(3):
        v = qris.midtrans.verify_notification(body, "SB-Mid-server-TEST")
        if v.deliver and store.insert_if_absent(v.idempotency_key, n["now"], n["now"] + 86400):
            delivered += 1
    assert delivered == 1
