#!/usr/bin/python3
"""Client-side load generator: --count HTTP GETs (one TCP connection each) to --url
with --concurrency workers. Per connection it records the HTTP status, the address the
reply came from (the socket's peer: under direct server return this must be the VIP),
the client port and the X-Served-By header, and how long connect() took.
With --connect-only it opens and closes TCP connections without HTTP (for benchmarks).
With --source-port-base, connection i binds client port base+i: a burst whose 5-tuples
no earlier connection used, so none of them rides a pinned flow left by an earlier one.
Prints one JSON summary line; --out writes one JSON line per connection."""
import argparse
import http.client
import json
import socket
import sys
import threading
import time
from urllib.parse import urlparse


def one_fetch(host, port, path, timeout, connect_only, source_port=None):
    rec = {"ok": False}
    sock = None
    try:
        t0 = time.monotonic()
        source = None if source_port is None else ("", source_port)
        sock = socket.create_connection((host, port), timeout=timeout, source_address=source)
        rec["connectMs"] = round((time.monotonic() - t0) * 1000, 3)
        rec["peer"], rec["peerPort"] = sock.getpeername()[:2]
        rec["clientPort"] = sock.getsockname()[1]
        if connect_only:
            rec["ok"] = True
            return rec
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.sock = sock  # reuse the timed socket for the request
        conn.request("GET", path, headers={"Connection": "close"})
        resp = conn.getresponse()
        resp.read()
        rec["status"] = resp.status
        rec["servedBy"] = resp.getheader("X-Served-By")
        rec["ok"] = resp.status == 200
    except OSError as err:
        rec["error"] = str(err)
    finally:
        if sock is not None:
            sock.close()
    return rec


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--url", required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--timeout", type=float, default=5)
    ap.add_argument("--connect-only", action="store_true")
    ap.add_argument("--out", help="one JSON line per connection")
    ap.add_argument("--source-port-base", type=int, help="connection i binds client port base+i")
    args = ap.parse_args()
    url = urlparse(args.url)
    host, port, path = url.hostname, url.port or 80, url.path or "/"
    results = []
    lock = threading.Lock()
    next_index = [0]

    def worker():
        while True:
            with lock:
                if next_index[0] >= args.count:
                    return
                index = next_index[0]
                next_index[0] += 1
            source_port = None if args.source_port_base is None else args.source_port_base + index
            rec = one_fetch(host, port, path, args.timeout, args.connect_only, source_port)
            with lock:
                results.append(rec)

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(max(1, args.concurrency))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    if args.out:
        with open(args.out, "w") as f:
            for r in results:
                f.write(json.dumps(r, separators=(",", ":")) + "\n")
    by_server, peers, errors = {}, {}, {}
    for r in results:
        if r.get("servedBy"):
            by_server[r["servedBy"]] = by_server.get(r["servedBy"], 0) + 1
        if r.get("peer"):
            peers[r["peer"]] = peers.get(r["peer"], 0) + 1
        if not r["ok"]:
            key = r.get("error") or "status %s" % r.get("status")
            errors[key] = errors.get(key, 0) + 1
    connect = [r["connectMs"] for r in results if "connectMs" in r]
    summary = {
        "connections": len(results),
        "succeeded": sum(1 for r in results if r["ok"]),
        "seconds": round(seconds, 3),
        "perSecond": round(len(results) / seconds, 1) if seconds > 0 else None,
        "byServer": by_server,
        "peers": peers,
        "errors": errors,
        "connectMsP50": percentile(connect, 50),
        "connectMsP99": percentile(connect, 99),
    }
    print(json.dumps(summary, separators=(",", ":")), flush=True)
    return 0 if summary["succeeded"] == summary["connections"] else 1


if __name__ == "__main__":
    sys.exit(main())
