"""pybind11 extension modules, built from Debian's pybind11 and Python headers.

    pybind_extension(name = "_calculator", deps = ["//bindings/calculator:calculator_module"])

makes `_calculator.so`, which Python imports as `_calculator` from the
package whose directory holds it. The deps must contain the
PYBIND11_MODULE(_calculator, ...) definition in a cc_library with
`alwayslink = True` (nothing refers to it, so the linker would drop it).
Python's own symbols stay undefined: the interpreter that imports the module
provides them, as for any extension.
"""

def pybind_extension(name, deps, **kwargs):
    native.cc_binary(
        name = name + ".so",
        linkshared = True,
        # Only PyInit_<name> needs to be visible; pybind11's own types are
        # hidden so that two extensions never mix up each other's.
        copts = ["-fvisibility=hidden"],
        deps = deps + ["@system//:pybind11"],
        **kwargs
    )
