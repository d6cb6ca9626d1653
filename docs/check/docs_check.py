"""Keeps the chapters in docs/ honest: their code excerpts must match the
source, and their shell sessions must still run and print what they show.

    bazel test //docs:docs_test       check every docs/*.md
    bazel run //docs:sync_excerpts    rewrite the excerpts from the source

The checker looks at fenced blocks by their info string (the words after the
opening backticks):

    ```cpp source=examples/calculator/sync_service.cc#sync_divide
        The lines strictly between the `// [START sync_divide]` and
        `// [END sync_divide]` lines of that file, with their common
        indentation removed. Marker lines of other regions are left out, so
        regions may nest. Without `#region` the block is the whole file.

    ```sh run
        Each line is a command, run with `bash -c` from the repository root;
        blank lines and `#` comments are skipped.
        - `./bazelw run //pkg:target -- args` (or `bazel run`) runs the binary
          that the test already has in its runfiles, so nothing is built here.
        - A line ending in ` &` starts in the background; the block goes on
          once it prints a line containing "listening on". At the end of the
          block it gets SIGTERM and must exit with code 0.
        - Any other line must exit 0, or N if it ends with `# exits N`.

    ```text output
        Directly after a `sh run` block: the stdout of its foreground
        commands (trailing whitespace is ignored).

Everywhere else, what the prose names must exist, so that a moved file or a
renamed target cannot leave a chapter behind:
    - a repository path in `inline code` (one that starts with a top-level
      folder, such as `common/grpc/server_runner.cc` or `meter-demo/web/`),
      and a relative link such as [chapter 6](06-meter-demo.md);
    - a Bazel label such as //meter-demo:grpc_server or //pi-demo (the
      package's BUILD file must define that name).
And a `sh run` block that starts a server in the background must be followed,
before the next `sh run` block, by prose that says how to stop it (`kill %1`
or Ctrl-C): a reader who starts the next session with the first server still
running finds its port taken.
"""

import dataclasses
import difflib
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import textwrap
import time

# Generous, because the test machine may be busy building other targets.
COMMAND_TIMEOUT_S = 30
READY_TIMEOUT_S = 30
STOP_TIMEOUT_S = 10
READY_TEXT = "listening on"

FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# A whole line that is only a region marker: `// [START name]` or `# [END name]`.
MARKER_LINE = re.compile(r"^\s*(?://|#)\s*\[(?P<kind>START|END) (?P<name>[\w.-]+)\]\s*$")
# Environment variables for the one command may come first, as in a shell:
# `GRPC_TRACE=api ./bazelw run //...` (bazel run passes them on).
ENV_PREFIX = re.compile(r"^(?P<env>(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*)(?P<rest>.*)$")
BAZEL_RUN = re.compile(r"^(?:\./bazelw|bazel)\s+run\b")
BAZEL_RUN_TARGET = re.compile(
    r"^(?:\./bazelw|bazel)\s+run\s+//(?P<package>[\w/.-]*)(?::(?P<name>[\w.+-]+))?"
    r"(?=\s|$)(?:\s+--(?=\s|$))?(?P<args>.*)$")
EXPECTED_EXIT = re.compile(r"\s#\s*exits\s+(?P<code>\d+)\s*$")
BACKGROUND = re.compile(r"\s&$")


