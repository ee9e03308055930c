#!/usr/bin/env python3
"""A local SSE server for the whole-path stream benchmark (bench/stream_vs_sdks.sh).

Answers every POST with one stream file, whole, as `text/event-stream` (HTTP/1.1, Content-Length,
then the connection closes), sent with os.sendfile so that the server is never the slow end. Any
other method gets 405. It listens on 127.0.0.1, port 0 unless --port is given, and prints the port
on its first line of stdout. It is not an emulator: it reads no request and checks no credentials.

  bench/stream_server.py STREAM_FILE [--port N]
"""

import argparse
import os
import socket
import socketserver
import sys

HEADER_LIMIT = 1 << 20


class StreamHandler(socketserver.BaseRequestHandler):
    def read_request(self):
        """Reads one request (headers and a Content-Length body); returns its method or None."""
        data = b""
        while b"\r\n\r\n" not in data:
            piece = self.request.recv(65536)
            if not piece or len(data) > HEADER_LIMIT:
                return None
            data += piece
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        method = lines[0].split(b" ", 1)[0].decode("ascii", "replace")
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
            elif name.strip().lower() == b"expect" and value.strip().lower() == b"100-continue":
                self.request.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        while len(rest) < length:
            piece = self.request.recv(65536)
            if not piece:
                return None
            rest += piece
        return method

    def handle(self):
        method = self.read_request()
        if method is None:
            return
        sock = self.request
        if method != "POST":
            sock.sendall(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n"
                         b"connection: close\r\n\r\n")
            return
        path = self.server.stream_path
        size = os.path.getsize(path)
        sock.sendall(
            b"HTTP/1.1 200 OK\r\n"
            b"content-type: text/event-stream; charset=utf-8\r\n"
            b"cache-control: no-cache\r\n"
            b"x-request-id: req_bench0stream0server\r\n"
            + b"content-length: %d\r\n" % size
            + b"connection: close\r\n\r\n")
        with open(path, "rb") as stream:
            offset = 0
            while offset < size:
                sent = os.sendfile(sock.fileno(), stream.fileno(), offset, size - offset)
                if sent == 0:
                    break
                offset += sent
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class StreamServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port, stream_path):
        self.stream_path = stream_path
        super().__init__(("127.0.0.1", port), StreamHandler)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stream_file")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if not os.path.isfile(args.stream_file):
        parser.error("no such file: " + args.stream_file)
    with StreamServer(args.port, os.path.abspath(args.stream_file)) as server:
        print(server.server_address[1], flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
