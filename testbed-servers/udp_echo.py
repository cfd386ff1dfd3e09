#!/usr/bin/python3
"""UDP echo server for a test-bed server host.

Sends every datagram back unchanged to where it came from, with the address the client
sent it to as the source: under direct server return that is the VIP (or the address of
a virtual subnet the client reached), not the server's own address. A socket bound to
the wildcard address would let the kernel pick the source by route (the server's real
address), so the local destination of each datagram is read with IP_PKTINFO and given
back as the source of the reply.
Logs one JSON line per datagram: client, clientPort (as the server sees them), local
(the address the client reached) and size; and "listening" once bound.
"""
import argparse
import json
import socket
import struct
import sys
import time

IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)  # Linux value; Python 3.11 lacks the name
PKTINFO = struct.Struct("=I4s4s")  # struct in_pktinfo: ifindex, spec_dst, addr


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--id", required=True, help="server id, written in every log line")
    ap.add_argument("--port", type=int, default=7)
    ap.add_argument("--bind", default="0.0.0.0")
    ap.add_argument("--log", help="JSON-lines log file (default: stdout)")
    args = ap.parse_args()
    out = open(args.log, "a", buffering=1) if args.log else sys.stdout
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
    sock.bind((args.bind, args.port))

    def log(**fields):
        fields["t"] = round(time.time(), 3)
        out.write(json.dumps(fields, separators=(",", ":")) + "\n")

    log(event="listening", server=args.id, port=args.port)
    while True:
        data, anc, _flags, peer = sock.recvmsg(65535, socket.CMSG_SPACE(PKTINFO.size))
        local = None
        for level, kind, value in anc:
            if level == socket.IPPROTO_IP and kind == IP_PKTINFO and len(value) >= PKTINFO.size:
                _ifindex, _spec_dst, addr = PKTINFO.unpack(value[: PKTINFO.size])
                local = addr
        log(event="datagram", server=args.id, client=peer[0], clientPort=peer[1],
            local=socket.inet_ntoa(local) if local else None, size=len(data))
        try:
            if local is None:
                sock.sendto(data, peer)
            else:
                # Source = the address the client reached; the route decides the interface.
                sock.sendmsg([data], [(socket.IPPROTO_IP, IP_PKTINFO, PKTINFO.pack(0, local, b"\0\0\0\0"))], 0, peer)
        except OSError as err:
            log(event="send-error", server=args.id, client=peer[0], clientPort=peer[1], error=str(err))


if __name__ == "__main__":
    main()
