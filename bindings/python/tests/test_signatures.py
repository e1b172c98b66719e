"""SNAP and Midtrans signatures through the Python binding, against the
published vectors in tests/vectors/snap-public.json."""

import base64
import json
import pathlib
from concurrent.futures import ThreadPoolExecutor

import pytest

import qris

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors"
SNAP = json.loads((VECTORS / "snap-public.json").read_text(encoding="utf-8"))
PRIVATE = (VECTORS / "midtrans-doc-private-pkcs8.pem").read_text()
PUBLIC = (VECTORS / "midtrans-doc-public-spki.pem").read_text()


def vector(name):
    return next(v for v in SNAP["snap"] if v["name"] == name)


def test_b2b_published_signature():
    v = vector("midtrans_docs_b2b_access_token")
    key = qris.PrivateKey.from_pem(PRIVATE)
    assert key.bits == 2048 and "REDACTED" in repr(key)
    assert qris.snap.sign_b2b(key, v["client_id"], v["timestamp"]) == v["expected"]
    pub = qris.PublicKey.from_pem(PUBLIC)
    sent_at = 1690762200  # 2023-07-31T07:10:00+07:00
    qris.snap.verify_b2b(pub, v["client_id"], v["timestamp"], v["expected"], now=sent_at)
    with pytest.raises(qris.InvalidSignature):
        qris.snap.verify_b2b(pub, v["client_id"] + "x", v["timestamp"], v["expected"], now=sent_at)
    # The genuine request replayed today (the system clock): stale, refused.
    with pytest.raises(qris.InvalidTimestamp, match="older than the allowed window"):
        qris.snap.verify_b2b(pub, v["client_id"], v["timestamp"], v["expected"])
    # A caller clock of -2**63 used to make any timestamp pass.
    with pytest.raises(qris.InvalidTimestamp):
        qris.snap.verify_b2b(pub, v["client_id"], v["timestamp"], v["expected"], now=-(2**63), window=2**64 - 1)


def test_symmetric_published_signature_and_hex():
    v = vector("midtrans_demo_symmetric_qris")
    args = (v["client_secret"], "POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", v["minified_body"], "2024-03-05T10:37:16.196Z")
    sig = qris.snap.sign_hmac(*args)
    assert sig == "wmzT7yjg1SxxCsxNsFgCR9SYXiZGGbceF6fV8xe97sAMHxZ+7OEBMIBmvb6Sj6GcksGp3iv77DiomgSbcST3XQ=="
    hexsig = qris.snap.sign_hmac(*args, encoding="hex")
    assert bytes.fromhex(hexsig) == base64.b64decode(sig)
    sent_at = 1709635036  # 2024-03-05T10:37:16Z
    qris.snap.verify_hmac(*args, sig, now=sent_at)
    qris.snap.verify_hmac(*args, hexsig, now=sent_at)
    with pytest.raises(qris.InvalidSignature):
        qris.snap.verify_hmac(*args[:-1], "2024-03-05T10:37:17.196Z", sig, now=sent_at)
    with pytest.raises(qris.InvalidTimestamp):
        qris.snap.verify_hmac(*args, sig, now=sent_at + 301)
    qris.snap.verify_hmac(*args, sig, now=sent_at + 301, window=400)
    with pytest.raises(qris.JsonError):
        qris.snap.sign_hmac(v["client_secret"], "POST", "/p", "t", b"{bad", "ts")
    with pytest.raises(qris.QrisError):
        qris.snap.sign_hmac(*args, encoding="base32")


@pytest.mark.parametrize("kind", [str, bytes, bytearray, memoryview])
def test_every_buffer_type_signs_the_same_bytes(kind):
    v = vector("midtrans_demo_symmetric_qris")
    as_kind = (lambda t: t) if kind is str else (lambda t: kind(t.encode()))
    sig = qris.snap.sign_hmac(as_kind(v["client_secret"]), "POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken",
                              as_kind(v["minified_body"]), "2024-03-05T10:37:16.196Z")
    assert sig == v["expected"]
    assert qris.body_hash(as_kind(v["minified_body"])) == v["body_sha256_lower_hex"]


