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
from hyperframe.frame import (ContinuationFrame, DataFrame, Frame, HeadersFrame,
                              RstStreamFrame)

import cli_args

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
HEADER_SIZE = 9


class FrameReader:
    """Turns the bytes of one direction of a connection into frames, with
    this direction's HPACK state for headers and each stream's gRPC message
    framing for DATA."""

    def __init__(self, expect_preface):
        self._buffer = b""
        self._expect_preface = expect_preface
        self._decoder = hpack.Decoder()
        self._header_block = {}  # stream id -> HEADERS + CONTINUATION so far
        self._message_bytes = {}  # stream id -> DATA not yet a whole message

    def feed(self, data):
        """The frames that `data` completes, as (frame, headers, messages):
        `headers` the (name, value) list of a header block that ends with
        this frame, else None; `messages` the gRPC messages this DATA frame
        completes, as (compressed flag, bytes). Raises on bytes that are not
        HTTP/2."""
        self._buffer += data
        if self._expect_preface:
            if len(self._buffer) < len(PREFACE):
                return []
            if not self._buffer.startswith(PREFACE):
                raise ValueError("no HTTP/2 client preface")
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
            headers, messages = None, []
            if isinstance(frame, (HeadersFrame, ContinuationFrame)):
                block = self._header_block.pop(frame.stream_id, b"") + frame.data
                if "END_HEADERS" in frame.flags:
                    headers = self._decoder.decode(block)
                else:
                    self._header_block[frame.stream_id] = block
            elif isinstance(frame, DataFrame):
                messages = self._messages(frame.stream_id, frame.data)
            frames.append((frame, headers, messages))
        return frames

    def _messages(self, stream_id, data):
        """Each gRPC message is a 5-byte prefix (a compressed flag and a
        4-byte big-endian length) and the message; one may span frames."""
        data = self._message_bytes.pop(stream_id, b"") + data
        messages = []
        while len(data) >= 5:
            compressed, length = struct.unpack(">BI", data[:5])
            if len(data) < 5 + length:
                break
            messages.append((compressed, data[5:5 + length]))
            data = data[5 + length:]
        if data:
            self._message_bytes[stream_id] = data
        return messages


CALL_FRAMES = (DataFrame, HeadersFrame, ContinuationFrame, RstStreamFrame)


def describe(direction, frame, headers, messages, calls_only):
    """Lines for one frame; [] for the connection's own frames (SETTINGS,
    WINDOW_UPDATE, PING, ...) with `calls_only`."""
    if calls_only and (frame.stream_id == 0 or not isinstance(frame, CALL_FRAMES)):
        return []
    line = f"{direction} {type(frame).__name__.replace('Frame', '').upper()}"
    if frame.stream_id:
        line += f" stream {frame.stream_id}"
    if frame.flags:
        line += " [" + " ".join(sorted(frame.flags)) + "]"
    if isinstance(frame, RstStreamFrame):
        line += f" error code {frame.error_code}"
    lines = [line]
    for key, value in headers or []:
        lines.append(f"    {key}: {value}")
    for compressed, message in messages:
        lines.append(f"    message: compressed={compressed}, "
                     f"{len(message)} bytes: {message.hex(' ')}")
    return lines


def parse_target(target):
    """(host, port) of "host:port" or "[v6]:port"; ValueError otherwise."""
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"{target!r} is not HOST:PORT with a port from 1 to 65535")
    return host.strip("[]"), int(port)


class Proxy:
    """Listens on 127.0.0.1:`port` (0: a free port) and forwards each
    connection to `target`, calling `on_frame(direction, frame, headers,
    messages)` for every frame (see FrameReader.feed)."""

    def __init__(self, port, target, on_frame):
        self._target = parse_target(target)
        self._on_frame = on_frame
        self._listener = socket.create_server(("127.0.0.1", port))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

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
            # Both sockets are closed once both directions have ended.
            ended = threading.Semaphore(0)

            def close_when_both_end(client=client, server=server, ended=ended):
                ended.acquire()
                ended.acquire()
                client.close()
                server.close()

            threading.Thread(target=close_when_both_end, daemon=True).start()
            for source, sink, direction, from_client in (
                    (client, server, "client ->", True),
                    (server, client, "server ->", False)):
                threading.Thread(target=self._pump, daemon=True, args=(
                    source, sink, direction, from_client, ended)).start()

    def _pump(self, source, sink, direction, from_client, ended):
        reader = FrameReader(expect_preface=from_client)
        try:
            while True:
                try:
                    data = source.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    sink.shutdown(socket.SHUT_WR)  # pass the end on
                    return
                # Parsed before it is passed on, so that the frames of one
                # direction are reported in order relative to what they cause.
                if reader is not None:
                    try:
                        for frame, headers, messages in reader.feed(data):
                            self._on_frame(direction, frame, headers, messages)
                    except Exception as error:  # not HTTP/2, or not plaintext
                        print(f"http2_frames: {direction} stopped decoding: "
                              f"{error!r}", file=sys.stderr, flush=True)
                        reader = None  # forward the rest as it comes
                sink.sendall(data)
        except OSError:
            pass  # the other side has gone
        finally:
            ended.release()

    def close(self):
        self._listener.close()


def main():
    parser = cli_args.ArgumentParser(
        prog="http2_frames",
        description="Forwards connections to a gRPC server and prints "
                    "their HTTP/2 frames, decoded, on stderr.")
    parser.add_argument("--port", type=int, default=50077,
                        help="Port to listen on (loopback); 0 picks a free "
                             "port (default: 50077).")
    parser.add_argument("--target", default="localhost:50051",
                        help="The plaintext server to forward to, as host:port "
                             "(default: localhost:50051).")
    parser.add_argument("--all_frames", action="store_true",
                        help="Also print the connection's own frames "
                             "(SETTINGS, WINDOW_UPDATE, PING, ...).")
    args = parser.parse_args()
    if not 0 <= args.port <= 65535:
        parser.error(f"--port={args.port}: a port is a number from 0 to 65535")
    try:
        parse_target(args.target)
    except ValueError as error:
        parser.error(f"--target: {error}")
    lock = threading.Lock()

    def print_frame(direction, frame, headers, messages):
        with lock:
            for line in describe(direction, frame, headers, messages,
                                 not args.all_frames):
                print(line, file=sys.stderr, flush=True)

    try:
        proxy = Proxy(args.port, args.target, print_frame)
    except OSError as error:
        parser.exit(1, f"http2_frames: cannot listen on 127.0.0.1:{args.port}: "
                       f"{error}\n")
    print(f"HTTP/2 frame printer listening on 127.0.0.1:{proxy.port}, "
          f"forwarding to {args.target}", flush=True)
    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    stop.wait()
    proxy.close()


if __name__ == "__main__":
    main()
