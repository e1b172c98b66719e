"""A replay store shared by every instance of a notification handler: Redis.

qris.snap.ReplayGuard remembers notifications in one process. When several
instances (processes, machines) receive a provider's notifications, they must
agree on what was already seen: give `guard=` an object whose
`insert_if_absent(key, now, expires_at)` is atomic across all of them. Redis'
`SET key 1 NX EX ttl` is exactly that: of two instances racing on one key, one
gets OK, the other None. The time to live is `expires_at - now`, counted by
Redis from its own clock (so a clock difference between the handler and Redis
does not matter, and `now` may be a fixed time, as in tests).

    import redis, qris
    store = RedisReplayStore(redis.Redis(host="cache", port=6379))
    n = qris.snap.verify_notification(provider_key, "POST", path, raw_body,
                                      headers["X-TIMESTAMP"], headers["X-SIGNATURE"],
                                      guard=store,
                                      partner_id=headers["X-PARTNER-ID"],
                                      external_id=headers["X-EXTERNAL-ID"])
    # a replay raises qris.NotificationReplayed: answer qris.snap.ack_for_error(e) (409)

Midtrans retries a notification until it hears 200: deliver when its
`idempotency_key` is new to the same store:

    n = qris.midtrans.verify_notification(raw_body, server_key)
    if n.deliver and store.insert_if_absent(n.idempotency_key, now, now + 7 * 86400):
        ship(n.order_id)

Run as a program, this file verifies one SNAP notification with the store and
prints `deliver` or `replayed` (the test in bindings/python/tests/test_redis_replay.py
races two of them).
"""

from __future__ import annotations

import argparse
import json
import sys

import redis

import qris


class RedisReplayStore:
    """qris' replay store protocol over Redis (keys under `prefix`)."""

    def __init__(self, client: "redis.Redis", prefix: str = "qris:replay:") -> None:
        self.client = client
        self.prefix = prefix

    def insert_if_absent(self, key: str, now: int, expires_at: int) -> bool:
        ttl = expires_at - now
        if ttl <= 0:
            return True  # already expired: nothing to remember
        # Expired keys leave Redis by themselves.
        return bool(self.client.set(self.prefix + key, b"1", nx=True, ex=ttl))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True, help="Redis port on localhost")
    ap.add_argument("--notification", required=True, help="a JSON file: key, path, body, timestamp, signature, now, external_id")
    ap.add_argument("--go", help="wait until this file exists before verifying (to race another instance)")
    args = ap.parse_args()
    n = json.load(open(args.notification, encoding="utf-8"))
    store = RedisReplayStore(redis.Redis(port=args.port))
    key = qris.PublicKey.from_pem(n["key"])
    if args.go:
        import os
        import time

        while not os.path.exists(args.go):
            time.sleep(0.001)
    try:
        v = qris.snap.verify_notification(
            key, "POST", n["path"], n["body"], n["timestamp"], n["signature"], now=n["now"],
            guard=store, partner_id=n.get("partner_id", ""), external_id=n["external_id"],
        )
    except qris.NotificationReplayed:
        print("replayed")
        return 0
    print("deliver" if v.deliver else "verified, not paid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
