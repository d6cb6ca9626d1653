"""The meter service (meter.v1) from Python:

    list_meters      unary            -> list of MeterInfo
    get_summary      unary            -> Summary
    read_readings    server streaming -> Readings: the whole range as two numpy arrays
    list_readings    server streaming -> iterator of Readings, one per batch
    upload_readings  client streaming <- any iterable of Reading -> UploadResult
    subscribe        bidi             -> SubscribeStream (write Subscription, iterate Update)

Readings are numpy arrays filled in C++ (times as datetime64[s] in UTC,
values as float64 kWh with NaN for a missing reading): a million readings
are two arrays, not a million Python objects. Times given to the methods
may be datetimes (naive ones are read as UTC), numpy datetime64 values or
seconds since the epoch. Every method takes `timeout=` in seconds (None: no
deadline) and raises grpc_tutorial.RpcError when the call fails.
"""

import dataclasses
import datetime
import enum
from typing import Iterable, List, Optional, Tuple, Union

import numpy as np

from grpc_tutorial import _meter
from grpc_tutorial._client import (BidiStream, ChannelOptions, Client, DEFAULT_TIMEOUT_S,
                                   ResponseStream, TlsOptions, check_timeout)

Time = Union[datetime.datetime, np.datetime64, int]


class Resolution(enum.IntEnum):
    """meter.v1.Resolution: coarser ones sum the readings of each interval.

    Every method takes a member or its name as the command-line client and
    the HTTP API write it: "raw", "15min", "hourly" or "daily"
    (Resolution("hourly") is Resolution.HOURLY, str(Resolution.HOURLY) is
    "hourly").
    """
    UNSPECIFIED = 0
    RAW = 1
    MINUTES_15 = 2
    HOURLY = 3
    DAILY = 4

    def __str__(self):
        return _RESOLUTION_NAMES[self]

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str):
            for member, name in _RESOLUTION_NAMES.items():
                if value == name and member != Resolution.UNSPECIFIED:
                    return member
        raise ValueError(f"resolution {value!r} is not one of "
                         + ", ".join(_RESOLUTION_NAMES[r] for r in _RESOLUTION_NAMES
                                     if r != Resolution.UNSPECIFIED))


# The names meter_client and the HTTP API use (meter-demo/meter_text.cc).
_RESOLUTION_NAMES = {
    Resolution.UNSPECIFIED: "raw",
    Resolution.RAW: "raw",
    Resolution.MINUTES_15: "15min",
    Resolution.HOURLY: "hourly",
    Resolution.DAILY: "daily",
}


@dataclasses.dataclass(frozen=True)
class MeterInfo:
    id: str
    reading_count: int
    # None when the meter has no readings.
    first_time: Optional[datetime.datetime]
    last_time: Optional[datetime.datetime]


@dataclasses.dataclass(frozen=True)
class Summary:
    meter_id: str
    reading_count: int  # including missing ones
    missing_count: int
    total_kwh: float
    # None when no reading in the range is present.
    min_kwh: Optional[float]
    max_kwh: Optional[float]
    mean_kwh: Optional[float]
    min_time: Optional[datetime.datetime]
    max_time: Optional[datetime.datetime]
    first_time: Optional[datetime.datetime]
    last_time: Optional[datetime.datetime]


@dataclasses.dataclass(frozen=True, eq=False)
class Readings:
    """Readings in columns: times[i] and values[i] are one reading."""
    times: np.ndarray  # datetime64[s], UTC, ascending
    values: np.ndarray  # float64 kWh, NaN where the reading is missing

    def __len__(self):
        return len(self.times)


@dataclasses.dataclass(frozen=True)
class Reading:
    """One reading to upload; value None (or NaN) for a missing reading."""
    time: Time
    value: Optional[float]


@dataclasses.dataclass(frozen=True)
class Rejection:
    index: int  # position in the upload, from 0
    reason: str


@dataclasses.dataclass(frozen=True)
class UploadResult:
    meter_id: str
    accepted_count: int
    rejected_count: int
    rejections: Tuple[Rejection, ...]  # the first 100


@dataclasses.dataclass(frozen=True)
class Subscription:
    """What a subscribe stream should push: one meter at one resolution."""
    meter_id: str
    resolution: Union[Resolution, str] = Resolution.RAW


@dataclasses.dataclass(frozen=True)
class Update:
    """A subscribe stream's message: empty readings confirm a Subscription."""
    meter_id: str
    resolution: Resolution
    readings: Readings