class DocError(Exception):
    """A problem at one line of a chapter."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclasses.dataclass
class Block:
    """One fenced block of a Markdown file."""
    line: int  # 1-based line number of the opening fence
    lang: str
    source: str = ""  # "path#region" from `source=`, or ""
    run: bool = False
    output: bool = False
    body: list = dataclasses.field(default_factory=list)
    # The body is lines[first:last] of the file (0-based), for rewriting.
    first: int = 0
    last: int = 0


@dataclasses.dataclass
class Result:
    """What a check found, counted so that a test can tell it looked at all."""
    errors: list = dataclasses.field(default_factory=list)
    excerpts: int = 0
    run_blocks: int = 0
    output_blocks: int = 0

    def add(self, other):
        self.errors += other.errors
        self.excerpts += other.excerpts
        self.run_blocks += other.run_blocks
        self.output_blocks += other.output_blocks


# ---- Reading Markdown -------------------------------------------------------

def parse_info(line, info):
    """Splits an info string such as `cpp source=a.cc#r` into a Block."""
    words = info.split()
    block = Block(line=line, lang=words[0] if words else "")
    for word in words[1:]:
        if word.startswith("source="):
            block.source = word[len("source="):]
        elif word == "run":
            block.run = True
        elif word == "output":
            block.output = True
        else:
            # A typo such as `sh runn` would otherwise skip the check silently.
            raise DocError(line, f"unknown word {word!r} in the info string "
                                 "(known: source=PATH[#REGION], run, output)")
    if block.run and block.lang not in ("sh", "bash"):
        raise DocError(line, "`run` blocks must be `sh run`")
    if block.output and block.lang != "text":
        raise DocError(line, "`output` blocks must be `text output`")
    if block.source and (block.run or block.output):
        raise DocError(line, "a `source=` block can be neither `run` nor `output`")
    return block


def parse_blocks(lines):
    """Returns (fenced blocks, errors) of a Markdown file given as lines.

    A block with a bad info string is an error and is then treated as plain.
    """
    blocks = []
    errors = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening["fence"]
        try:
            block = parse_info(i + 1, opening["info"])
            if opening["indent"] and (block.source or block.run or block.output):
                # Indented (e.g. in a list), the body would carry the indentation.
                raise DocError(i + 1, "checked blocks must start at column 0")
        except DocError as e:
            errors.append(e)
            block = Block(line=i + 1, lang="")
        # The closing fence: the same character, at least as many times.
        end = i + 1
        while end < len(lines):
            stripped = lines[end].strip()
            if stripped and stripped == fence[0] * len(stripped) and len(stripped) >= len(fence):
                break
            end += 1
        if end == len(lines):
            errors.append(DocError(i + 1, "this code block is never closed"))
            break
        block.first, block.last = i + 1, end
        block.body = lines[i + 1:end]
        blocks.append(block)
        i = end + 1
    return blocks, errors


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


# ---- Excerpts ---------------------------------------------------------------

def read_excerpt(root, source):
    """The lines that a `source=path#region` block must contain."""
    path, _, region = source.partition("#")
    full_path = os.path.join(root, path)
    if not os.path.isfile(full_path):
        raise FileNotFoundError(f"source file {path} does not exist "
                                "(or is not in the data of //docs:docs_test)")
    lines = read_lines(full_path)
    if region:
        starts = [i for i, l in enumerate(lines) if is_marker(l, "START", region)]
        ends = [i for i, l in enumerate(lines) if is_marker(l, "END", region)]
        if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
            raise LookupError(f"{path} must have one `[START {region}]` line and one "
                              f"`[END {region}]` line after it (found {len(starts)} "
                              f"START and {len(ends)} END)")
        lines = lines[starts[0] + 1:ends[0]]
    kept = [l for l in lines if not MARKER_LINE.match(l)]
    return textwrap.dedent("\n".join(kept) + "\n").splitlines()


def is_marker(line, kind, name):
    match = MARKER_LINE.match(line)
    return bool(match) and match["kind"] == kind and match["name"] == name


def check_excerpt(root, block):
    """Raises DocError if the block's body is not its source excerpt."""
    try:
        expected = read_excerpt(root, block.source)
    except (FileNotFoundError, LookupError) as e:
        raise DocError(block.line, str(e)) from None
    if block.body != expected:
        diff = difflib.unified_diff(block.body, expected, "in the chapter",
                                    f"in {block.source}", lineterm="", n=1)
        raise DocError(block.line, f"excerpt differs from {block.source}; run "
                       "`bazel run //docs:sync_excerpts` to update it\n"
                       + indent("\n".join(list(diff)[:40])))


def sync_excerpts(root, relative_path):
    """Rewrites every `source=` block of one file; returns the errors."""
    md_path = os.path.join(root, relative_path)
    lines = read_lines(md_path)
    blocks, problems = parse_blocks(lines)
    # From the end, so that earlier blocks keep their line numbers.
    for block in reversed([b for b in blocks if b.source]):
        try:
            lines[block.first:block.last] = read_excerpt(root, block.source)
        except (FileNotFoundError, LookupError) as e:
            problems.append(DocError(block.line, str(e)))
    problems.sort(key=lambda e: e.line)
    errors = [f"{relative_path}:{e.line}: {e.message}" for e in problems]
    new_text = "\n".join(lines) + "\n"
    with open(md_path, encoding="utf-8") as f:
        if f.read() == new_text:
            return errors
    with open(md_path, "w", encoding="utf-8") as f:
        f.write(new_text)
    print(f"updated {relative_path}")
    return errors


# ---- Running shell blocks ---------------------------------------------------

