"""exercise(): the targets of one exercise (exercises/README.md).

    exercise(
        proto = "arithmetic.proto",  # the exercise's service
        srcs = ["service.cc"],       # the files the learner changes
        hdrs = ["service.h"],
        deps = [...],
        test_deps = [...],
    )

makes
    :proto, :cc_proto, :cc_grpc  the proto and its C++ code
    :exercise_test   exercise_test.cc against the files as they are: fails
                     until the exercise is done; tagged manual, so that
                     `./bazelw test //...` skips it
    :solution_test   the same test against the reference solution
                     (solution/<each of srcs>): in the normal suite, so the
                     exercise, its test and its solution stay correct as the
                     code around them changes
//exercises:starters_fail_test checks that each :exercise_test fails on the
files as committed.
"""

load("@rules_proto//proto:defs.bzl", "proto_library")
load("//bazel:grpc.bzl", "cc_grpc_library")

def exercise(proto, srcs, hdrs, deps = [], test_deps = [], size = "small"):
    proto_library(
        name = "proto",
        srcs = [proto],
    )
    native.cc_proto_library(
        name = "cc_proto",
        deps = [":proto"],
    )
    cc_grpc_library(
        name = "cc_grpc",
        cc_proto = ":cc_proto",
        proto = ":proto",
    )

    # The header, on its own: the test compiles against it once, and links
    # with either implementation.
    native.cc_library(
        name = "interface",
        hdrs = hdrs,
        deps = [":cc_grpc"] + deps,
    )

    # manual, like :exercise_test: a half-done exercise must not break
    # `./bazelw test //...` (whose -Werror also applies here).
    native.cc_library(
        name = "starter",
        srcs = srcs,
        tags = ["manual"],
        deps = [":interface"],
    )
    native.cc_library(
        name = "solution",
        srcs = ["solution/" + src for src in srcs],
        deps = [":interface"],
    )
    native.cc_library(
        name = "test_cases",
        testonly = True,
        srcs = ["exercise_test.cc"],
        # The test cases register themselves from static initializers,
        # which the linker would drop from a library no symbol is used of.
        alwayslink = True,
        deps = [
            ":interface",
            "//common/grpc:status_names",
            "//common/testing:loopback_server",
            "@system//:gtest",
        ] + test_deps,
    )

    # For the docs check, which reads the exercise's README and files.
    native.filegroup(
        name = "srcs",
        srcs = native.glob(["**"]),
        visibility = ["//docs:__pkg__"],
    )
    for name, library, tags in [
        ("exercise_test", ":starter", ["manual"]),
        ("solution_test", ":solution", []),
    ]:
        native.cc_test(
            name = name,
            size = size,
            tags = tags,
            visibility = ["//exercises:__pkg__", "//docs:__pkg__"],
            deps = [
                library,
                ":test_cases",
                "@system//:gtest_main",
            ],
        )
