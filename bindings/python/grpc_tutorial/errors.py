"""The exception every grpc_tutorial client raises when a call fails."""

import enum


class StatusCode(enum.IntEnum):
    """gRPC's status codes, with their canonical names and numbers."""
    OK = 0
    CANCELLED = 1
    UNKNOWN = 2
    INVALID_ARGUMENT = 3
    DEADLINE_EXCEEDED = 4
    NOT_FOUND = 5
    ALREADY_EXISTS = 6
    PERMISSION_DENIED = 7
    RESOURCE_EXHAUSTED = 8
    FAILED_PRECONDITION = 9
    ABORTED = 10
    OUT_OF_RANGE = 11
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15
    UNAUTHENTICATED = 16


class RpcError(Exception):
    """A call ended with a status other than OK.

    Attributes:
        code: the StatusCode (``error.code.name`` is e.g. "NOT_FOUND").
        message: the server's (or gRPC's) error message.
        details: the status details as sent (serialized google.rpc.Status),
            b"" when the server sent none.
    """

    def __init__(self, code, message, details=b""):
        # The C++ core passes the code's name; accept a StatusCode or number too.
        if isinstance(code, str):
            code = StatusCode.__members__.get(code, StatusCode.UNKNOWN)
        self.code = StatusCode(code)
        self.message = message
        self.details = bytes(details)
        super().__init__(self.code.name, message, self.details)

    def __str__(self):
        return f"{self.code.name}: {self.message}" if self.message else self.code.name
