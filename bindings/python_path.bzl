"""`python_path`: the grpc_tutorial package as one directory that a plain
Python can import from, outside Bazel:

    ./bazelw build //bindings:python
    PYTHONPATH=bazel-bin/bindings/python_path /usr/bin/python3 -c 'import grpc_tutorial.meter'

(Source .py files and built .so files otherwise live in two trees.)
"""

def _python_path_impl(ctx):
    outputs = []
    for f in ctx.files.srcs:
        out = ctx.actions.declare_file("{}/{}/{}".format(ctx.attr.dir, ctx.attr.package, f.basename))
        ctx.actions.run_shell(
            inputs = [f],
            outputs = [out],
            command = 'cp "$1" "$2"',
            arguments = [f.path, out.path],
            mnemonic = "CopyPythonFile",
        )
        outputs.append(out)
    return [DefaultInfo(files = depset(outputs), runfiles = ctx.runfiles(files = outputs))]

python_path = rule(
    implementation = _python_path_impl,
    attrs = {
        "srcs": attr.label_list(allow_files = True, mandatory = True),
        "package": attr.string(mandatory = True),
        "dir": attr.string(mandatory = True),
    },
)
