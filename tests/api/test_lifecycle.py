"""The server's process: SIGTERM while a request is in flight lets it finish and the process
exits 0 with its stores closed (the database passes its integrity check — SQLite's PRAGMA
integrity_check; on PostgreSQL no session or transaction of the server left — and the CLI opens
it); the access log is one JSON object per request and holds no secret — no password, token,
session id or CSRF token."""
import http.client
import json
import re
import signal
import socket
import subprocess
import threading
import unittest

from harness import BIN, PASSWORD, ServerTest


class Shutdown(ServerTest):
    def test_sigterm_during_a_request_lets_it_finish(self):
        s = self.server
        body = json.dumps({"login": "analyst", "password": PASSWORD}).encode()
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=30)
        try:
            # The request is in flight: headers and half its body sent, the rest after SIGTERM.
            sock.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: application/json\r\nConnection: close\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" +
                         body[:10])
            # /healthz answering on another connection shows the first one is being read.
            self.assertEqual(s.request("GET", "/healthz").status, 200)
            s.proc.send_signal(signal.SIGTERM)
            sock.sendall(body[10:])
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        finally:
            sock.close()
        self.assertTrue(reply.startswith(b"HTTP/1.1 200"), reply[:200])
        self.assertIn(b"csrf_token", reply)
        self.assertEqual(s.proc.wait(timeout=60), 0)
        stderr = s.proc.stderr.read()
        self.assertIn("SIGTERM", stderr)
        s.proc.stderr.close()
        s.proc = None
        self.assertEqual(s.integrity_check(), "ok")
        self.assertEqual(s.cli("audit-log", "verify", check=False).returncode, 0)
        # And it starts again on the same database.
        s.start()
        self.assertStillServing()


class AccessLog(ServerTest):
    def test_one_json_line_per_request_without_secrets(self):
        s = self.server
        cookie, csrf, _ = s.login("admin")
        session_id = cookie.split("=", 1)[1]
        s.request("GET", "/api/v1/session", session=(cookie, csrf))
        s.request("GET", "/api/v1/session", token=s.admin_token)
        s.request("GET", f"/api/v1/zones?province=x&token={s.admin_token}", token=s.admin_token)
        s.request("GET", "/api/v1/nowhere")
        self.assertEqual(s.stop(), 0)
        with open(s.access_log, encoding="utf-8") as f:
            text = f.read()
        for secret in (PASSWORD, s.admin_token, session_id, csrf):
            self.assertNotIn(secret, text)
        lines = [json.loads(l) for l in text.splitlines()]
        for line in lines:
            self.assertEqual(list(line), ["time", "request_id", "account", "method", "path",
                                          "status", "duration_ms"])
        who = [(l["method"], l["path"], l["status"], l["account"]) for l in lines]
        self.assertIn(("POST", "/api/v1/session", 200, None), who)
        self.assertIn(("GET", "/api/v1/session", 200, "admin"), who)
        self.assertIn(("GET", "/api/v1/nowhere", 404, None), who)
        self.assertEqual(len({l["request_id"] for l in lines}), len(lines))


class AccessLogOnShutdown(ServerTest):
    def test_every_answered_request_is_in_the_log_after_sigterm(self):
        # The log keeps lines in memory and writes them every 100 ms (src/server/access_log.h):
        # a SIGTERM straight after the last answer must still leave every line in the file.
        s = self.server
        ids = []
        lock = threading.Lock()

        def client(n):
            con = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
            try:
                for i in range(n):
                    con.request("GET", "/healthz" if i % 2 else "/api/v1/overview")
                    r = con.getresponse()
                    r.read()
                    self.assertEqual(r.status, 200)
                    with lock:
                        ids.append(r.getheader("X-Request-Id"))
            finally:
                con.close()

        threads = [threading.Thread(target=client, args=(150,)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(s.stop(), 0)
        with open(s.access_log, encoding="utf-8") as f:
            logged = [json.loads(line)["request_id"] for line in f]
        self.assertEqual(len(ids), 600)
        self.assertEqual(sorted(set(logged) & set(ids)), sorted(ids))
        self.assertEqual(len(logged), len(set(logged)))


class Listening(ServerTest):
    def serve(self, *listen):
        """A second server on the same database; its first stderr line."""
        proc = subprocess.Popen([BIN, "--db", self.server.db, "serve", *listen],
                                stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        try:
            return proc, proc.stderr.readline()
        except BaseException:
            proc.kill()
            raise

    def test_an_ipv6_loopback_listener_answers_over_ipv6(self):
        try:  # a container may have no IPv6 loopback at all
            with socket.socket(socket.AF_INET6) as probe:
                probe.bind(("::1", 0))
        except OSError as e:
            self.skipTest(f"this machine has no IPv6 loopback: {e}")
        proc, line = self.serve("--listen", "[::1]:0")
        try:
            m = re.search(r"http://\[::1\]:(\d+)/", line)
            self.assertTrue(m, line)
            conn = http.client.HTTPConnection("::1", int(m.group(1)), timeout=30)
            conn.request("GET", "/healthz")
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            self.assertEqual(json.loads(resp.read()), {"status": "ok"})
            conn.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            self.assertEqual(proc.wait(timeout=60), 0)
            proc.stderr.close()

    def test_a_port_alone_is_refused_rather_than_read_as_every_interface(self):
        for listen in ("8080", ":8080", "localhost"):
            with self.subTest(listen=listen):
                proc, line = self.serve("--listen", listen)
                rest = proc.stderr.read()
                proc.stderr.close()
                self.assertEqual(proc.wait(timeout=60), 1, line + rest)
                self.assertIn("--listen", line + rest)


if __name__ == "__main__":
    unittest.main()
