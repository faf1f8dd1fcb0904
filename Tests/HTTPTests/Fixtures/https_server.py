#!/usr/bin/env python3
"""A real HTTPS server for the HTTP transport's tests.

It makes its own CA, server and client certificates with the openssl command line, then serves
two TLS listeners on 127.0.0.1: one where a client certificate is optional and one where it is
required. When ready it prints one JSON line (ports and certificate folder) on standard output.
It exits when its standard input closes or its parent dies, so it never outlives the tests.
"""
import argparse
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_ca(name, cwd):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "2", "-subj", f"/CN={name}",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            cwd=cwd)


def make_leaf(name, ca, subject, extensions, cwd):
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", subject, cwd=cwd)
    with open(os.path.join(cwd, f"{name}.ext"), "w") as f:
        f.write(extensions)
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
            "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext", cwd=cwd)


def make_certificates(cwd):
    make_ca("ca", cwd)
    make_ca("other-ca", cwd)
    make_leaf("server", "ca", "/CN=127.0.0.1",
              "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n", cwd)
    make_leaf("client", "ca", "/O=system:masters/CN=eventmesh-test-client",
              "extendedKeyUsage=clientAuth\n", cwd)


barriers = {}
barriers_lock = threading.Lock()
connection_counter = iter(range(1, 1 << 62))
connection_counter_lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        # The handshake runs here, on the connection's own thread, not in the accept loop.
        try:
            self.request.do_handshake()
        except (ssl.SSLError, OSError):
            self.request.close()
            raise
        with connection_counter_lock:
            self.connection_id = next(connection_counter)
        super().setup()

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        self.route()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        handler = {
            "/echo": self.echo, "/lines": self.lines, "/stall-head": self.stall_head,
            "/stall-body": self.stall_body, "/close-mid": self.close_mid, "/status": self.status,
            "/bytes": self.bytes, "/barrier": self.barrier,
        }.get(url.path)
        if handler is None:
            self.send_json(404, {"error": "no such path"})
        else:
            handler(query, body)

    def send_json(self, code, value, extra_headers=()):
        data = json.dumps(value).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, header_value in extra_headers:
            self.send_header(name, header_value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def start_chunked(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def echo(self, query, body):
        peer = self.request.getpeercert()
        subject = None
        if peer:
            subject = {k: v for rdn in peer.get("subject", ()) for (k, v) in rdn}
        self.send_json(200, {
            "method": self.command, "path": self.path,
            "headers": {k: v for k, v in self.headers.items()},
            "body": body.decode("latin-1"), "bodyLength": len(body),
            "connectionId": self.connection_id, "clientSubject": subject,
        })

    def lines(self, query, body):
        count = int(query.get("count", "10"))
        per_chunk = int(query.get("perChunk", "97"))
        self.start_chunked()
        for first in range(0, count, per_chunk):
            text = "".join(f"line {i}\n" for i in range(first, min(count, first + per_chunk)))
            self.chunk(text.encode())
        self.wfile.write(b"0\r\n\r\n")

    def stall_head(self, query, body):
        time.sleep(float(query.get("seconds", "30")))
        self.close_connection = True

    def stall_body(self, query, body):
        self.start_chunked()
        self.chunk(b"first\n")
        time.sleep(float(query.get("seconds", "30")))
        self.close_connection = True

    def close_mid(self, query, body):
        self.start_chunked()
        for i in range(3):
            self.chunk(f"line {i}\n".encode())
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def status(self, query, body):
        code = int(query.get("code", "500"))
        headers = [("Retry-After", query["retryAfter"])] if "retryAfter" in query else []
        self.send_json(code, {"code": code}, headers)

    def bytes(self, query, body):
        size = int(query.get("n", "0"))
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        self.wfile.write(b"x" * size)

    def barrier(self, query, body):
        # Answers 200 only when `n` requests of one group are in flight at the same time.
        group, parties = query.get("group", "default"), int(query.get("n", "2"))
        with barriers_lock:
            barrier = barriers.setdefault(group, threading.Barrier(parties, timeout=15))
        try:
            barrier.wait()
            self.send_json(200, {"group": group})
        except threading.BrokenBarrierError:
            self.send_json(504, {"group": group, "error": "not enough concurrent requests"})


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # refused handshakes and dropped connections are what some tests provoke


def serve(cert_dir, require_client_cert):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.path.join(cert_dir, "server.pem"), os.path.join(cert_dir, "server.key"))
    context.load_verify_locations(os.path.join(cert_dir, "ca.pem"))
    context.verify_mode = ssl.CERT_REQUIRED if require_client_cert else ssl.CERT_OPTIONAL
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def exit_with_parent():
    """Exits when the test process is gone.

    Two safeguards, because a child of Foundation's Process inherits descriptors it should not
    (so stdin may never reach EOF) and a blocked SIGTERM (so terminate() does nothing).
    """
    parent = os.getppid()
    os.closerange(3, 4096)  # drop inherited copies of our own pipes' write ends

    def watch_stdin():
        sys.stdin.read()
        os._exit(0)

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    threading.Thread(target=watch_parent, daemon=True).start()


def main():
    exit_with_parent()
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    make_certificates(args.workdir)
    ready = {
        "tlsPort": serve(args.workdir, False),
        "mtlsPort": serve(args.workdir, True),
        "certDirectory": os.path.abspath(args.workdir),
    }
    print(json.dumps(ready), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
