"""Starts a new gRPC service from the project's template: a documented
proto with one RPC of each call mode, a synchronous and a callback server, a
client with a subcommand per RPC, their tests, BUILD files and a README.

    ./bazelw run //tools:new_service -- --name=inventory [--package=inventory.v1]

writes protos/inventory/v1/ (the protocol) and examples/inventory/ (the
rest), and refuses to touch a folder that exists. The templates are in
tools/service_template/templates/; the packages in
tools/service_template/selftest/ build and test what they make, so they
cannot rot.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

from common.flags import cli_args

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
# buf's PACKAGE_VERSION_SUFFIX: v1, v2beta1, v1alpha3, v1test...
VERSION = r"v[1-9][0-9]*((alpha|beta)[1-9][0-9]*|test[a-z0-9]*)?"
PACKAGE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\." + VERSION)
# Each part starts with a letter: the header guards are made of the path.
FOLDER = re.compile(r"[a-z][a-z0-9_.-]*(/[a-z][a-z0-9_.-]*)*")
MAX_NAME_LENGTH = 40
# What a namespace of the generated code (the name, and each part of the
# package) may not be called: C++ keywords, names the C and C++ libraries
# declare at global scope (a namespace `log` clashes with log() from
# <cmath>), and namespaces the code uses.
RESERVED = set("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char
char8_t char16_t char32_t class compl concept const consteval constexpr
constinit const_cast continue co_await co_return co_yield decltype default
delete do double dynamic_cast else enum explicit export extern false float for
friend goto if inline int long mutable namespace new noexcept not not_eq
nullptr operator or or_eq private protected public register reinterpret_cast
requires return short signed sizeof static static_assert static_cast struct
switch template this thread_local throw true try typedef typeid typename union
unsigned using virtual void volatile wchar_t while xor xor_eq
std grpc google absl common testing testing_util api main
abort abs accept access alarm assert bind calloc ceil chdir clock close
connect cos difftime div dup errno exit exp fabs floor fmod fork free frexp
getenv index isatty kill ldexp link listen log log10 log2 malloc memcpy
memset mkdir mktime modf open pause pipe poll pow printf puts raise rand
random read realloc recv remove rename rmdir round scanf select send
shutdown signal sin sleep socket sqrt srand stat stderr stdin stdout strcmp
strlen sync system tan time timer tm truncate unlink wait write
""".split())
# The ...Service classes gRPC nests in a service's class: a service called
# "CallbackService" would clash with its own nested CallbackService.
GRPC_NESTED = {"Async", "Callback", "ExperimentalCallback", "SplitStreamed",
               "Streamed", "StreamedUnary"}


def usage_error(message):
    prog = os.path.basename(sys.argv[0]).removesuffix(".py")
    sys.stderr.write(f"{prog}: {message}\nTry '{prog} --help'.\n")
    sys.exit(2)


def parse_args(argv):
    parser = cli_args.ArgumentParser(
        prog="new_service",
        description="Starts a new gRPC service from the project's template: "
        "protos/<package path>/ with a documented proto (one RPC of each "
        "call mode) and examples/<name>/ with a sync and a callback server, "
        "a client, googletest tests, BUILD files and a README. Existing "
        "folders are never touched.",
        epilog="Then: ./bazelw test //examples/<name>/... "
        "(docs/32-your-own-service.md).")
    parser.add_argument(
        "--name",
        help="(required) the service's name in lower_snake_case, e.g. inventory: the "
        "folder, the C++ namespace and the proto file (inventory.proto); the "
        "service is called InventoryService")
    parser.add_argument(
        "--package",
        help="the proto package, versioned as buf's style wants "
        "(default: <name>.v1)")
    parser.add_argument(
        "--dir",
        help="where the servers, client and tests go, from the repository "
        "root (default: examples/<name>)")
    parser.add_argument(
        "--proto_dir",
        help="where the proto and its BUILD go (default: protos/ + the "
        "package's path, as buf's style wants: protos/inventory/v1)")
    parser.add_argument(
        "--port", type=int, default=50100,
        help="the servers' default port and the client's default target's "
        "(default: %(default)s)")
    parser.add_argument(
        "--root",
        help="the repository to write into (default: the one `./bazelw run` "
        "runs from)")
    args = parser.parse_args(argv)
    check(args)
    return args


