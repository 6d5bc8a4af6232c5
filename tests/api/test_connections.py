"""One connection, many requests: the server keeps its own stream for a connection (src/server/
connection.h) and sends each response in one write, so these check what a client relies on of it —
keep-alive answers every request whole and in order up to the limit of 100 (the last says
`Connection: close`), an interim `100 Continue` reaches a client that waits for it before sending
its body, and requests sent back to back without waiting (pipelined) are each answered."""
import http.client
import json
import socket
import unittest

from harness import PASSWORD, ServerTest


def read_response(f):
    """(status, headers as a dict with lower-case names, body) of one response from a socket file;
    an interim 1xx response has no body."""
    status_line = f.readline().decode("latin-1")
    if not status_line:
        raise AssertionError("the server closed the connection")
    status = int(status_line.split()[1])
    headers = {}
    while (line := f.readline().decode("latin-1")) not in ("\r\n", "\n", ""):
        name, value = line.split(":", 1)
        headers[name.strip().lower()] = value.strip()
    body = f.read(int(headers.get("content-length", "0"))) if status >= 200 else b""
    return status, headers, body


class KeepAlive(ServerTest):
    def test_a_hundred_requests_on_one_connection_then_it_closes(self):
        s = self.server
        path = "/api/v1/statistics?by=province"
        expected = s.request("GET", path, token=s.admin_token)
        self.assertEqual(expected.status, 200, expected)
        con = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
        try:
            for i in range(100):
                if i % 2:
                    con.request("GET", "/healthz")
                    r = con.getresponse()
                    self.assertEqual((r.status, json.loads(r.read())), (200, {"status": "ok"}))
                else:
                    con.request("GET", path, headers={"Authorization": "Bearer " + s.admin_token})
                    r = con.getresponse()
                    self.assertEqual((r.status, r.read()), (200, expected.raw), i)
                last = i == 99
                self.assertEqual(r.getheader("Connection") == "close", last, i)
        finally:
            con.close()
        self.assertStillServing()

    def test_an_interim_100_continue_comes_before_the_body_is_awaited(self):
        s = self.server
        body = json.dumps({"login": "analyst", "password": PASSWORD}).encode()
        with socket.create_connection(("127.0.0.1", s.port), timeout=60) as sock:
            f = sock.makefile("rb")
            sock.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
            status, _, _ = read_response(f)  # the client waits for it, as curl does
            self.assertEqual(status, 100)
            sock.sendall(body)
            status, headers, reply = read_response(f)
            self.assertEqual(status, 200, reply)
            self.assertIn("csrf_token", json.loads(reply))
            # And the connection serves its next request.
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            status, _, reply = read_response(f)
            self.assertEqual((status, json.loads(reply)), (200, {"status": "ok"}))

    def test_requests_sent_without_waiting_are_each_answered_in_order(self):
        s = self.server
        with socket.create_connection(("127.0.0.1", s.port), timeout=60) as sock:
            f = sock.makefile("rb")
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                         b"GET /api/v1/nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
                         b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answers = [read_response(f) for _ in range(3)]
            self.assertEqual(f.read(), b"")  # closed after the third, as it asked
        self.assertEqual([a[0] for a in answers], [200, 404, 200])
        self.assertEqual(json.loads(answers[0][2]), {"status": "ok"})
        self.assertEqual(json.loads(answers[1][2])["error"]["code"], "no-such-route")
        self.assertEqual(json.loads(answers[2][2])["status"], "ready")


if __name__ == "__main__":
    unittest.main()
