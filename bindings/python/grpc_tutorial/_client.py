"""What every client class shares: the channel options, timeouts, closing,
and the Python shape of streams (iterators, write-and-iterate objects)."""

import dataclasses
import math
from typing import Callable, Generic, Iterator, Optional, TypeVar

# Unary calls and bounded streams get this deadline unless told otherwise.
DEFAULT_TIMEOUT_S = 30.0

T = TypeVar("T")
Req = TypeVar("Req")


@dataclasses.dataclass(frozen=True)
class TlsOptions:
    """TLS for a channel. All PEM text; leave a field None to use the system's
    root certificates, or to send no client certificate."""
    root_certificates: Optional[bytes] = None
    private_key: Optional[bytes] = None
    certificate_chain: Optional[bytes] = None
    # Check the server's certificate against this name rather than the
    # target's host (for test certificates issued to e.g. "localhost").
    server_name_override: Optional[str] = None


@dataclasses.dataclass(frozen=True)
class ChannelOptions:
    """How the channel behaves, apart from TLS.

    keepalive_ms: ping the server when the connection has been quiet this
        long, and end the calls if it does not answer (0: never). Servers
        refuse pings more frequent than they allow (ours: one every 10 s).
    local_subchannel_pool: give the channel its own connection instead of
        sharing one with other channels to the same server, so a new channel
        really connects anew (the display makes one per reconnect attempt).
    """
    keepalive_ms: int = 0
    local_subchannel_pool: bool = False

    def __post_init__(self):
        if not isinstance(self.keepalive_ms, int) or self.keepalive_ms < 0:
            raise ValueError(f"keepalive_ms must be 0 or more, not {self.keepalive_ms!r}")


def check_timeout(timeout):
    """Seconds as a float, or None for no deadline; ValueError otherwise."""
    if timeout is None:
        return None
    timeout = float(timeout)
    if not (timeout > 0 and math.isfinite(timeout)):
        raise ValueError(f"timeout must be a positive number of seconds or None, not {timeout}")
    return timeout


class Client:
    """A channel to one server. Use as a context manager, or call close()."""

    def __init__(self, native_class, target: str, tls: Optional[TlsOptions],
                 options: Optional[ChannelOptions] = None):
        if not isinstance(target, str) or not target:
            raise ValueError("target must be 'host:port'")
        tls_given = tls is not None
        tls = tls or TlsOptions()
        options = options or ChannelOptions()
        self._target = target
        self._native = native_class(
            target, tls_given,
            tls.root_certificates or b"",
            tls.private_key or b"",
            tls.certificate_chain or b"",
            tls.server_name_override or "",
            options.keepalive_ms,
            options.local_subchannel_pool)

    @property
    def target(self) -> str:
        return self._target

    def _client(self):
        if self._native is None:
            raise ValueError(f"{type(self).__name__} is closed")
        return self._native

    def close(self) -> None:
        """Drops the channel; calls in progress carry on until they end."""
        self._native = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __repr__(self):
        return f"{type(self).__name__}({self._target!r})"


# [START response_stream]
class ResponseStream(Generic[T]):
    """A server stream: iterate over it for its messages; cancel() ends the
    call early. The iteration raises RpcError if the call fails. Leaving a
    `with` block (or dropping the stream) cancels a call still running."""

    def __init__(self, native, convert: Callable[..., T]):
        self._native = native
        self._convert = convert

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        return self._convert(self._native.next())

    def cancel(self) -> None:
        """Ends the call: the server stops, and iterating raises RpcError(CANCELLED)."""
        self._native.cancel()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.cancel()
# [END response_stream]


class BidiStream(ResponseStream[T], Generic[Req, T]):
    """A bidirectional stream: write() requests (from one thread at a time),
    iterate over the responses (possibly in another thread), done_writing()
    when there are no more requests."""

    def __init__(self, native, convert: Callable[..., T], to_native: Callable[[Req], object]):
        super().__init__(native, convert)
        self._to_native = to_native

    def write(self, request: Req) -> bool:
        """Sends one request; blocks until gRPC has taken it. Returns False if
        the call has already ended (iterate to learn its status)."""
        return self._native.write(self._to_native(request))

    def done_writing(self) -> None:
        """Half-closes: tells the server no more requests come."""
        self._native.done_writing()
