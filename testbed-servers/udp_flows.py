#!/usr/bin/python3
"""Client-side UDP flow generator: --flows UDP flows (one socket, so one 5-tuple, each) to
--target, --datagrams datagrams per flow of --size bytes, in rounds: round r sends the
r-th datagram of every flow (--concurrency flows at a time) and waits for their echoes.
The first round may send --burst datagrams per flow back to back (repeats that reach the
switch before the flow's pin is installed). With --resume-file the run stops after
--pause-after rounds, prints {"event":"paused"} and waits for that file to exist (the
test changes something meanwhile), then sends the remaining rounds on the same sockets.
Per flow it records the client port, datagrams sent and answered, bytes, and the source
addresses of the answers (under direct server return: only the VIP). Prints one JSON
summary line; --out writes one JSON line per flow."""
import argparse
import json
import os
import select
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--target", required=True, help="VIP:PORT")
    ap.add_argument("--flows", type=int, default=100)
    ap.add_argument("--datagrams", type=int, default=3, help="datagrams per flow (rounds)")
    ap.add_argument("--size", type=int, default=100, help="UDP payload bytes per datagram (>= 16)")
    ap.add_argument("--burst", type=int, default=1, help="datagrams per flow in the first round, back to back")
    ap.add_argument("--concurrency", type=int, default=20, help="flows whose datagrams are in flight at once")
    ap.add_argument("--gap-ms", type=float, default=50, help="pause between rounds")
    ap.add_argument("--timeout", type=float, default=2, help="seconds to wait for echoes of one batch")
    ap.add_argument("--pause-after", type=int, default=0, help="rounds before waiting for --resume-file")
    ap.add_argument("--resume-file")
    ap.add_argument("--port-base", type=int, default=0,
                    help="flow i binds client port PORT_BASE+i (0: ephemeral), so separate runs never share a 5-tuple")
    ap.add_argument("--out", help="one JSON line per flow")
    args = ap.parse_args()
    host, port = args.target.rsplit(":", 1)
    dst = (host, int(port))
    size = max(16, args.size)
    flows = []
    for i in range(args.flows):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", args.port_base + i if args.port_base else 0))
        s.setblocking(False)
        flows.append({"i": i, "sock": s, "clientPort": s.getsockname()[1], "sent": 0, "answered": 0,
                      "bytesSent": 0, "bytesReceived": 0, "peers": {}, "answeredByRound": []})

    def payload(i, seq):
        head = b"%08d%08d" % (i, seq)
        return head + b"x" * (size - len(head))

    def run_round(r, count):
        for start in range(0, len(flows), args.concurrency):
            batch = flows[start:start + args.concurrency]
            waiting = {}
            for f in batch:
                for k in range(count):
                    data = payload(f["i"], r * 1000 + k)
                    try:
                        f["sock"].sendto(data, dst)
                        f["sent"] += 1
                        f["bytesSent"] += len(data)
                    except OSError:
                        pass
                waiting[f["sock"].fileno()] = (f, count)
                f["answeredByRound"].append(0)
            deadline = time.monotonic() + args.timeout
            while waiting and time.monotonic() < deadline:
                ready, _, _ = select.select(list(waiting), [], [], max(0.0, deadline - time.monotonic()))
                for fd in ready:
                    f, left = waiting[fd]
                    try:
                        data, peer = f["sock"].recvfrom(65535)
                    except OSError:
                        continue
                    f["answered"] += 1
                    f["answeredByRound"][-1] += 1
                    f["bytesReceived"] += len(data)
                    f["peers"][peer[0]] = f["peers"].get(peer[0], 0) + 1
                    if left <= 1:
                        del waiting[fd]
                    else:
                        waiting[fd] = (f, left - 1)

    for r in range(args.datagrams):
        if args.resume_file and args.pause_after and r == args.pause_after:
            print(json.dumps({"event": "paused", "rounds": r, "clientPorts": [f["clientPort"] for f in flows]}), flush=True)
            while not os.path.exists(args.resume_file):
                time.sleep(0.05)
        run_round(r, args.burst if r == 0 else 1)
        if r + 1 < args.datagrams:
            time.sleep(args.gap_ms / 1000.0)

    peers = {}
    for f in flows:
        for p, n in f["peers"].items():
            peers[p] = peers.get(p, 0) + n
    summary = {
        "event": "done",
        "flows": len(flows),
        "answered": sum(1 for f in flows if f["answered"] >= f["sent"] and f["sent"] > 0),
        "datagramsSent": sum(f["sent"] for f in flows),
        "datagramsAnswered": sum(f["answered"] for f in flows),
        "bytesSent": sum(f["bytesSent"] for f in flows),
        "bytesReceived": sum(f["bytesReceived"] for f in flows),
        "peers": peers,
    }
    if args.out:
        with open(args.out, "w") as out:
            for f in flows:
                rec = {k: v for k, v in f.items() if k != "sock"}
                out.write(json.dumps(rec, separators=(",", ":")) + "\n")
    print(json.dumps(summary, separators=(",", ":")), flush=True)


if __name__ == "__main__":
    main()