ReadingsStream = ResponseStream[Readings]
SubscribeStream = BidiStream[Subscription, Update]

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def to_seconds(time: Time) -> int:
    """Seconds since the Unix epoch; naive datetimes are UTC."""
    if isinstance(time, datetime.datetime):
        if time.tzinfo is None:
            time = time.replace(tzinfo=datetime.timezone.utc)
        return int((time - _EPOCH).total_seconds() // 1)
    if isinstance(time, np.datetime64):
        return int(time.astype("datetime64[s]").astype(np.int64))
    if isinstance(time, (int, np.integer)) and not isinstance(time, bool):
        return int(time)
    raise TypeError(f"a time must be a datetime, numpy.datetime64 or int seconds, not {time!r}")


def _datetime(seconds):
    return None if seconds is None else _EPOCH + datetime.timedelta(seconds=seconds)


def _to_meter_info(fields):
    meter_id, count, first, last = fields
    return MeterInfo(meter_id, count, _datetime(first), _datetime(last))


def _to_readings(arrays):
    return Readings(*arrays)


def _to_update(fields):
    meter_id, resolution, times, values = fields
    return Update(meter_id, Resolution(resolution), Readings(times, values))


def _to_native_subscription(subscription: Subscription):
    return (subscription.meter_id, int(Resolution(subscription.resolution)))


def _native_readings(readings):
    """(seconds, value or None) pairs, lazily: a generator stays a generator."""
    for reading in readings:
        if isinstance(reading, Reading):
            time, value = reading.time, reading.value
        else:
            time, value = reading
        yield to_seconds(time), value


class _NativeSubscribeStream:
    """Adapts the native write(meter_id, resolution) to BidiStream's write(x)."""

    def __init__(self, native):
        self._native = native
        self.next = native.next
        self.cancel = native.cancel
        self.done_writing = native.done_writing

    def write(self, fields):
        return self._native.write(*fields)


class MeterClient(Client):
    """A client of meter.v1.MeterService at `target` ("host:port")."""

    def __init__(self, target: str, tls: Optional[TlsOptions] = None,
                 options: Optional[ChannelOptions] = None):
        super().__init__(_meter.MeterClient, target, tls, options)

    def list_meters(self, *, timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> List[MeterInfo]:
        """The meters in the store, sorted by id."""
        return [_to_meter_info(m) for m in self._client().list_meters(check_timeout(timeout))]

    def get_summary(self, meter_id: str, start: Time, end: Time, *,
                    timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> Summary:
        """Statistics of the readings from start to end (those with
        start < time <= end). NOT_FOUND for an unknown meter, INVALID_ARGUMENT
        for a bad range."""
        fields = list(self._client().get_summary(meter_id, to_seconds(start), to_seconds(end),
                                                 check_timeout(timeout)))
        fields[7:] = [_datetime(s) for s in fields[7:]]
        return Summary(*fields)

    def read_readings(self, meter_id: str, start: Time, end: Time, *,
                      resolution: Union[Resolution, str] = Resolution.RAW, max_points: int = 0,
                      timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> Readings:
        """Every reading from start to end (start < time <= end) as one
        Readings (two numpy arrays), collected in C++ from the stream's batches. max_points > 0 downsamples
        (min/max per interval) on the server."""
        return Readings(*self._client().read_readings(
            meter_id, to_seconds(start), to_seconds(end), int(Resolution(resolution)), max_points,
            check_timeout(timeout)))

    def list_readings(self, meter_id: str, start: Time, end: Time, *,
                      resolution: Union[Resolution, str] = Resolution.RAW, max_points: int = 0,
                      timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> ReadingsStream:
        """The same readings as read_readings, one Readings per batch (up to
        8192 readings) as they arrive."""
        return ResponseStream(self._client().list_readings(
            meter_id, to_seconds(start), to_seconds(end), int(Resolution(resolution)), max_points,
            check_timeout(timeout)), _to_readings)

    def upload_readings(self, meter_id: str,
                        readings: Iterable[Union[Reading, Tuple[Time, Optional[float]]]], *,
                        timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> UploadResult:
        """Streams readings (any iterable of Reading or (time, value) pairs,
        e.g. a generator over a file) to the meter and returns what was
        accepted and why the rest was rejected."""
        meter_id, accepted, rejected, rejections = self._client().upload_readings(
            meter_id, _native_readings(readings), check_timeout(timeout))
        return UploadResult(meter_id, accepted, rejected,
                            tuple(Rejection(*r) for r in rejections))

    def subscribe(self, subscription: Optional[Subscription] = None, *,
                  timeout: Optional[float] = None) -> SubscribeStream:
        """Starts a live stream; writes `subscription` first if given. Each
        Subscription written is confirmed by an Update with no readings, then
        uploads to that meter arrive as Updates. No deadline by default: a
        live view runs until cancel() or done_writing()."""
        native = _NativeSubscribeStream(self._client().subscribe(check_timeout(timeout)))
        stream = BidiStream(native, _to_update, _to_native_subscription)
        if subscription is not None:
            stream.write(subscription)
        return stream
