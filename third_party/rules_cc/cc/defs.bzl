"""A stand-in for @rules_cc//cc:defs.bzl that forwards to Bazel's native rules.

Debian ships rules_cc 0.0.4, which needs a newer Bazel than Debian's 4.2.3
(it calls `use_cpp_toolchain`). Bazel 4.2.3 has every C++ rule built in, so
this shim keeps `load("@rules_cc//cc:defs.bzl", ...)` working in our BUILD files
and in Debian's rules_proto.
"""

def cc_binary(**attrs):
    native.cc_binary(**attrs)

def cc_import(**attrs):
    native.cc_import(**attrs)

def cc_library(**attrs):
    native.cc_library(**attrs)

def cc_proto_library(**attrs):
    native.cc_proto_library(**attrs)

def cc_test(**attrs):
    native.cc_test(**attrs)

def cc_toolchain(**attrs):
    native.cc_toolchain(**attrs)

def cc_toolchain_suite(**attrs):
    native.cc_toolchain_suite(**attrs)

def objc_library(**attrs):
    native.objc_library(**attrs)