def parse_command(line):
    """Splits a `sh run` line into (command, expected exit code, background)."""
    expected_exit = 0
    exits = EXPECTED_EXIT.search(line)
    if exits:
        expected_exit = int(exits["code"])
        line = line[:exits.start()].rstrip()
    background = bool(BACKGROUND.search(line))
    if background:
        line = line[:-1].rstrip()
    return line, expected_exit, background


def rewrite_bazel_run(command, root):
    """`./bazelw run //pkg:name -- args` -> `<runfiles>/pkg/name args`, any
    leading VAR=value assignments kept in front."""
    env, command = ENV_PREFIX.match(command).group("env", "rest")
    if not BAZEL_RUN.match(command):
        return env + command
    match = BAZEL_RUN_TARGET.match(command)
    if not match:
        raise ValueError("write it as `./bazelw run //package:target [-- args...]`")
    # //pkg is short for //pkg:<last part of pkg>, as in Bazel.
    name = match["name"] or os.path.basename(match["package"])
    label = f"//{match['package']}:{name}"
    binary = os.path.join(root, match["package"], name)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        raise ValueError(f"{label} is not in the data of //docs:docs_test: "
                         "add it to `data` in docs/BUILD")
    return env + shlex.quote(binary) + match["args"]


def tail(text, lines=15):
    """The end of a command's output, for error messages."""
    return indent("\n".join(text.rstrip().splitlines()[-lines:]) or "(nothing)")


