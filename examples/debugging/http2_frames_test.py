"""One unary call on the wire: the C++ sync_client calls Divide on the C++
sync_server through the frame printer's proxy, and the test reads the
frames it saw, as HTTP/2 (python3-hyperframe) and HPACK (python3-hpack)
decoded them:

    client -> HEADERS   :method POST, :path /calculator.v1.Calculator/Divide,
                        content-type application/grpc, te trailers, ...
    client -> DATA      [END_STREAM] 5-byte prefix + DivideRequest
    server -> HEADERS   :status 200, content-type application/grpc
    server -> DATA      5-byte prefix + DivideResponse
    server -> HEADERS   [END_STREAM] grpc-status 0: the trailers

Usage (from BUILD): http2_frames_test <sync_server> <sync_client>
"""

import os
import struct
import subprocess
import sys
import threading
import unittest

from hyperframe.frame import DataFrame, HeadersFrame

import http2_frames
from common.testing import servers
from protos.calculator.v1 import calculator_pb2

SERVER, CLIENT = sys.argv[1:3]


class OneCallOnTheWireTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.frames = []  # (direction, frame, headers), in the order seen
        lock = threading.Lock()

        def record(direction, frame, headers, messages):
            with lock:
                cls.frames.append((direction, frame, dict(headers or []), messages))

        with servers.Server(SERVER, "--port=0") as server:
            proxy = http2_frames.Proxy(0, server.address, record)
            try:
                subprocess.run(
                    [os.path.abspath(CLIENT), f"--target=127.0.0.1:{proxy.port}",
                     "divide", "17", "5"],
                    check=True, capture_output=True, text=True, timeout=30)
            finally:
                proxy.close()
        for direction, frame, headers, messages in cls.frames:
            for line in http2_frames.describe(direction, frame, headers.items(),
                                              messages, True):
                print(line)

    def call_frames(self, direction):
        """The frames of stream 1 that went `direction`, HEADERS and DATA."""
        return [(frame, headers) for d, frame, headers, _ in self.frames
                if d == direction and frame.stream_id == 1
                and isinstance(frame, (HeadersFrame, DataFrame))]

    def test_the_client_sends_headers_then_one_message_and_half_closes(self):
        (headers_frame, headers), (data_frame, _) = self.call_frames("client ->")
        self.assertIsInstance(headers_frame, HeadersFrame)
        self.assertEqual(headers[":method"], "POST")
        self.assertEqual(headers[":path"], "/calculator.v1.Calculator/Divide")
        self.assertEqual(headers["content-type"], "application/grpc")
        self.assertEqual(headers["te"], "trailers")
        self.assertRegex(headers["grpc-timeout"], r"^\d+[HMSmun]$")  # the deadline
        self.assertNotIn("END_STREAM", headers_frame.flags)
        # One DATA frame: the message, and the end of the client's side.
        self.assertIsInstance(data_frame, DataFrame)
        self.assertIn("END_STREAM", data_frame.flags)
        compressed, length = struct.unpack(">BI", data_frame.data[:5])
        self.assertEqual(compressed, 0)
        self.assertEqual(length, len(data_frame.data) - 5)
        request = calculator_pb2.DivideRequest.FromString(data_frame.data[5:])
        self.assertEqual((request.dividend, request.divisor), (17, 5))

    def test_the_server_sends_headers_one_message_and_trailers(self):
        frames = self.call_frames("server ->")
        self.assertEqual([type(frame) for frame, _ in frames],
                         [HeadersFrame, DataFrame, HeadersFrame])
        (head, headers), (data, _), (tail, trailers) = frames
        self.assertEqual(headers[":status"], "200")
        self.assertEqual(headers["content-type"], "application/grpc")
        self.assertNotIn("END_STREAM", head.flags)
        response = calculator_pb2.DivideResponse.FromString(data.data[5:])
        self.assertEqual((response.quotient, response.remainder), (3, 2))
        # The status is not in the response headers: it comes last, in
        # trailers, a HEADERS frame that ends the stream.
        self.assertNotIn("grpc-status", headers)
        self.assertEqual(trailers["grpc-status"], "0")
        self.assertIn("END_STREAM", tail.flags)


class FrameReaderTest(unittest.TestCase):
    """The decoder on its own, on bytes made by hand."""

    def test_a_message_split_across_data_frames_is_one_message(self):
        reader = http2_frames.FrameReader(expect_preface=False)
        message = b"\x00\x00\x00\x00\x04" + bytes([8, 17, 16, 5])

        def data_frame(payload):
            frame = DataFrame(1, payload)
            return frame.serialize()

        first = reader.feed(data_frame(message[:3]))
        second = reader.feed(data_frame(message[3:]))
        self.assertEqual(first[0][2], [])
        self.assertEqual(second[0][2], [(0, bytes([8, 17, 16, 5]))])

    def test_bytes_that_are_not_http2_are_refused(self):
        reader = http2_frames.FrameReader(expect_preface=True)
        with self.assertRaises(ValueError):
            reader.feed(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
