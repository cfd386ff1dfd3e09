#!/usr/bin/python3
"""HTTP server for a test-bed server host.

Logs one JSON line per request (and per finished or broken download) with the client's
address and port as the server sees them, and the local address the client reached
(a VIP under direct server return). Serves:
  /                         a short page naming the server
  /slow?bytes=N&rate=R      N bytes at about R bytes/s (a long-lived transfer)
Binds the wildcard address so that every VIP made local on this host answers.
"""
import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

CHUNK = 1024
_log_lock = threading.Lock()
_log_file = sys.stdout


def log_event(**fields):
    fields["t"] = round(time.time(), 3)
    line = json.dumps(fields, separators=(",", ":"))
    with _log_lock:
        _log_file.write(line + "\n")
        _log_file.flush()


class Handler(BaseHTTPRequestHandler):
    server_id = "server"
    # HTTP/1.0: one request per connection, so one log line per TCP connection.
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass  # our own JSON lines replace the default access log

    def _where(self):
        client, client_port = self.client_address[:2]
        local, local_port = self.connection.getsockname()[:2]
        return {"server": self.server_id, "client": client, "clientPort": client_port,
                "local": local, "localPort": local_port, "path": self.path}

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/slow":
            self._slow(parse_qs(url.query))
            return
        body = ("served by %s\n" % self.server_id).encode()
        log_event(event="request", status=200, **self._where())
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Served-By", self.server_id)
        self.end_headers()
        self.wfile.write(body)

    def _slow(self, query):
        try:
            total = int(query.get("bytes", ["1048576"])[0])
            rate = float(query.get("rate", ["65536"])[0])
        except ValueError:
            self.send_error(400, "bytes and rate must be numbers")
            return
        where = self._where()
        log_event(event="slow-start", bytes=total, rate=rate, **where)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(total))
        self.send_header("X-Served-By", self.server_id)
        self.end_headers()
        sent = 0
        start = time.monotonic()
        chunk = b"x" * CHUNK
        try:
            while sent < total:
                n = min(CHUNK, total - sent)
                self.wfile.write(chunk[:n])
                sent += n
                # Pace to the rate: sleep until this many bytes are due.
                due = start + sent / rate
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
            self.wfile.flush()
            log_event(event="slow-done", sent=sent, seconds=round(time.monotonic() - start, 3), **where)
        except OSError as err:
            log_event(event="slow-aborted", sent=sent, error=str(err), **where)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # Hundreds of clients connect at once: the default backlog of 5 would drop SYNs.
    request_queue_size = 1024
    allow_reuse_address = True


def main():
    global _log_file
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--id", required=True, help="server id, echoed in logs and pages")
    ap.add_argument("--port", type=int, default=80)
    ap.add_argument("--bind", default="0.0.0.0")
    ap.add_argument("--log", help="JSON-lines log file (default: stdout)")
    args = ap.parse_args()
    if args.log:
        _log_file = open(args.log, "a", buffering=1)
    Handler.server_id = args.id
    httpd = Server((args.bind, args.port), Handler)
    log_event(event="listening", server=args.id, port=args.port)
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()


if __name__ == "__main__":
    main()