def read_log(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def indent(text):
    return textwrap.indent(text, "    | ", lambda _: True)


def kill_group(process, sig):
    # Each command runs in its own process group, so that a pipeline or a
    # shell's children get the signal too.
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


class BackgroundProcess:
    """A server started by a line ending in ` &`, logging to files."""

    def __init__(self, line_number, text, command, cwd, log_dir):
        self.line = line_number
        self.text = text
        self.stdout = os.path.join(log_dir, f"line{line_number}.out")
        self.stderr = os.path.join(log_dir, f"line{line_number}.err")
        with open(self.stdout, "w") as out, open(self.stderr, "w") as err:
            # `exec` so that the signal reaches the server, not a shell.
            self.process = subprocess.Popen(
                ["bash", "-c", "exec " + command], cwd=cwd, stdin=subprocess.DEVNULL,
                stdout=out, stderr=err, start_new_session=True)

    def wait_until_ready(self):
        """Returns once the server has said it listens; raises DocError if it
        exits or stays silent (and then kills it)."""
        deadline = time.monotonic() + READY_TIMEOUT_S
        while READY_TEXT not in read_log(self.stdout):
            if self.process.poll() is not None:
                problem = f"exited with code {self.process.returncode}"
            elif time.monotonic() > deadline:
                problem = f"was still silent after {READY_TIMEOUT_S} s"
                kill_group(self.process, signal.SIGKILL)
                self.process.wait()
            else:
                time.sleep(0.05)  # Servers start in well under a second.
                continue
            raise DocError(self.line, f"`{self.text}` {problem} before printing "
                           f"{READY_TEXT!r}; its stderr:\n{tail(read_log(self.stderr))}")

    def stop(self):
        """SIGTERM; returns an error message unless it exits 0 in time."""
        if self.process.poll() is not None:
            return (f"`{self.text}` exited with code {self.process.returncode} "
                    f"before the end of the block; its stderr:\n{tail(read_log(self.stderr))}")
        kill_group(self.process, signal.SIGTERM)
        try:
            code = self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            kill_group(self.process, signal.SIGKILL)
            self.process.wait()
            return f"`{self.text}` did not exit within {STOP_TIMEOUT_S} s of SIGTERM"
        if code != 0:
            return (f"`{self.text}` exited with code {code} after SIGTERM, "
                    f"expected 0; its stderr:\n{tail(read_log(self.stderr))}")
        return None


def run_foreground(line_number, text, command, cwd, expected_exit):
    """Runs one command; returns its stdout or raises DocError."""
    process = subprocess.Popen(
        ["bash", "-c", command], cwd=cwd, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=COMMAND_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        kill_group(process, signal.SIGKILL)
        process.communicate()
        raise DocError(line_number, f"`{text}` did not finish within "
                       f"{COMMAND_TIMEOUT_S} s") from None
    if process.returncode != expected_exit:
        hint = "" if expected_exit else " (if that is intended, end the line with `# exits N`)"
        raise DocError(line_number, f"`{text}` exited with code {process.returncode}, "
                       f"expected {expected_exit}{hint}\nstdout:\n{tail(stdout)}\n"
                       f"stderr:\n{tail(stderr)}")
    return stdout


def run_shell_block(root, block):
    """Runs a `sh run` block; returns (stdout of its foreground commands, errors).

    It stops at the first command that fails; a background process that does
    not shut down cleanly is an error too.
    """
    stdout = []
    background = []
    errors = []
    with tempfile.TemporaryDirectory(prefix="docs_check_") as log_dir:
        try:
            for offset, raw in enumerate(block.body):
                text = raw.strip()
                if not text or text.startswith("#"):
                    continue
                line_number = block.line + 1 + offset
                command, expected_exit, in_background = parse_command(text)
                try:
                    command = rewrite_bazel_run(command, root)
                except ValueError as e:
                    raise DocError(line_number, str(e)) from None
                if in_background:
                    server = BackgroundProcess(line_number, text, command, root, log_dir)
                    server.wait_until_ready()
                    background.append(server)
                else:
                    stdout.append(run_foreground(line_number, text, command, root,
                                                 expected_exit))
        except DocError as e:
            errors.append(e)
        finally:
            # Stop every server, even after a failure, so that the next block
            # finds its port free.
            for server in background:
                message = server.stop()
                if message:
                    errors.append(DocError(server.line, message))
    return "".join(stdout), errors


def normalized(lines):
    """Lines without trailing whitespace and without trailing blank lines."""
    lines = [l.rstrip() for l in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


# ---- What the prose names -----------------------------------------------------

# The folders a repository path in the prose starts with.
TOP_FOLDERS = ("bazel", "bindings", "common", "docs", "examples", "exercises",
               "meter-demo", "pi-demo", "protos", "third_party", "tests", "web", "tools")
INLINE_CODE = re.compile(r"`([^`\n]+)`")
REPO_PATH = re.compile(r"^(?:\./)?(?:%s)/[\w./-]*$" % "|".join(TOP_FOLDERS))
RELATIVE_LINK = re.compile(r"\]\((?!https?:|#|mailto:)([^)#\s]+)")
LABEL = re.compile(r"(?<![\w/@:])//([\w./-]*)(?::([\w.+/-]+))?")


# What exercise() (exercises/exercise.bzl) makes.
EXERCISE_TARGETS = ("exercise_test", "solution_test", "starter", "solution",
                    "interface", "test_cases", "proto", "cc_proto", "cc_grpc", "srcs")


def label_exists(root, package, name):
    """Whether //package:name is a target (or a file) of a package that the
    test's runfiles hold."""
    build = os.path.join(root, package, "BUILD")
    if not os.path.isfile(build):
        return False
    name = name or os.path.basename(package)
    if os.path.exists(os.path.join(root, package, name)):
        return True
    with open(build, encoding="utf-8") as f:
        text = f.read()
    if re.search(r'\bname\s*=\s*"%s"' % re.escape(name), text):
        return True
    # Names the project's macros make: pybind_extension(name = "_x") makes
    # _x.so; program_conventions_tests makes <program>_conventions_test;
    # cc_grpc_library(name = "x", mocks = True) makes x_mock.
    if name.endswith("_mock") and "mocks = True" in text and re.search(
            r'\bname\s*=\s*"%s"' % re.escape(name[:-len("_mock")]), text):
        return True
    if "exercise(" in text and name in EXERCISE_TARGETS:
        return True
    if name.endswith(".so") and re.search(
            r'pybind_extension\(\s*name\s*=\s*"%s"' % re.escape(name[:-3]), text):
        return True
    program = name[:-len("_conventions_test")]
    return (name.endswith("_conventions_test") and "program_conventions_tests(" in text
            and re.search(r'\(\s*"[^"]*[:/]%s",' % re.escape(program), text) is not None)


def check_references(root, relative_path, lines, blocks):
    """DocErrors for repository paths and Bazel labels the chapter names that
    do not exist. Fenced blocks are left to the excerpt and run checks."""
    in_block = set()
    for block in blocks:
        in_block.update(range(block.first - 1, block.last + 1))
    chapter_dir = os.path.dirname(relative_path)
    problems = []
    for number, line in enumerate(lines):
        if number in in_block:
            continue
        for code in INLINE_CODE.findall(line):
            code = code.strip()
            if REPO_PATH.match(code) and not os.path.exists(
                    os.path.join(root, code.rstrip("/"))):
                problems.append(DocError(number + 1, f"`{code}` does not exist (or is "
                                         "not in the data of //docs:docs_test)"))
        for target in RELATIVE_LINK.findall(line):
            path = os.path.normpath(os.path.join(chapter_dir, target))
            if not os.path.exists(os.path.join(root, path)):
                problems.append(DocError(number + 1, f"the link {target} leads nowhere"))
        for package, name in LABEL.findall(line):
            package = package.rstrip("/.")
            name = name.rstrip(".")  # the full stop of a sentence
            if not package and not name:
                continue  # `//` on its own, as in "comments start with //"
            if package.endswith("..."):
                package = package[:-3].rstrip("/")
                if not os.path.isdir(os.path.join(root, package)):
                    problems.append(DocError(number + 1, f"//{package}/... does not exist"))
                continue
            if not label_exists(root, package, name):
                label = f"//{package}" + (f":{name}" if name else "")
                problems.append(DocError(number + 1, f"{label} is not a target (or is not "
                                         "in the data of //docs:docs_test)"))
    return problems


STOP_HINT = re.compile(r"kill %\d|Ctrl-C")


def check_stop_hints(lines, blocks):
    """DocErrors for `sh run` blocks that leave a server running without the
    prose after them saying how to stop it."""
    problems = []
    runs = [b for b in blocks if b.run]
    for i, block in enumerate(runs):
        if not any(BACKGROUND.search(line.strip()) for line in block.body):
            continue
        until = runs[i + 1].first - 1 if i + 1 < len(runs) else len(lines)
        if not STOP_HINT.search("\n".join(lines[block.last + 1:until])):
            problems.append(DocError(block.line, "this session leaves a server running: "
                                     "say how to stop it (`kill %1`, or Ctrl-C) before "
                                     "the next session"))
    return problems


# ---- Checking a chapter -----------------------------------------------------

def check_chapter(root, relative_path, run_commands=True):
    """Checks one Markdown file; errors read `path:line: message`."""
    result = Result()
    lines = read_lines(os.path.join(root, relative_path))
    blocks, problems = parse_blocks(lines)
    problems += check_references(root, relative_path, lines, blocks)
    problems += check_stop_hints(lines, blocks)
    for i, block in enumerate(blocks):
        previous = blocks[i - 1] if i > 0 else None
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.source:
            result.excerpts += 1
            try:
                check_excerpt(root, block)
            except DocError as e:
                problems.append(e)
        elif block.output and not (previous and previous.run):
            problems.append(DocError(
                block.line, "a `text output` block must come right after a `sh run` block"))
        elif block.run and run_commands:
            result.run_blocks += 1
            stdout, block_problems = run_shell_block(root, block)
            problems += block_problems
            # The output of a failed block would only repeat the failure.
            if following and following.output and not block_problems:
                result.output_blocks += 1
                try:
                    check_output(following, stdout)
                except DocError as e:
                    problems.append(e)
    problems.sort(key=lambda e: e.line)
    result.errors = [f"{relative_path}:{e.line}: {e.message}" for e in problems]
    return result


def check_output(block, stdout):
    """Raises DocError unless a `text output` block shows `stdout`."""
    expected = normalized(block.body)
    actual = normalized(stdout.splitlines())
    if actual != expected:
        diff = difflib.unified_diff(expected, actual, "in the chapter", "printed now",
                                    lineterm="", n=2)
        raise DocError(block.line, "the commands above printed something else:\n"
                       + indent("\n".join(diff)))


def check_docs(root, relative_paths, run_commands=True):
    """Checks Markdown files given relative to `root`."""
    result = Result()
    for relative_path in relative_paths:
        result.add(check_chapter(root, relative_path, run_commands))
    return result


def chapters(root):
    """The chapters and docs/README.md, the repository's README.md, then the
    exercises' READMEs."""
    docs = os.path.join(root, "docs")
    exercises = os.path.join(root, "exercises")
    readmes = sorted(os.path.relpath(os.path.join(folder, "README.md"), root)
                     for folder, _, names in os.walk(exercises) if "README.md" in names)
    return sorted(os.path.join("docs", name) for name in os.listdir(docs)
                  if name.endswith(".md")) + ["README.md"] + readmes


def main():
    """`bazel run //docs:sync_excerpts`: rewrites the excerpts in place."""
    root = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    if not root:
        print("run me with `bazel run //docs:sync_excerpts`", file=sys.stderr)
        return 2
    errors = []
    for relative_path in chapters(root):
        errors += sync_excerpts(root, relative_path)
    for message in errors:
        print(message, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