@pytest.mark.parametrize("wrong", [5, None, 3.5, ["{}"], {"a": 1}])
def test_non_buffers_are_type_errors_not_silent_bytes(wrong):
    # bytes(5) would be five zero bytes: an int must never become a body or a secret.
    with pytest.raises(TypeError):
        qris.minify(wrong)
    with pytest.raises(TypeError):
        qris.snap.sign_hmac(wrong, "POST", "/p", "t", b"{}", "ts")


def test_notification_generation_published_signature():
    v = vector("midtrans_demo_notification_generation")
    key = qris.PrivateKey.from_pem(PRIVATE.encode())
    ts = "2024-03-05T10:37:16.196Z"
    assert v["string_to_sign"] == f"POST:/v1.0/debit/notify:{v['body_sha256_lower_hex']}:{ts}"
    assert qris.snap.sign_rsa(key, "POST", "/v1.0/debit/notify", v["minified_body"], ts) == v["expected"]
    assert qris.body_hash(v["minified_body"]) == v["body_sha256_lower_hex"]
    pub = qris.PublicKey.from_pem(PUBLIC)
    sent_at = 1709635036
    qris.snap.verify_rsa(pub, "POST", "/v1.0/debit/notify", v["minified_body"], ts, v["expected"], now=sent_at)
    with pytest.raises(qris.InvalidSignature):
        qris.snap.verify_rsa(pub, "POST", "/v1.0/qr/notify", v["minified_body"], ts, v["expected"], now=sent_at)
    with pytest.raises(qris.InvalidTimestamp):
        qris.snap.verify_rsa(pub, "POST", "/v1.0/debit/notify", v["minified_body"], ts, v["expected"])


def test_signing_from_many_threads_at_once():
    v = vector("midtrans_demo_notification_generation")
    key = qris.PrivateKey.from_pem(PRIVATE)
    with ThreadPoolExecutor(max_workers=8) as pool:
        sigs = list(pool.map(lambda _: qris.snap.sign_rsa(key, "POST", "/v1.0/debit/notify", v["minified_body"], "2024-03-05T10:37:16.196Z"), range(32)))
    assert set(sigs) == {v["expected"]}


def test_keys_refused():
    with pytest.raises(qris.InvalidKey):
        qris.PrivateKey.from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    with pytest.raises(qris.InvalidKey):
        qris.PublicKey.from_pem(PRIVATE)
    with pytest.raises(qris.InvalidKey):
        qris.PublicKey.from_pem(b"")


def test_midtrans_signature_key_vectors():
    for v in SNAP["midtrans_signature_key"]:
        if v["name"].startswith("NEGATIVE"):
            # "789000" is not Midtrans' form ("789000.00"): refused, not hashed.
            with pytest.raises(qris.QrisError, match="gross_amount"):
                qris.midtrans.signature_key(v["order_id"], v["status_code"], v["gross_amount"], v["server_key"])
            continue
        got = qris.midtrans.signature_key(v["order_id"], v["status_code"], v["gross_amount"], v["server_key"])
        assert got == v["signature_key"]
    with pytest.raises(TypeError):
        qris.midtrans.signature_key("1111", "200", 100000.00, "k")


