"""One gRPC call over a raw HTTP/2 connection (python3-h2), for tests that
play a client gRPC's own libraries refuse to be: they check metadata before
sending it, so only a hand-made request can carry a header value with a
control byte, as a hostile or broken client may.

    answer = raw_grpc.call("127.0.0.1:50061", "/pkg.Service/Method",
                           request_bytes, [("x-request-id", b"bad\\x01id")])
    answer.status, answer.trailers, answer.messages
"""

import dataclasses
import socket

import h2.config
import h2.connection
import h2.events

TIMEOUT_S = 10


@dataclasses.dataclass
class Answer:
    headers: dict
    trailers: dict
    messages: list
    # grpc-status as an int; None if the stream was reset or the connection
    # closed before the trailers.
    status: int = None


def frame(message):
    """A gRPC length-prefixed message: uncompressed flag, length, bytes."""
    return b"\x00" + len(message).to_bytes(4, "big") + message


def unframe(data):
    messages = []
    while len(data) >= 5:
        length = int.from_bytes(data[1:5], "big")
        messages.append(data[5:5 + length])
        data = data[5 + length:]
    return messages


def call(address, path, request, metadata=(), body=None, end_stream=True):
    """Sends one request message with `metadata` (name, bytes) pairs,
    unchecked, and returns what came back. `body`, if given, is sent instead
    of the framed request (a made-up length prefix, say), and with
    `end_stream=False` the request stays open, as a slow client's would."""
    host, port = address.rsplit(":", 1)
    config = h2.config.H2Configuration(
        client_side=True, validate_outbound_headers=False,
        normalize_outbound_headers=False)
    connection = h2.connection.H2Connection(config)
    headers = [(b":method", b"POST"), (b":scheme", b"http"),
               (b":path", path.encode()), (b":authority", address.encode()),
               (b"content-type", b"application/grpc"), (b"te", b"trailers")]
    headers += [(name.encode(), value) for name, value in metadata]
    answer = Answer(headers={}, trailers={}, messages=[])
    data = b""
    with socket.create_connection((host, int(port)), timeout=TIMEOUT_S) as sock:
        connection.initiate_connection()
        connection.send_headers(1, headers)
        connection.send_data(1, frame(request) if body is None else body,
                             end_stream=end_stream)
        sock.sendall(connection.data_to_send())
        ended = False
        while not ended:
            received = sock.recv(65536)
            if not received:
                break
            for event in connection.receive_data(received):
                if isinstance(event, h2.events.ResponseReceived):
                    answer.headers = dict(event.headers)
                elif isinstance(event, h2.events.TrailersReceived):
                    answer.trailers = dict(event.headers)
                elif isinstance(event, h2.events.DataReceived):
                    data += event.data
                    connection.acknowledge_received_data(
                        event.flow_controlled_length, event.stream_id)
                elif isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset,
                                        h2.events.ConnectionTerminated)):
                    ended = True
            sock.sendall(connection.data_to_send())
    answer.messages = unframe(data)
    status = answer.trailers.get(b"grpc-status", answer.headers.get(b"grpc-status"))
    answer.status = None if status is None else int(status)
    return answer
