"""program_conventions_tests: one py_test per program, checking its command
line against the project's conventions (program_conventions_test.py).

    program_conventions_tests(programs = [
        # (program, its flags, the flags that are ports)
        (":grpc_server", "host,port,db", "port"),
    ])

makes grpc_server_conventions_test, and so on.
"""

def program_conventions_tests(programs):
    for program, flags, port_flags in programs:
        native.py_test(
            name = program.split(":")[-1].split("/")[-1] + "_conventions_test",
            size = "small",
            srcs = ["//common/testing:program_conventions_test.py"],
            args = [
                "$(rootpath %s)" % program,
                "--flags=" + flags,
                "--port_flags=" + port_flags,
            ],
            data = [program],
            main = "//common/testing:program_conventions_test.py",
            python_version = "PY3",
        )
