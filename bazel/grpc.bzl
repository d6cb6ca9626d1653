"""How a .proto becomes C++ and Python code in this repository.

    proto_library        (rules_proto)  the .proto files and their imports
      -> cc_proto_library (native)      messages: foo.pb.h / foo.pb.cc
      -> cc_grpc_library  (this file)   services: foo.grpc.pb.h / foo.grpc.pb.cc
      -> py_grpc_library  (this file)   foo_pb2.py and foo_pb2_grpc.py

gRPC's own Bazel rules (cc_grpc_library in @com_github_grpc_grpc) need a
download, so these two small rules run Debian's protoc with Debian's gRPC
plugins (/usr/bin/grpc_cpp_plugin, /usr/bin/grpc_python_plugin) instead.
"""

load("@rules_proto//proto:defs.bzl", "ProtoInfo")

def _protoc_outputs(ctx, protos, suffixes):
    """Declares the files protoc writes for `protos`, next to the BUILD file."""
    outputs = []
    for proto in protos:
        if proto.owner.package != ctx.label.package or proto.owner.workspace_name != ctx.label.workspace_name:
            fail("{}: {} must be in package //{}".format(ctx.label, proto.short_path, ctx.label.package))
        # The path inside the package, e.g. "grpc/health/v1/health.proto".
        path = proto.short_path
        if proto.owner.workspace_name:
            path = path[len("../" + proto.owner.workspace_name + "/"):]
        if ctx.label.package:
            path = path[len(ctx.label.package + "/"):]
        # A generated .proto (a genrule's output) is seen through a copy at
        # _virtual_imports/<proto_library>/<its import path>; protoc writes
        # by the import path, so the outputs go where a source's would.
        if path.startswith("_virtual_imports/"):
            path = path.split("/", 2)[2]
            if ctx.label.package:
                path = path[len(ctx.label.package + "/"):]
        stem = path[:-len(".proto")]
        for suffix in suffixes:
            outputs.append(ctx.actions.declare_file(stem + suffix))
    return outputs

def _out_dir(ctx):
    """Where protoc writes: the output root of the rule's repository."""
    root = ctx.label.workspace_root  # "external/<repo>" outside the main repository
    return ctx.bin_dir.path + ("/" + root if root else "")

def _run_protoc(ctx, proto_info, outputs, args, mnemonic):
    protoc_args = ctx.actions.args()
    for path in proto_info.transitive_proto_path.to_list():
        protoc_args.add("--proto_path=" + path)
    protoc_args.add("--proto_path=.")
    protoc_args.add_all(args)
    protoc_args.add_all(proto_info.direct_sources)
    ctx.actions.run(
        executable = ctx.executable._protoc,
        arguments = [protoc_args],
        inputs = proto_info.transitive_sources,
        outputs = outputs,
        mnemonic = mnemonic,
        progress_message = "Generating {} code for {}".format(mnemonic, ctx.label),
    )

def _grpc_cpp_codegen_impl(ctx):
    proto_info = ctx.attr.proto[ProtoInfo]
    suffixes = [".grpc.pb.h", ".grpc.pb.cc"] + (["_mock.grpc.pb.h"] if ctx.attr.mocks else [])
    outputs = _protoc_outputs(ctx, proto_info.direct_sources, suffixes)
    options = "generate_mock_code=true:" if ctx.attr.mocks else ""
    _run_protoc(ctx, proto_info, outputs, [
        "--plugin=protoc-gen-grpc=" + ctx.attr.plugin,
        "--grpc_out=" + options + _out_dir(ctx),
    ], "GrpcCpp")
    mocks = [f for f in outputs if f.path.endswith("_mock.grpc.pb.h")]
    return [
        DefaultInfo(files = depset(outputs)),
        OutputGroupInfo(
            headers = depset([f for f in outputs if f.path.endswith(".h") and f not in mocks]),
            sources = depset([f for f in outputs if f.path.endswith(".cc")]),
            mocks = depset(mocks),
        ),
    ]

_PROTOC = attr.label(
    default = "@com_google_protobuf//:protoc",
    executable = True,
    cfg = "exec",
)

_grpc_cpp_codegen = rule(
    implementation = _grpc_cpp_codegen_impl,
    attrs = {
        "proto": attr.label(providers = [ProtoInfo], mandatory = True),
        "plugin": attr.string(default = "/usr/bin/grpc_cpp_plugin"),
        "mocks": attr.bool(default = False),
        "_protoc": _PROTOC,
    },
)

def cc_grpc_library(name, proto, cc_proto, mocks = False, **kwargs):
    """C++ gRPC stubs (foo.grpc.pb.h) for the services in `proto`.

    Args:
      name: the cc_library to create.
      proto: the proto_library with the service definitions.
      cc_proto: the cc_proto_library of the same proto (the messages).
      mocks: also make `<name>_mock`, a testonly cc_library with gMock
        stubs of the services (foo_mock.grpc.pb.h: MockFooStub, from
        protoc's generate_mock_code option).
      **kwargs: passed on to cc_library (visibility, ...).
    """
    codegen = name + "_codegen"
    _grpc_cpp_codegen(name = codegen, proto = proto, mocks = mocks)
    for group in ["headers", "sources"] + (["mocks"] if mocks else []):
        native.filegroup(name = codegen + "_" + group, srcs = [codegen], output_group = group)
    if mocks:
        native.cc_library(
            name = name + "_mock",
            testonly = True,
            hdrs = [codegen + "_mocks"],
            deps = [":" + name, "@system//:gmock"],
            visibility = kwargs.get("visibility"),
        )
    native.cc_library(
        name = name,
        srcs = [codegen + "_sources"],
        hdrs = [codegen + "_headers"],
        deps = [cc_proto, "@system//:grpc++"],
        **kwargs
    )

def _py_grpc_codegen_impl(ctx):
    proto_info = ctx.attr.proto[ProtoInfo]
    outputs = _protoc_outputs(ctx, proto_info.direct_sources, ["_pb2.py", "_pb2_grpc.py"])
    _run_protoc(ctx, proto_info, outputs, [
        "--python_out=" + _out_dir(ctx),
        "--plugin=protoc-gen-grpc_python=" + ctx.attr.plugin,
        "--grpc_python_out=" + _out_dir(ctx),
    ], "GrpcPython")
    return [DefaultInfo(files = depset(outputs))]

_py_grpc_codegen = rule(
    implementation = _py_grpc_codegen_impl,
    attrs = {
        "proto": attr.label(providers = [ProtoInfo], mandatory = True),
        "plugin": attr.string(default = "/usr/bin/grpc_python_plugin"),
        "_protoc": _PROTOC,
    },
)

def py_grpc_library(name, proto, deps = [], **kwargs):
    """Python messages (foo_pb2.py) and gRPC stubs (foo_pb2_grpc.py) for `proto`.

    They import as `protos.<package path>.foo_pb2`, mirroring the .proto path;
    the runtime (`grpc`, `google.protobuf`) is Debian's python3-grpcio and
    python3-protobuf.
    """
    codegen = name + "_codegen"
    _py_grpc_codegen(name = codegen, proto = proto)
    native.py_library(
        name = name,
        srcs = [codegen],
        deps = deps,
        **kwargs
    )
