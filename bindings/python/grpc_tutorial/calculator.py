"""The Calculator service (calculator.v1) from Python, one method per RPC:

    divide       unary            -> DivideResult
    list_primes  server streaming -> iterator of Prime
    summarize    client streaming <- any iterable of ints -> Summary
    running_sum  bidi             -> RunningSumStream (write ints, iterate RunningTotal)

Every method takes `timeout=` in seconds (None: no deadline) and raises
grpc_tutorial.RpcError when the call fails.
"""

import dataclasses
from typing import Iterable, Optional

from grpc_tutorial import _calculator
from grpc_tutorial._client import (BidiStream, ChannelOptions, Client, DEFAULT_TIMEOUT_S,
                                   ResponseStream, TlsOptions, check_timeout)
from grpc_tutorial.errors import RpcError  # noqa: F401 (re-exported for convenience)


@dataclasses.dataclass(frozen=True)
class DivideResult:
    quotient: int
    remainder: int


@dataclasses.dataclass(frozen=True)
class Prime:
    index: int
    value: int


@dataclasses.dataclass(frozen=True)
class Summary:
    count: int
    sum: int
    # None when count is 0.
    min: Optional[int]
    max: Optional[int]
    mean: Optional[float]


@dataclasses.dataclass(frozen=True)
class RunningTotal:
    count: int
    sum: int


PrimeStream = ResponseStream[Prime]
RunningSumStream = BidiStream[int, RunningTotal]


def _to_prime(fields):
    return Prime(*fields)


def _to_total(fields):
    return RunningTotal(*fields)


def _to_int(value):
    return value


class CalculatorClient(Client):
    """A client of calculator.v1.Calculator at `target` ("host:port")."""

    def __init__(self, target: str, tls: Optional[TlsOptions] = None,
                 options: Optional[ChannelOptions] = None):
        super().__init__(_calculator.CalculatorClient, target, tls, options)

    def divide(self, dividend: int, divisor: int, *,
               timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> DivideResult:
        """dividend / divisor, rounded towards zero, and the remainder.
        RpcError INVALID_ARGUMENT for divisor 0, OUT_OF_RANGE for INT64_MIN / -1."""
        quotient, remainder = self._client().divide(dividend, divisor, check_timeout(timeout))
        return DivideResult(quotient, remainder)

    def list_primes(self, start: int, count: int, *,
                    timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> PrimeStream:
        """The first `count` primes >= start, as they arrive."""
        return ResponseStream(self._client().list_primes(start, count, check_timeout(timeout)),
                              _to_prime)

    def summarize(self, values: Iterable[int], *,
                  timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> Summary:
        """Streams `values` (any iterable: a list, a generator, ...) to the
        server and returns their statistics. OUT_OF_RANGE if the sum overflows."""
        return Summary(*self._client().summarize(values, check_timeout(timeout)))

    def running_sum(self, *, timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> RunningSumStream:
        """Starts a RunningSum call: write() ints, iterate over the running totals."""
        return BidiStream(self._client().running_sum(check_timeout(timeout)), _to_total, _to_int)
