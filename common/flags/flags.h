// The command line of every program here, on top of Abseil flags, as a user
// expects a Unix program to behave:
//
//   prog --help           prints the program's usage and its own flags (not
//                         Abseil's) on stdout and exits 0; -h is the same
//   prog --prot=1         "prog: unknown flag --prot (did you mean --port?)",
//                         exit code 2, as for every usage error
//   prog --port=70000     "prog: --port=70000: a port is a number from 0 to
//                         65535", exit code 2
//   prog divide -17 5     a negative number is an argument, not a flag
//   prog -- -x            everything after "--" is an argument
//
// Abseil's --flagfile, --fromenv and --tryfromenv are refused (they would
// apply after, and so override, the flags on the command line); --helpfull
// still lists every flag, Abseil's own included. Flags set here count as
// set by the program, not "on the command line", for Abseil's reflection.
//
// Why not absl::ParseCommandLine() alone: Abseil 2022's --help lists only
// the flags defined in a file named like the program (so a program whose
// flags live in a shared file prints "No flags matched."), and it exits 1
// for --help and for usage errors. ParseFlags() looks each flag up in
// Abseil's registry and sets it through Abseil's own parser
// (CommandLineFlag::ParseFrom), so flag types, defaults and values stay
// Abseil's.
#ifndef COMMON_FLAGS_FLAGS_H_
#define COMMON_FLAGS_FLAGS_H_

#include <absl/strings/numbers.h>
#include <absl/strings/string_view.h>

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace common {

// The exit code of a usage error (a bad flag or argument), as in the BSD
// and GNU tools: 2.
inline constexpr int kUsageErrorExitCode = 2;

// Parses the command line. `usage` is what --help prints before the flags:
// a line that says what the program does, then "Usage: ..." lines. Returns
// the arguments that are not flags, argv[0] first. Exits for --help (0) and
// for usage errors (2).
std::vector<std::string> ParseFlags(int argc, char** argv,
                                    std::string_view usage);

// Prints "<program>: <message>" and "Try '<program> --help'." on stderr and
// exits with kUsageErrorExitCode. For errors in arguments found after
// ParseFlags(), such as a missing command.
[[noreturn]] void ExitWithUsageError(std::string_view message);

// What --help prints: `usage`, then each of the program's flags with its
// default and help text.
std::string HelpText(std::string_view usage);

// `text`, an argument found after ParseFlags(), as an integer of type T (a
// whole number that fits); else a usage error naming `what`.
template <typename T>
T IntegerArgument(const std::string& text, std::string_view what) {
  T value = 0;
  if (!absl::SimpleAtoi(text, &value)) {
    ExitWithUsageError(std::string(what) + ": '" + text +
                       "' is not a whole number from " +
                       std::to_string(std::numeric_limits<T>::min()) + " to " +
                       std::to_string(std::numeric_limits<T>::max()));
  }
  return value;
}

// `value`, the value of the integer flag --`flag`, if it is at least
// `minimum`; else a usage error "--flag=VALUE: at least MINIMUM".
int AtLeast(int minimum, int value, std::string_view flag);

// The program's name as ParseFlags() found it in argv[0] ("sync_server").
const std::string& ProgramName();

// Exits with a usage error naming `flag` if `target` (a gRPC target such as
// "localhost:50051") ends in a port outside 0 to 65535: gRPC itself would
// take the number modulo 65536 and call some other port. Targets with a
// scheme ("unix:", "unix-abstract:", "dns:///...", "ipv4:...") are left to
// gRPC.
void CheckTargetFlag(std::string_view flag, const std::string& target);

// A TCP port given as a flag: ABSL_FLAG(common::Port, port,
// common::Port{50051}, ...). Values outside 0 to 65535 are a usage error naming
// the flag; what 0 means (any free port, for a server) is for the flag's help
// to say.
struct Port {
  int value = 0;
};
bool AbslParseFlag(absl::string_view text, Port* port, std::string* error);
std::string AbslUnparseFlag(Port port);

}  // namespace common

#endif  // COMMON_FLAGS_FLAGS_H_