def check(args):
    # Checked here, not by argparse: a typo such as --nmae=inventory is
    # then reported as the typo it is, not as a missing --name.
    if args.name is None:
        usage_error("--name is required, e.g. --name=inventory")
    if not NAME.fullmatch(args.name) or len(args.name) > MAX_NAME_LENGTH:
        usage_error(f"--name={args.name}: a name is lower_snake_case "
                    f"(a-z, 0-9 and single underscores, starting with a "
                    f"letter), at most {MAX_NAME_LENGTH} characters, e.g. "
                    "inventory or order_book")
    if args.name in RESERVED or camel_case(args.name) in GRPC_NESTED:
        usage_error(f"--name={args.name}: the generated C++ cannot use it (a "
                    "keyword, a name the C or C++ library or gRPC declares, "
                    "or a namespace the code uses); choose another name")
    args.package = args.package or args.name + ".v1"
    if not PACKAGE.fullmatch(args.package):
        usage_error(f"--package={args.package}: a proto package is lower-case "
                    "words separated by dots, ending in a version such as "
                    "v1 or v2beta1 (buf's style), e.g. inventory.v1 or "
                    "acme.shop.v2")
    for part in args.package.split("."):
        if part in RESERVED:
            usage_error(f"--package={args.package}: '{part}' becomes a C++ "
                        "namespace, and the generated C++ cannot use it")
    if args.package.split(".")[:2] == [args.name, args.name]:
        # Inside namespace shop, shop::shop::v1 would mean shop::shop::shop::v1.
        usage_error(f"--package={args.package}: the C++ (in namespace "
                    f"{args.name}) would not find {args.name}::{args.name}; "
                    "choose another package or name")
    package_path = "protos/" + args.package.replace(".", "/")
    args.dir = (args.dir or "examples/" + args.name).rstrip("/")
    args.proto_dir = (args.proto_dir or package_path).rstrip("/")
    for flag in ("dir", "proto_dir"):
        value = getattr(args, flag)
        if (not FOLDER.fullmatch(value) or ".." in value.split("/") or
                any(part.startswith("bazel-") for part in value.split("/"))):
            usage_error(f"--{flag}={value}: a folder inside the repository, "
                        "as a relative path of lower-case names that start "
                        "with a letter (and not in Bazel's bazel-* links)")
    if args.proto_dir.startswith("protos/") and args.proto_dir != package_path:
        usage_error(f"--proto_dir={args.proto_dir}: under protos/, buf's style "
                    f"wants the package's path: {package_path}")
    if (args.dir == args.proto_dir or args.dir.startswith(args.proto_dir + "/") or
            args.proto_dir.startswith(args.dir + "/")):
        usage_error("--dir and --proto_dir must be apart, neither inside the "
                    "other: each is a Bazel package with its own BUILD file")
    if not 1 <= args.port <= 65535:
        usage_error(f"--port={args.port}: a port is a number from 1 to 65535")
    if args.root and os.environ.get("BUILD_WORKING_DIRECTORY"):
        # `bazel run` starts the program in its runfiles: a relative --root
        # is relative to where bazel was run (./bazelw runs it from the
        # clone's root).
        args.root = os.path.join(os.environ["BUILD_WORKING_DIRECTORY"], args.root)
    args.root = args.root or os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    if not args.root:
        usage_error("no repository to write into: run it with "
                    "`./bazelw run //tools:new_service -- ...`, or give --root")
    if not os.path.isdir(args.root):
        usage_error(f"--root={args.root}: no such folder")


def camel_case(name):
    return "".join(word.capitalize() for word in name.split("_"))


def placeholders(args):
    return {
        "name": args.name,
        "Service": camel_case(args.name) + "Service",
        "package": args.package,
        "proto_ns": args.package.replace(".", "::"),
        "proto_dir": args.proto_dir,
        "proto_label": "//" + args.proto_dir,
        "dir": args.dir,
        "label": "//" + args.dir,
        "GUARD": re.sub(r"[^A-Z0-9]", "_", args.dir.upper()),
        "port": str(args.port),
        "command": " ".join(shlex.quote(a) for a in command_line(args)),
    }


def command_line(args):
    """The flags that made this service, for its README."""
    words = [f"--name={args.name}"]
    if args.package != args.name + ".v1":
        words.append(f"--package={args.package}")
    if args.dir != "examples/" + args.name:
        words.append(f"--dir={args.dir}")
    if args.proto_dir != "protos/" + args.package.replace(".", "/"):
        words.append(f"--proto_dir={args.proto_dir}")
    if args.port != 50100:
        words.append(f"--port={args.port}")
    return words


