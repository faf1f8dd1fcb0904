#!/usr/bin/env python3
"""Capture the request bodies real kubectl sends for built-in kinds.

Starts an HTTPS server on 127.0.0.1 (self-signed certificate made with openssl in a temp dir),
points a throwaway kubeconfig at it and runs each kubectl command in COMMANDS, saving next to
this script:
  <fixture>.pb             the body of the write request, when kubectl sent protobuf
  <fixture>.body.json      the body, when kubectl sent JSON instead
  <fixture>.expected.json  the same command run with --dry-run=client -o json: kubectl's own
                           JSON rendering of the object it sends (no request is made)
  requests.log             every request: method, path, Content-Type, Accept, body size

Usage: python3 capture.py [kubectl]        (Python 3 stdlib only; needs openssl and kubectl)
"""
import http.server
import json
import os
import ssl
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
KUBECTL = sys.argv[1] if len(sys.argv) > 1 else "kubectl"

# (fixture name, kubectl arguments). Files named in arguments are made in the temp dir.
COMMANDS = [
    ("namespace", ["create", "namespace", "n1"]),
    ("configmap", ["create", "configmap", "c1", "--from-literal=a=b",
                   "--from-file=config.yaml", "--from-file=blob.bin"]),
    ("secret-generic", ["create", "secret", "generic", "s1", "--from-literal=password=x",
                        "--from-literal=user=admin"]),
    ("secret-tls", ["create", "secret", "tls", "tls1", "--cert=tls.crt", "--key=tls.key"]),
    ("secret-docker-registry", ["create", "secret", "docker-registry", "reg1",
                                "--docker-server=registry.example", "--docker-username=u",
                                "--docker-password=p"]),
    ("serviceaccount", ["create", "serviceaccount", "sa1"]),
    ("service-clusterip", ["create", "service", "clusterip", "svc1", "--tcp=80:8080"]),
    ("service-nodeport", ["create", "service", "nodeport", "svc2", "--tcp=443:https",
                          "--node-port=30443"]),
    ("service-externalname", ["create", "service", "externalname", "ext1",
                              "--external-name=db.example.com"]),
    ("deployment", ["create", "deployment", "d1", "--image=eventmesh-worker:1.0",
                    "--replicas=2", "--port=8080"]),
    ("pod", ["run", "p1", "--image=eventmesh-worker", "--labels=app=p1,tier=worker",
             "--env=MODE=fast", "--port=9090", "--", "--flag"]),
    ("role", ["create", "role", "r1", "--verb=get", "--verb=list", "--resource=pods",
              "--resource-name=p1"]),
    ("clusterrole", ["create", "clusterrole", "cr1", "--verb=get", "--resource=nodes",
                     "--non-resource-url=/healthz"]),
    ("clusterrole-aggregate", ["create", "clusterrole", "cr2",
                               "--aggregation-rule=rbac.example.com/aggregate=true"]),
    ("rolebinding", ["create", "rolebinding", "rb1", "--role=r1", "--serviceaccount=default:sa1",
                     "--user=alice"]),
    ("clusterrolebinding", ["create", "clusterrolebinding", "crb1", "--clusterrole=cr1",
                            "--group=devs"]),
    ("token", ["create", "token", "sa1", "--duration=10m", "--audience=eventmesh"]),
    ("pod-from-file", ["create", "-f", "pod.yaml"]),
    ("job", ["create", "job", "j1", "--image=eventmesh-worker"]),
    ("cronjob", ["create", "cronjob", "cj1", "--image=eventmesh-worker", "--schedule=*/5 * * * *"]),
]

current = {"name": None}
log_lines = []

API_RESOURCES = {
    "/api/v1": ("v1", [("namespaces", "Namespace", False), ("nodes", "Node", False), ("configmaps", "ConfigMap", True),
                       ("secrets", "Secret", True), ("serviceaccounts", "ServiceAccount", True),
                       ("services", "Service", True), ("pods", "Pod", True)]),
    "/apis/apps/v1": ("apps/v1", [("deployments", "Deployment", True),
                                  ("replicasets", "ReplicaSet", True)]),
    "/apis/batch/v1": ("batch/v1", [("jobs", "Job", True), ("cronjobs", "CronJob", True)]),
    "/apis/rbac.authorization.k8s.io/v1": ("rbac.authorization.k8s.io/v1", [
        ("roles", "Role", True), ("clusterroles", "ClusterRole", False),
        ("rolebindings", "RoleBinding", True), ("clusterrolebindings", "ClusterRoleBinding", False)]),
    "/apis/coordination.k8s.io/v1": ("coordination.k8s.io/v1", [("leases", "Lease", True)]),
}


def varint(data, pos):
    result, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def fields(data):
    """(number, wire type, value) of each field of a protobuf message (enough for the echo)."""
    pos = 0
    while pos < len(data):
        key, pos = varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(data, pos)
        elif wire == 2:
            length, pos = varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError("wire type %d" % wire)
        yield number, wire, value


