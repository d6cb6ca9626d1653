"""argparse with the project's command-line conventions (those of the C++
programs, common/flags/flags.h): a mistyped flag is a usage error (exit 2)
that names the flag meant, and no flag is taken by an abbreviation.

    parser = cli_args.ArgumentParser(description="...")
"""

import argparse
import difflib
import sys


class ArgumentParser(argparse.ArgumentParser):

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(**kwargs)

    def error(self, message):
        # "unrecognized arguments: --servr=x": say which flag was meant.
        prefix = "unrecognized arguments: "
        if message.startswith(prefix):
            known = [option for action in self._actions for option in action.option_strings]
            for word in message[len(prefix):].split():
                name = word.split("=", 1)[0]
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
                if name.startswith("-"):
                    message = f"unknown flag {name}" + (
                        f" (did you mean {close[0]}?)" if close else "")
                    break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {message}\nTry '{self.prog} --help'.\n")