def render(template_path, values):
    with open(template_path, encoding="utf-8") as f:
        text = f.read()

    def value(match):
        key = match.group(1)
        if key not in values:
            raise KeyError(f"{template_path}: unknown placeholder {{{{{key}}}}}")
        return values[key]

    return PLACEHOLDER.sub(value, text)


def planned_files(args):
    """(template path, destination path from the root) of every file. The
    BUILD templates are called BUILD.tmpl: a file named BUILD would make its
    folder a package of its own."""
    files = []
    for template in sorted(os.listdir(os.path.join(TEMPLATES, "proto"))):
        target = f"{args.name}.proto" if template == "service.proto" else template
        files.append((os.path.join(TEMPLATES, "proto", template),
                      os.path.join(args.proto_dir, target.removesuffix(".tmpl"))))
    for template in sorted(os.listdir(os.path.join(TEMPLATES, "service"))):
        files.append((os.path.join(TEMPLATES, "service", template),
                      os.path.join(args.dir, template.removesuffix(".tmpl"))))
    return files


def format_cpp(style, paths):
    """clang-format with the repository's style, if both are there: names of
    other lengths than the templates' wrap differently."""
    cpp = [p for p in paths if p.endswith((".h", ".cc"))]
    if cpp and os.path.isfile(style) and shutil.which("clang-format"):
        subprocess.run(["clang-format", "-i", f"--style=file:{style}", *cpp],
                       check=True, capture_output=True, text=True)


def fail(message):
    sys.stderr.write(f"new_service: {message}\n")
    sys.exit(1)


def check_destinations(args, root):
    """Usage errors for folders that exist, or that would land outside the
    repository (through a symbolic link) or under a file."""
    real_root = os.path.realpath(root)
    for folder, flag in ((args.dir, "dir"), (args.proto_dir, "proto_dir")):
        path = os.path.join(root, folder)
        real = os.path.realpath(path)
        if os.path.commonpath([real, real_root]) != real_root:
            usage_error(f"--{flag}={folder} leads out of the repository (to "
                        f"{real}); nothing was written")
        if os.path.lexists(path):
            other = "--package or --proto_dir" if flag == "proto_dir" else "--dir"
            usage_error(f"{folder} exists already: choose another --name (or "
                        f"{other}); nothing was written")
        parent = os.path.dirname(path)
        while not os.path.lexists(parent):
            parent = os.path.dirname(parent)
        if not os.path.isdir(parent):
            usage_error(f"--{flag}={folder}: {os.path.relpath(parent, root)} "
                        "is a file; nothing was written")


def write_service(args, root):
    """Writes every file into a scratch folder inside `root`, then moves the
    two folders into place: a failure half-way leaves nothing behind."""
    values = placeholders(args)
    try:
        scratch = tempfile.mkdtemp(prefix=".new_service-", dir=root)
    except OSError as e:
        fail(f"cannot write into {root}: {e.strerror}; nothing was written")
    try:
        written = []
        for template, destination in planned_files(args):
            path = os.path.join(scratch, destination)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(render(template, values))
            written.append(path)
        format_cpp(os.path.join(root, ".clang-format"), written)
        for folder in (args.proto_dir, args.dir):
            os.makedirs(os.path.dirname(os.path.join(root, folder)), exist_ok=True)
            os.rename(os.path.join(scratch, folder), os.path.join(root, folder))
        return len(written)
    except subprocess.CalledProcessError as e:
        fail(f"clang-format failed, nothing was written:\n{e.stderr.strip()}")
    except OSError as e:
        for folder in (args.proto_dir, args.dir):
            if not os.path.lexists(os.path.join(scratch, folder)):
                shutil.rmtree(os.path.join(root, folder), ignore_errors=True)
        fail(f"cannot write into {root}: {e.strerror} ({e.filename}); "
             "nothing was written")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv):
    args = parse_args(argv)
    root = os.path.abspath(args.root)
    check_destinations(args, root)
    count = write_service(args, root)
    print(f"new_service: wrote {args.proto_dir}/ and {args.dir}/ "
          f"({count} files); next:")
    print(f"  ./bazelw test //{args.dir}/...")
    print(f"  ./bazelw run //{args.dir}:sync_server")
    if args.proto_dir.startswith("protos/"):
        print(f"  add //{args.proto_dir}:srcs to the data of "
              "//tools/buf:proto_checks_test (tools/buf/BUILD), for buf's checks")
    print(f"  then read {args.dir}/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
