#!/usr/bin/python3
"""Burns CPU in the host (network namespace) it runs in: one busy process per --procs,
for --seconds (0: until killed). Raises that server's measured load (agent cpuSource
"netns" counts the processes of its own namespace)."""
import argparse
import multiprocessing
import time


def spin(seconds):
    end = time.monotonic() + seconds if seconds > 0 else float("inf")
    x = 0
    while time.monotonic() < end:
        for _ in range(10000):
            x += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=0)
    args = ap.parse_args()
    workers = [multiprocessing.Process(target=spin, args=(args.seconds,), daemon=True) for _ in range(args.procs - 1)]
    for w in workers:
        w.start()
    spin(args.seconds)  # the parent burns too, so --procs 1 is one process
    for w in workers:
        w.join()


if __name__ == "__main__":
    main()
