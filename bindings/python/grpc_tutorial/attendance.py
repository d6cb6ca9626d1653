"""The attendance service (attendance.v1) from Python:

    login         unary            -> Login (and remembers the token)
    issue_code    unary            -> IssuedCode (organisers only)
    register      unary            -> Registration
    get_status    unary            -> Status
    watch_status  server streaming -> iterator of Status, one per change

Every method takes `timeout=` in seconds (None: no deadline) and raises
grpc_tutorial.RpcError when the call fails; the messages of Register's
errors are the texts a registration page shows.
"""

import dataclasses
import datetime
from typing import Optional, Tuple

from grpc_tutorial import _attendance
from grpc_tutorial._client import (ChannelOptions, DEFAULT_TIMEOUT_S, Client, ResponseStream,
                                   TlsOptions, check_timeout)

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _datetime(seconds):
    return None if seconds is None else _EPOCH + datetime.timedelta(seconds=seconds)


@dataclasses.dataclass(frozen=True)
class Login:
    token: str  # sent as `authorization: Bearer <token>` by issue_code
    expires_at: Optional[datetime.datetime]


@dataclasses.dataclass(frozen=True)
class IssuedCode:
    code: str  # e.g. "7KQ2-M9XD-4F"
    expires_at: Optional[datetime.datetime]


@dataclasses.dataclass(frozen=True)
class Attendee:
    first_name: str
    last_name: str
    registered_at: Optional[datetime.datetime]


@dataclasses.dataclass(frozen=True)
class Status:
    count: int
    attendees: Tuple[Attendee, ...]  # oldest first
    version: int  # grows with every change; 0 when nobody has registered


@dataclasses.dataclass(frozen=True)
class Registration:
    attendee: Attendee
    status: Status  # right after this registration


StatusStream = ResponseStream[Status]


def _to_attendee(fields):
    first, last, registered_at = fields
    return Attendee(first, last, _datetime(registered_at))


def _to_status(fields):
    count, attendees, version = fields
    return Status(count, tuple(_to_attendee(a) for a in attendees), version)


class AttendanceClient(Client):
    """A client of attendance.v1.AttendanceService at `target` ("host:port")."""

    def __init__(self, target: str, tls: Optional[TlsOptions] = None,
                 options: Optional[ChannelOptions] = None):
        super().__init__(_attendance.AttendanceClient, target, tls, options)
        self._token = None

    def login(self, organiser: str, password: str, *,
              timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> Login:
        """Logs in; issue_code then uses the token. UNAUTHENTICATED for a
        wrong name or password, RESOURCE_EXHAUSTED after too many failures."""
        token, expires_at = self._client().login(organiser, password, check_timeout(timeout))
        self._token = token
        return Login(token, _datetime(expires_at))

    def issue_code(self, valid_for: Optional[datetime.timedelta] = None, *,
                   token: Optional[str] = None,
                   timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> IssuedCode:
        """A new one-time registration code, valid for `valid_for` (None: the
        server's default). Uses the token of the last login() unless given.
        UNAUTHENTICATED without a valid token; ValueError for a token that
        is not printable ASCII (it could not be sent)."""
        seconds = 0.0 if valid_for is None else valid_for.total_seconds()
        code, expires_at = self._client().issue_code(token or self._token or "", seconds,
                                                     check_timeout(timeout))
        return IssuedCode(code, _datetime(expires_at))

    def register(self, first_name: str, last_name: str, code: str, *,
                 timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> Registration:
        """Registers an attendee with a code, which is then used up.
        INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS or RESOURCE_EXHAUSTED
        otherwise, with the registration page's message."""
        attendee, status = self._client().register(first_name, last_name, code,
                                                   check_timeout(timeout))
        return Registration(_to_attendee(attendee), _to_status(status))

    def get_status(self, *, timeout: Optional[float] = DEFAULT_TIMEOUT_S) -> Status:
        """How many have registered, and who."""
        return _to_status(self._client().get_status(check_timeout(timeout)))

    def watch_status(self, *, timeout: Optional[float] = None) -> StatusStream:
        """The current status at once, then one after every change. No
        deadline by default; ends with UNAVAILABLE when the server shuts
        down (reconnect then)."""
        return ResponseStream(self._client().watch_status(check_timeout(timeout)), _to_status)
