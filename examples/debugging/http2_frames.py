"""A loopback TCP proxy that prints the HTTP/2 frames of every connection
through it, decoded, on stderr: what a gRPC call is on the wire. Put it
between any plaintext client and server:

    bazel run //examples/calculator:sync_server &
    bazel run //examples/debugging:http2_frames &
    bazel run //examples/calculator:sync_client -- --target=localhost:50077 divide 17 5

Frames are parsed with python3-hyperframe and headers decoded with
python3-hpack (the libraries under python3-h2), so what is printed is what
went over the socket, not a drawing of it.
"""

import signal
import socket
import struct
import sys
import threading

import hpack
from hyperframe.frame import DataFrame, Frame, HeadersFrame

import cli_args

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
HEADER_SIZE = 9


class FrameReader:
    """Turns the bytes of one direction of a connection into frames, each
    described by `describe` (headers decoded with this direction's HPACK
    state)."""

    def __init__(self, expect_preface):
        self._buffer = b""
        self._expect_preface = expect_preface
        self._decoder = hpack.Decoder()
        self._headers = {}  # stream id -> header block so far (CONTINUATION)

    def feed(self, data):
        """The frames that `data` completes, as (frame, headers) pairs:
        `headers` a list of (name, value) for HEADERS frames, else None."""
        self._buffer += data
        if self._expect_preface:
            if len(self._buffer) < len(PREFACE):
                return []
            self._buffer = self._buffer[len(PREFACE):]
            self._expect_preface = False
        frames = []
        while len(self._buffer) >= HEADER_SIZE:
            frame, length = Frame.parse_frame_header(
                memoryview(self._buffer[:HEADER_SIZE]))
            if len(self._buffer) < HEADER_SIZE + length:
                break
            frame.parse_body(memoryview(self._buffer[HEADER_SIZE:HEADER_SIZE + length]))
            self._buffer = self._buffer[HEADER_SIZE + length:]
            headers = None
            if isinstance(frame, HeadersFrame):
                headers = self._decoder.decode(frame.data)
            frames.append((frame, headers))
        return frames


def grpc_messages(data):
    """The gRPC messages in a DATA frame's payload: each a 5-byte prefix (a
    compressed flag, a 4-byte big-endian length) and the message. Returns
    (compressed, message bytes) pairs; a message split across frames shows
    as a shorter one here."""
    messages = []
    while len(data) >= 5:
        compressed, length = struct.unpack(">BI", data[:5])
        messages.append((compressed, data[5:5 + length]))
        data = data[5 + length:]
    return messages


def describe(direction, frame, headers, calls_only):
    """Lines for one frame; [] for connection housekeeping with
    `calls_only`."""
    if calls_only and frame.stream_id == 0:
        return []
    if calls_only and frame.type not in (DataFrame.type, HeadersFrame.type) \
            and type(frame).__name__ != "RstStreamFrame":
        return []
    name = type(frame).__name__.replace("Frame", "").upper()
    flags = sorted(frame.flags)
    line = f"{direction} {name}"
    if frame.stream_id:
        line += f" stream {frame.stream_id}"
    if flags:
        line += " [" + " ".join(flags) + "]"
    lines = [line]
    if headers is not None:
        for key, value in headers:
            lines.append(f"    {key}: {value}")
    if isinstance(frame, DataFrame):
        for compressed, message in grpc_messages(frame.data):
            lines.append(f"    message: compressed={compressed}, "
                         f"{len(message)} bytes: {message.hex(' ')}")
    return lines


class Proxy:
    """Listens on 127.0.0.1:`port` (0: a free port) and forwards each
    connection to `target`, calling `on_frame(direction, frame, headers)`
    for every frame."""

    def __init__(self, port, target, on_frame):
        host, _, target_port = target.rpartition(":")
        self._target = (host or "localhost", int(target_port))
        self._on_frame = on_frame
        self._listener = socket.create_server(("127.0.0.1", port))
        self.port = self._listener.getsockname()[1]
        self._threads = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    def _accept(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            try:
                server = socket.create_connection(self._target, timeout=10)
                server.settimeout(None)
            except OSError as error:
                print(f"http2_frames: cannot connect to {self._target}: {error}",
                      file=sys.stderr, flush=True)
                client.close()
                continue
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for args in ((client, server, "client ->", True),
                         (server, client, "server ->", False)):
                thread = threading.Thread(target=self._pump, args=args, daemon=True)
                thread.start()
                self._threads.append(thread)

    def _pump(self, source, sink, direction, from_client):
        reader = FrameReader(expect_preface=from_client)
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                try:
                    sink.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            # Parsed before it is passed on, so that the frames of one
            # direction are reported in order relative to what they cause.
            for frame, headers in reader.feed(data):
                self._on_frame(direction, frame, headers)
            sink.sendall(data)

    def close(self):
        self._listener.close()


def main():
    parser = cli_args.ArgumentParser(
        description="Forwards connections to a gRPC server and prints "
                    "their HTTP/2 frames, decoded.")
    parser.add_argument("--port", type=int, default=50077,
                        help="Port to listen on (loopback); 0 picks a free port.")
    parser.add_argument("--target", default="localhost:50051",
                        help="The plaintext server to forward to, as host:port.")
    parser.add_argument("--all_frames", action="store_true",
                        help="Also print the connection's own frames "
                             "(SETTINGS, WINDOW_UPDATE, PING, ...).")
    args = parser.parse_args()
    if not 0 <= args.port <= 65535:
        parser.error(f"--port={args.port}: a port is a number from 0 to 65535")
    lock = threading.Lock()

    def print_frame(direction, frame, headers):
        with lock:
            for line in describe(direction, frame, headers, not args.all_frames):
                print(line, file=sys.stderr, flush=True)

    try:
        proxy = Proxy(args.port, args.target, print_frame)
    except (OSError, ValueError) as error:
        parser.exit(1, f"http2_frames: cannot listen on 127.0.0.1:{args.port} "
                       f"or use --target={args.target}: {error}\n")
    print(f"HTTP/2 frame printer listening on 127.0.0.1:{proxy.port}, "
          f"forwarding to {args.target}", flush=True)
    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    stop.wait()
    proxy.close()


if __name__ == "__main__":
    main()
