#!/usr/bin/python3
"""Opens --count TCP connections to --target HOST:PORT and holds them open (sending
nothing) for --seconds (0: until killed). Run inside a server host against its own VIP,
this puts exactly --count ESTABLISHED connections on its service port: a precise,
CPU-free way to raise the connection term of its load index."""
import argparse
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--target", required=True, help="HOST:PORT")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=0)
    args = ap.parse_args()
    host, port = args.target.rsplit(":", 1)
    held = []
    for _ in range(args.count):
        held.append(socket.create_connection((host, int(port)), timeout=5))
    print("holding %d connections to %s" % (len(held), args.target), flush=True)
    end = time.monotonic() + args.seconds if args.seconds > 0 else float("inf")
    try:
        while time.monotonic() < end:
            time.sleep(0.5)
    finally:
        for s in held:
            s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