def echo_from_protobuf(body):
    """apiVersion, kind and metadata.name/namespace of a k8s\\0 protobuf body."""
    unknown = dict((n, v) for n, w, v in fields(body[4:]))
    type_meta = dict((n, v.decode()) for n, w, v in fields(unknown.get(1, b"")))
    obj = {"apiVersion": type_meta.get(1, ""), "kind": type_meta.get(2, ""), "metadata": {}}
    for n, w, v in fields(unknown.get(2, b"")):
        if n == 1 and w == 2:
            meta = dict((mn, mv) for mn, mw, mv in fields(v) if mw == 2)
            if 1 in meta:
                obj["metadata"]["name"] = meta[1].decode()
            if 3 in meta:
                obj["metadata"]["namespace"] = meta[3].decode()
            break
    return obj


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def record(self, body_len):
        line = "%s [%s] %s content-type=%s accept=%s bytes=%d" % (
            current["name"], self.command, self.path, self.headers.get("Content-Type", "-"),
            self.headers.get("Accept", "-"), body_len)
        log_lines.append(line)

    def reply(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.record(0)
        path = self.path.split("?")[0]
        if path == "/api":
            return self.reply(200, {"kind": "APIVersions", "versions": ["v1"],
                                    "serverAddressByClientCIDRs": []})
        if path == "/apis":
            groups = []
            for group_version in API_RESOURCES.values():
                if "/" in group_version[0]:
                    group, version = group_version[0].split("/")
                    gv = {"groupVersion": group_version[0], "version": version}
                    groups.append({"name": group, "versions": [gv], "preferredVersion": gv})
            return self.reply(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
        if path in API_RESOURCES:
            group_version, resources = API_RESOURCES[path]
            return self.reply(200, {"kind": "APIResourceList", "apiVersion": "v1",
                                    "groupVersion": group_version, "resources": [
                {"name": r, "singularName": "", "namespaced": ns, "kind": k,
                 "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]}
                for r, k, ns in resources]})
        if path == "/version":
            return self.reply(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0"})
        self.reply(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                         "reason": "NotFound", "code": 404})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.record(len(body))
        content_type = self.headers.get("Content-Type", "")
        protobuf = body[:4] == b"k8s\x00"
        name = current["name"]
        with open(os.path.join(HERE, name + (".pb" if protobuf else ".body.json")), "wb") as out:
            out.write(body)
        if self.path.split("?")[0].endswith("/token"):
            return self.reply(201, {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                                    "metadata": {"name": "sa1", "namespace": "default"},
                                    "spec": {"audiences": ["eventmesh"]},
                                    "status": {"token": "captured-token",
                                               "expirationTimestamp": "2026-11-23T19:31:03Z"}})
        obj = echo_from_protobuf(body) if protobuf else json.loads(body)
        self.reply(201, obj)


def with_flags(args, flags):
    """args with flags inserted before a "--" separator (or appended)."""
    at = args.index("--") if "--" in args else len(args)
    return args[:at] + flags + args[at:]


def run(command, cwd):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60)


def main():
    tmp = tempfile.mkdtemp(prefix="kubectl-capture-")
    cert, key = os.path.join(tmp, "server.crt"), os.path.join(tmp, "server.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    # Files for --from-file and secret tls (the server's own pair serves as the TLS pair).
    with open(os.path.join(tmp, "config.yaml"), "w") as out:
        out.write("mesh:\n  brokers: 3\n")
    with open(os.path.join(tmp, "pod.yaml"), "w") as out:
        out.write("apiVersion: v1\nkind: Pod\nmetadata: {name: p2}\n"
                  "spec: {containers: [{name: c, image: eventmesh-worker}]}\n")
    with open(os.path.join(tmp, "blob.bin"), "wb") as out:
        out.write(bytes([0x00, 0xFF, 0x10, 0x80, 0xC3]))
    with open(os.path.join(tmp, "tls.crt"), "wb") as out, open(cert, "rb") as src:
        out.write(src.read())
    with open(os.path.join(tmp, "tls.key"), "wb") as out, open(key, "rb") as src:
        out.write(src.read())

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    kubeconfig = os.path.join(tmp, "kubeconfig")
    with open(kubeconfig, "w") as out:
        out.write("""apiVersion: v1
kind: Config
clusters:
- name: capture
  cluster:
    server: https://127.0.0.1:%d
    insecure-skip-tls-verify: true
users:
- name: capture
  user:
    token: capture-token
contexts:
- name: capture
  context: {cluster: capture, user: capture, namespace: default}
current-context: capture
""" % port)

    version = subprocess.run([KUBECTL, "version", "--client"], capture_output=True, text=True)
    log_lines.append("# " + version.stdout.strip().replace("\n", "; "))
    base = [KUBECTL, "--kubeconfig", kubeconfig, "--cache-dir", os.path.join(tmp, "cache")]
    for name, args in COMMANDS:
        current["name"] = name
        # --validate=false: no OpenAPI download; `run` and `create token` have no such flag.
        validate = ["--validate=false"] if args[0] == "create" and args[1] != "token" else []
        result = run(base + with_flags(args, validate), tmp)
        log_lines.append("%s $ kubectl %s -> exit %d %s" % (
            name, " ".join(args), result.returncode,
            (result.stdout + result.stderr).strip().replace("\n", " | ")))
        if args[:2] == ["create", "token"]:
            continue  # create token has no --dry-run
        current["name"] = name + " (dry-run)"
        dry = run(base + with_flags(args, validate + ["--dry-run=client", "-o", "json"]), tmp)
        if dry.returncode == 0:
            with open(os.path.join(HERE, name + ".expected.json"), "w") as out:
                out.write(dry.stdout)
    server.shutdown()
    with open(os.path.join(HERE, "requests.log"), "w") as out:
        out.write("\n".join(log_lines) + "\n")
    print("\n".join(log_lines))


if __name__ == "__main__":
    main()
