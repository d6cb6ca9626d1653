"""Python clients for the tutorial's gRPC services, built on their C++ stubs.

    from grpc_tutorial.calculator import CalculatorClient
    with CalculatorClient("localhost:50051") as calc:
        print(calc.divide(17, 5))  # DivideResult(quotient=3, remainder=2)

Modules: grpc_tutorial.calculator, grpc_tutorial.meter,
grpc_tutorial.attendance. Every failed call raises grpc_tutorial.RpcError.
See docs/10-bindings.md.
"""

from grpc_tutorial._client import DEFAULT_TIMEOUT_S, ChannelOptions, TlsOptions
from grpc_tutorial.errors import RpcError, StatusCode

__all__ = ["ChannelOptions", "DEFAULT_TIMEOUT_S", "RpcError", "StatusCode", "TlsOptions"]
