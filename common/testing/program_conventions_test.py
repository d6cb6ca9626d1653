"""Checks that a program keeps the command-line conventions of this project
(common/flags/flags.h): --help prints its usage and its own flags and exits
0; a mistyped flag is a usage error (exit 2) that names the flag meant; a
port outside 0 to 65535 is refused naming its flag.

    program_conventions_test.py PROGRAM --flags=a,b,c [--port_flags=port]

Every package runs it on its own programs (py_test in its BUILD file).
"""

import argparse
import subprocess
import sys
import unittest

TIMEOUT_S = 30


def run(*args):
    return subprocess.run([PROGRAM, *args], capture_output=True, text=True,
                          timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)


class ProgramConventionsTest(unittest.TestCase):

    def test_help_lists_the_programs_own_flags_and_exits_0(self):
        for help_flag in ("--help", "-h"):
            result = run(help_flag)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("usage:", result.stdout.lower())
            self.assertNotIn("No flags matched", result.stdout)
            for flag in FLAGS:
                self.assertIn(f"--{flag}", result.stdout, f"{flag} missing from --help")

    def test_an_unknown_flag_is_a_usage_error(self):
        result = run("--no_such_flag_at_all=1")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("--no_such_flag_at_all", result.stderr)
        self.assertIn("--help", result.stderr)

    def test_a_mistyped_flag_suggests_the_real_one(self):
        for flag in FLAGS:
            if len(flag) < 4:
                continue
            typo = flag[:-2] + flag[-1]  # one letter dropped
            with self.subTest(typo=typo):
                result = run(f"--{typo}=1")
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(f"did you mean --{flag}?", result.stderr)

    def test_ports_outside_the_range_are_refused_naming_the_flag(self):
        for flag in PORT_FLAGS:
            with self.subTest(flag=flag):
                result = run(f"--{flag}=70000")
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(f"--{flag}=70000: a port is a number from 0 to 65535",
                              result.stderr)


def main():
    global PROGRAM, FLAGS, PORT_FLAGS
    parser = argparse.ArgumentParser()
    parser.add_argument("program")
    parser.add_argument("--flags", required=True)
    parser.add_argument("--port_flags", default="")
    args, rest = parser.parse_known_args()
    PROGRAM = args.program
    FLAGS = [f for f in args.flags.split(",") if f]
    PORT_FLAGS = [f for f in args.port_flags.split(",") if f]
    unittest.main(argv=[sys.argv[0]] + rest)


if __name__ == "__main__":
    main()
