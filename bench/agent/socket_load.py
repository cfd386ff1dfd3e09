#!/usr/bin/python3
"""bench:agent's busy web server, inside the network namespace it is started in: a
listener on VIP:PORT, --time-wait connections opened and closed with the server closing
first (so each leaves a TIME_WAIT socket on VIP:PORT, as a web server closing its
connections does), then --established connections held open. Prints one JSON line when
the sockets are in place, then holds them until stdin closes."""
import argparse
import json
import socket
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--vip', required=True)
    ap.add_argument('--port', type=int, default=80)
    ap.add_argument('--established', type=int, default=3000)
    ap.add_argument('--time-wait', type=int, default=44000)
    args = ap.parse_args()
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((args.vip, args.port))
    srv.listen(4096)
    # Several client addresses: one address has about 28,000 ephemeral ports.
    sources = ['127.0.1.%d' % i for i in range(1, 65)]
    for i in range(args.time_wait):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.bind((sources[i % len(sources)], 0))
        c.connect((args.vip, args.port))
        s, _ = srv.accept()
        s.close()
        c.close()
    held = []
    for i in range(args.established):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.bind((sources[i % len(sources)], 0))
        c.connect((args.vip, args.port))
        s, _ = srv.accept()
        held.append((c, s))
    print(json.dumps({'ready': True, 'established': len(held), 'timeWaitOpened': args.time_wait}), flush=True)
    sys.stdin.read()
    return 0


if __name__ == '__main__':
    sys.exit(main())