def test_midtrans_peer_vectors():
    """tests/vectors/external/midtrans-signature-key.tsv: each row as its source expects."""
    rows = (VECTORS / "external" / "midtrans-signature-key.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 5
    for row in rows:
        order_id, status_code, gross_amount, server_key, sig, expected, _source = row.split("\t")
        body = json.dumps({"order_id": order_id, "status_code": status_code, "gross_amount": gross_amount,
                           "signature_key": sig, "transaction_status": "settlement"})
        if expected in ("match", "policy"):  # policy: uppercase hex is accepted
            assert qris.midtrans.verify_notification(body, server_key).deliver
        else:
            with pytest.raises(qris.QrisError):
                qris.midtrans.verify_notification(body, server_key)


def test_timestamp_shape():
    ts = qris.snap.timestamp()
    assert len(ts) == 25 and ts.endswith("+07:00") and ts[10] == "T"
    assert len(qris.snap.timestamp(millis=True)) == 29


NOTE = (
    '{"order_id":"1111","status_code":"200","gross_amount":"100000.00",'
    '"signature_key":"edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231",'
    '"transaction_status":"%s","fraud_status":"accept"}'
)
SERVER_KEY = "askvnoibnosifnboseofinbofinfgbiufglnbfg"


def midtrans_note(order_id, status_code, amount, status, fraud="accept", key=SERVER_KEY):
    sig = qris.midtrans.signature_key(order_id, status_code, amount, key)
    return json.dumps({"order_id": order_id, "status_code": status_code, "gross_amount": amount,
                       "signature_key": sig, "transaction_status": status, "fraud_status": fraud})


def test_midtrans_notification_outcomes():
    paid = qris.midtrans.verify_notification((NOTE % "settlement").encode(), SERVER_KEY)
    assert (paid.order_id, paid.amount, paid.status_code, paid.outcome, paid.deliver) == ("1111", "100000.00", "200", "paid", True)
    # The signed 200 with "pending" (Midtrans sends pending with 201): unknown.
    pending = qris.midtrans.verify_notification(NOTE % "pending", SERVER_KEY)
    assert pending.outcome == "unknown" and not pending.deliver
    pending = qris.midtrans.verify_notification(midtrans_note("1111", "201", "100000.00", "pending"), SERVER_KEY)
    assert pending.outcome == "pending" and not pending.deliver
    expired = qris.midtrans.verify_notification(midtrans_note("1111", "407", "100000.00", "expire"), SERVER_KEY)
    assert expired.outcome == "expired"
    with pytest.raises(qris.InvalidSignature):
        qris.midtrans.verify_notification(NOTE % "settlement", "wrong-key")
    with pytest.raises(qris.QrisError):
        qris.midtrans.verify_notification(b"{not json", SERVER_KEY)


def test_snap_notification_verified_and_acknowledged():
    v = vector("midtrans_demo_notification_verification")
    pub = qris.PublicKey.from_pem(PUBLIC)
    ts = v["string_to_sign"].split(":", 3)[3]
    assert ts == "2024-05-02T14:43:08+07:00"
    sent_at = 1714635788  # that instant in Unix seconds
    n = qris.snap.verify_notification(pub, "POST", "/v1.0/debit/notify", v["minified_body"], ts, v["expected"], now=sent_at)
    assert (n.order_id, n.amount, n.status, n.outcome, n.deliver) == ("GP24043015193402809", "102800.00", "00", "paid", True)
    assert n.ack_status == 200 and json.loads(n.ack_body)["responseCode"] == "2005600"
    with pytest.raises(qris.QrisError) as replay:
        qris.snap.verify_notification(pub, "POST", "/v1.0/debit/notify", v["minified_body"], ts, v["expected"], now=sent_at + 3600)
    status, body = qris.snap.ack_for_error(replay.value)
    assert status == 401 and json.loads(body)["responseCode"] == "4015600"
    with pytest.raises(qris.InvalidSignature) as forged:
        qris.snap.verify_notification(pub, "POST", "/v1.0/qr/qr-mpm-notify", v["minified_body"], ts, v["expected"], now=sent_at)
    status, body = qris.snap.ack_for_error(forged.value)
    assert status == 401 and json.loads(body)["responseCode"] == "4015200"
    with pytest.raises(TypeError):
        qris.snap.ack_for_error(ValueError("not ours"))


def test_response_codes():
    rc = qris.snap.ResponseCode.parse("2004700")
    assert (rc.http, rc.service, rc.case, rc.is_success, rc.retry) == (200, 47, 0, True, "no")
    assert rc.service_name == "QRIS MPM generate"
    assert qris.snap.ResponseCode.parse("2025600").retry == "check_status"
    assert qris.snap.ResponseCode.parse("4035414").retry == "never"
    assert qris.snap.ResponseCode.parse("200").service is None
    with pytest.raises(qris.QrisError):
        qris.snap.ResponseCode.parse("20054000")


def test_forged_midtrans_notifications_never_deliver():
    # A genuine expire (407) or pending (201) notification relabelled "settlement".
    for code, status in (("407", "expire"), ("201", "pending")):
        genuine = midtrans_note("order102", code, "789000.00", status)
        forged = genuine.replace(f'"transaction_status": "{status}"', '"transaction_status": "settlement"')
        n = qris.midtrans.verify_notification(forged, SERVER_KEY)
        assert (n.outcome, n.deliver) == ("unknown", False)
    # A genuine settlement re-split: "order102" + "200" as "order10" + "2200".
    genuine = json.loads(midtrans_note("order102", "200", "789000.00", "settlement"))
    resplit = dict(genuine, order_id="order10", status_code="2200")
    with pytest.raises(qris.QrisError, match="status_code"):
        qris.midtrans.verify_notification(json.dumps(resplit), SERVER_KEY)
    # fraud_status other than accept on a settlement or capture: not paid.
    for fraud in ("challenge", "deny", "DENY", ""):
        for status in ("settlement", "capture"):
            assert not qris.midtrans.verify_notification(midtrans_note("o1", "200", "1.00", status, fraud), SERVER_KEY).deliver
    # The merchant's own record: another order or amount is a NotificationMismatch.
    body = midtrans_note("order102", "200", "789000.00", "settlement")
    from decimal import Decimal
    for amount in ("789000", 789000, Decimal("789000.00"), "789000.0"):
        assert qris.midtrans.verify_notification(body, SERVER_KEY, order_id="order102", amount=amount).deliver
    for order_id, amount in (("order103", 789000), ("order102", 789001), ("order102", "789000.01")):
        with pytest.raises(qris.NotificationMismatch):
            qris.midtrans.verify_notification(body, SERVER_KEY, order_id=order_id, amount=amount)
    with pytest.raises(TypeError):
        qris.midtrans.verify_notification(body, SERVER_KEY, order_id="order102", amount=789000.0)
    # A repeated field is refused, not "the last one wins".
    doubled = body.replace("{", '{"transaction_status": "expire", ', 1)
    with pytest.raises(qris.QrisError, match="duplicate"):
        qris.midtrans.verify_notification(doubled, SERVER_KEY)


@pytest.mark.parametrize("blank", ["", " ", "\t\n", b"", b"  "])
def test_blank_secrets_are_refused(blank):
    with pytest.raises(qris.QrisError, match="empty"):
        qris.midtrans.signature_key("1111", "200", "100000.00", blank)
    with pytest.raises(qris.QrisError, match="empty"):
        qris.midtrans.verify_notification(NOTE % "settlement", blank)
    with pytest.raises(qris.QrisError, match="empty"):
        qris.snap.sign_hmac(blank, "POST", "/p", "t", b"{}", "2024-03-05T10:37:16Z")
    with pytest.raises(qris.QrisError, match="empty"):
        qris.snap.verify_hmac(blank, "POST", "/p", "t", b"{}", "2024-03-05T10:37:16Z", "AAAA", now=1709635036)


def test_key_errors_never_show_key_material():
    # A key + certificate bundle whose BEGIN line lost a dash: the "label" used
    # to be the whole Base64 key, printed in the exception.
    cert = (VECTORS / "midtrans-doc-cert.pem").read_text()
    broken = PRIVATE.replace("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY----", 1) + cert
    body = "".join(l for l in PRIVATE.splitlines() if not l.startswith("-----"))
    with pytest.raises(qris.InvalidKey) as e:
        qris.PrivateKey.from_pem(broken)
    message = str(e.value)
    assert all(body[i:i + 12] not in message for i in range(0, len(body) - 12, 5)), message
    with pytest.raises(qris.InvalidKey, match="block 1"):
        qris.PrivateKey.from_pem(PRIVATE + cert)


@pytest.mark.parametrize("text", ["\udcff", "000201\ud800", json.loads('"\\udcff"')])
def test_lone_surrogates_are_qris_errors(text):
    assert qris.is_valid(text) is False
    issues = qris.validate(text)
    assert issues and issues[0].code == "input.utf8"
    assert qris.validate_many([text, text])[1][0].code == "input.utf8"
    with pytest.raises(qris.ParseError) as e:
        qris.parse(text)
    assert e.value.code == "input.utf8"
    with pytest.raises(qris.ParseError):
        qris.to_dynamic(text, 1000)
    with pytest.raises(qris.ParseError):
        qris.to_static(text)
    with pytest.raises(qris.QrisError):
        qris.snap.sign_hmac("secret", "POST", text, "t", b"{}", "ts")
    with pytest.raises(qris.QrisError):
        qris.midtrans.signature_key(text, "200", "1.00", "k")
    with pytest.raises(qris.QrisError):
        qris.render.svg(text)



LEGACY = json.loads((VECTORS / "legacy-rsa-openssl.json").read_text(encoding="utf-8"))


def test_legacy_1024_bit_provider_keys_need_the_explicit_opt_in():
    # Keys and signatures made with OpenSSL (tests/vectors/legacy-rsa-openssl.json).
    with pytest.raises(qris.InvalidKey, match="allow_legacy_1024"):
        qris.PublicKey.from_pem(LEGACY["public_1024"])
    key = qris.PublicKey.from_pem(LEGACY["public_1024"], allow_legacy_1024=True)
    assert (key.bits, key.is_legacy) == (1024, True)
    assert key.warning.startswith("key.legacy_1024: ")
    assert repr(key) == "PublicKey(1024 bits, legacy)"
    b2b, at = LEGACY["b2b"], 1796007600  # 2026-11-30T10:00:00+07:00
    qris.snap.verify_b2b(key, b2b["client_id"], b2b["timestamp"], b2b["signature_1024"], now=at)
    with pytest.raises(qris.InvalidSignature):
        qris.snap.verify_b2b(key, "WINPAY-CLIENX", b2b["timestamp"], b2b["signature_1024"], now=at)
    n = LEGACY["notification"]
    got = qris.snap.verify_notification(
        key, n["method"], n["path"], n["body"], n["timestamp"], n["signature_1024"], now=at + 5
    )
    assert got.deliver and len(got.warnings) == 1 and got.warnings[0].startswith("key.legacy_1024: ")
    # Below 1024 bits stays refused; signing never goes below 2048.
    with pytest.raises(qris.InvalidKey, match="768 bits is too small"):
        qris.PublicKey.from_pem(LEGACY["public_768"], allow_legacy_1024=True)
    with pytest.raises(qris.InvalidKey, match="too small"):
        qris.PrivateKey.from_pem(LEGACY["private_1024"])
    # A 2048-bit key through the opt-in is simply not legacy.
    modern = qris.PublicKey.from_pem(PUBLIC, allow_legacy_1024=True)
    assert (modern.is_legacy, modern.warning) == (False, None)


def _published_notification():
    v = vector("midtrans_demo_notification_verification")
    ts = v["string_to_sign"].split(":", 3)[3]
    return qris.PublicKey.from_pem(PUBLIC), v["minified_body"], ts, v["expected"], 1714635788


def test_replay_guard_accepts_a_notification_once():
    pub, body, ts, sig, at = _published_notification()
    guard = qris.snap.ReplayGuard()

    def verify(external_id, partner_id="G099333790"):
        return qris.snap.verify_notification(
            pub, "POST", "/v1.0/debit/notify", body, ts, sig, now=at, guard=guard,
            partner_id=partner_id, external_id=external_id,
        )

    assert verify("E1").deliver
    with pytest.raises(qris.NotificationReplayed) as again:
        verify("E1")
    status, ack = qris.snap.ack_for_error(again.value)
    assert status == 409 and json.loads(ack)["responseCode"] == "4095600"
    # X-EXTERNAL-ID is not signed: the same notification under another one is still a replay.
    for other in ("E2", "attacker-chosen"):
        with pytest.raises(qris.NotificationReplayed):
            verify(other)
    with pytest.raises(qris.NotificationReplayed):
        verify("E3", partner_id="SOMEONE-ELSE")
    assert len(guard) == 2
    with pytest.raises(TypeError, match="external_id"):
        qris.snap.verify_notification(pub, "POST", "/v1.0/debit/notify", body, ts, sig, now=at, guard=guard)
    with pytest.raises(TypeError, match="guard="):
        qris.snap.verify_notification(pub, "POST", "/v1.0/debit/notify", body, ts, sig, now=at, external_id="E")


def test_replay_guard_with_a_store_of_your_own():
    pub, body, ts, sig, at = _published_notification()

    class DictStore:
        def __init__(self):
            self.seen, self.calls = {}, []

        def insert_if_absent(self, key, now, expires_at):
            self.calls.append((key, now, expires_at))
            if self.seen.get(key, now) > now:
                return False
            self.seen[key] = expires_at
            return True

    store = DictStore()
    kw = dict(now=at, guard=store, partner_id="P", external_id="X1")
    assert qris.snap.verify_notification(pub, "POST", "/v1.0/debit/notify", body, ts, sig, **kw).deliver
    assert [c[0].split(":")[0] for c in store.calls] == ["snap-msg", "snap-id"]
    # The ID is kept until the end of the day in Jakarta: 2024-05-03T00:00:00+07:00.
    assert store.calls[1][2] == 1714669200
    with pytest.raises(qris.NotificationReplayed):
        qris.snap.verify_notification(pub, "POST", "/v1.0/debit/notify", body, ts, sig, **kw)

    # A forgery never reaches the store.
    calls = len(store.calls)
    with pytest.raises(qris.InvalidSignature):
        qris.snap.verify_notification(pub, "POST", "/v1.0/debit/notify", body.replace("102800", "100"), ts, sig, **kw)
    assert len(store.calls) == calls

    class Down:
        def insert_if_absent(self, key, now, expires_at):
            raise ConnectionError("redis is down")

    with pytest.raises(qris.QrisError, match="redis is down") as down:
        qris.snap.verify_notification(pub, "POST", "/v1.0/debit/notify", body, ts, sig, now=at, guard=Down(), external_id="X")
    assert qris.snap.ack_for_error(down.value)[0] == 500
    with pytest.raises(TypeError, match="insert_if_absent"):
        qris.snap.verify_notification(pub, "POST", "/v1.0/debit/notify", body, ts, sig, now=at, guard=object(), external_id="X")


def test_midtrans_idempotency_key_rests_on_signed_fields():
    settled = qris.midtrans.verify_notification(midtrans_note("1111", "200", "100000.00", "settlement"), SERVER_KEY)
    assert settled.idempotency_key == "midtrans:1111:200:100000.00"
    # transaction_status is not signed: changing it does not make a "new" notification.
    captured = qris.midtrans.verify_notification(midtrans_note("1111", "200", "100000.00", "capture"), SERVER_KEY)
    assert captured.idempotency_key == settled.idempotency_key
    pending = qris.midtrans.verify_notification(midtrans_note("1111", "201", "100000.00", "pending"), SERVER_KEY)
    assert pending.idempotency_key != settled.idempotency_key
