#include "common/flags/flags.h"

#include <absl/flags/commandlineflag.h>
#include <absl/flags/parse.h>
#include <absl/flags/reflection.h>
#include <absl/flags/usage.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_split.h>
#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

namespace common {
namespace {

std::string& MutableProgramName() {
  static std::string* name = new std::string("program");
  return *name;
}

// Abseil's own flags (--flagfile, --helpfull, ...) are left to Abseil's
// parser, and --help does not list them.
bool IsAbseilFlag(const absl::CommandLineFlag& flag) {
  return flag.Filename().find("absl/") != std::string::npos;
}

// The help flags Abseil handles itself (they are not registered flags).
bool IsAbseilHelpFlag(std::string_view name) {
  for (std::string_view help :
       {"helpfull", "helpshort", "helppackage", "helpon", "helpmatch",
        "version", "only_check_args"}) {
    if (name == help) return true;
  }
  return false;
}

// The flags --help lists, by name.
std::map<std::string, const absl::CommandLineFlag*> OwnFlags() {
  std::map<std::string, const absl::CommandLineFlag*> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (!flag->IsRetired() && !IsAbseilFlag(*flag)) {
      flags.emplace(std::string(name), flag);
    }
  }
  return flags;
}

// Levenshtein distance, for "did you mean".
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " (did you mean --port?)" for the closest flag, if one is close enough.
std::string Suggestion(std::string_view name) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& [candidate, flag] : OwnFlags()) {
    const size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best.empty() ? "" : " (did you mean --" + best + "?)";
}

bool IsInteger(const absl::CommandLineFlag& flag) {
  return flag.IsOfType<int>() || flag.IsOfType<int64_t>() ||
         flag.IsOfType<int32_t>() || flag.IsOfType<uint32_t>() ||
         flag.IsOfType<uint64_t>();
}

// Abseil says "Illegal value '<value>' specified for flag '<name>'", then
// "; <why>" if the type's parser said why. Our message names the flag and
// the value already: keep the why, or say what the value should have been.
std::string WhyBadValue(const absl::CommandLineFlag& flag,
                        const std::string& error) {
  if (error.rfind("Illegal value", 0) != 0) return error;
  const std::string prefix =
      "specified for flag '" + std::string(flag.Name()) + "'; ";
  if (size_t why = error.find(prefix); why != std::string::npos) {
    return error.substr(why + prefix.size());
  }
  if (flag.IsOfType<bool>()) return "not true or false";
  if (IsInteger(flag)) return "not a whole number (or out of its range)";
  if (flag.IsOfType<double>() || flag.IsOfType<float>()) return "not a number";
  return "not a valid value";
}

// "<int>", "<text>", ...: what a flag's value looks like, for --help.
std::string ValueHint(const absl::CommandLineFlag& flag) {
  if (flag.IsOfType<bool>()) return "";
  if (flag.IsOfType<Port>()) return "=<port>";
  if (IsInteger(flag)) return "=<int>";
  if (flag.IsOfType<double>() || flag.IsOfType<float>()) return "=<number>";
  return "=<text>";
}

// `text` wrapped to lines of at most `width` characters, each indented.
std::string Wrapped(const std::string& text, size_t indent, size_t width) {
  std::string out;
  std::string line;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
      out += std::string(indent, ' ') + line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += std::string(word);
  }
  if (!line.empty()) out += std::string(indent, ' ') + line + "\n";
  return out;
}

}  // namespace

std::string HelpText(std::string_view usage) {
  std::ostringstream out;
  out << usage;
  if (!usage.empty() && usage.back() != '\n') out << "\n";
  out << "\nFlags:\n";
  for (const auto& [name, flag] : OwnFlags()) {
    std::string default_value = flag->DefaultValue();
    if (flag->IsOfType<std::string>()) {
      default_value =
          default_value.empty() ? "none" : "\"" + default_value + "\"";
    }
    out << "  --" << name << ValueHint(*flag) << "  (default: " << default_value
        << ")\n"
        << Wrapped(flag->Help(), 6, 79);
  }
  out << "  --help\n      Show this help and exit.\n";
  return out.str();
}

namespace {

// "-17", "-0.5": an argument, not a flag.
bool IsNegativeNumber(std::string_view arg) {
  double ignored;
  return arg.size() > 1 && arg[0] == '-' &&
         absl::SimpleAtod(std::string(arg.substr(1)), &ignored) &&
         (std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.');
}

}  // namespace

const std::string& ProgramName() { return MutableProgramName(); }

void ExitWithUsageError(std::string_view message) {
  std::cerr << ProgramName() << ": " << message << "\nTry '" << ProgramName()
            << " --help'." << std::endl;
  std::exit(kUsageErrorExitCode);
}

std::vector<std::string> ParseFlags(int argc, char** argv,
                                    std::string_view usage) {
  const std::string argv0 = argc > 0 ? argv[0] : "program";
  MutableProgramName() = argv0.substr(argv0.rfind('/') + 1);
  // For Abseil's --helpfull; Abseil allows setting it once per process.
  static const bool usage_set =
      (absl::SetProgramUsageMessage(std::string(usage)), true);
  (void)usage_set;

  std::vector<std::string> arguments = {argv0};
  // What is left for Abseil's parser: its own flags only.
  std::vector<char*> abseil_args = {argc > 0 ? argv[0] : nullptr};
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") {
      for (++i; i < argc; ++i) arguments.emplace_back(argv[i]);
      break;
    }
    if (arg.size() < 2 || arg[0] != '-' || IsNegativeNumber(arg)) {
      arguments.emplace_back(arg);
      continue;
    }
    const std::string_view body = arg.substr(arg[1] == '-' ? 2 : 1);
    const size_t equals = body.find('=');
    std::string name(body.substr(0, equals));
    std::optional<std::string> value;
    if (equals != std::string_view::npos) value = body.substr(equals + 1);

    if (name == "help" || name == "h") {
      std::cout << HelpText(usage) << std::flush;
      std::exit(0);
    }
    if (IsAbseilHelpFlag(name)) {
      abseil_args.push_back(argv[i]);
      continue;
    }
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    bool negated = false;
    if (flag == nullptr && name.rfind("no", 0) == 0) {
      flag = absl::FindCommandLineFlag(name.substr(2));
      negated = flag != nullptr && flag->IsOfType<bool>();
      if (!negated) flag = nullptr;
    }
    if (flag == nullptr || flag->IsRetired()) {
      ExitWithUsageError("unknown flag --" + name + Suggestion(name));
    }
    if (IsAbseilFlag(*flag)) {
      // --flagfile and --fromenv would be applied after the flags above,
      // overriding what the command line says; these programs take their
      // flags from the command line only.
      ExitWithUsageError("--" + name + " is not supported here");
    }
    if (negated) {
      if (value) ExitWithUsageError("--" + name + " takes no value");
      value = "false";
    } else if (!value) {
      if (flag->IsOfType<bool>()) {
        value = "true";
      } else if (i + 1 < argc) {
        value = argv[++i];  // --port 50051
      } else {
        ExitWithUsageError("--" + name + " needs a value");
      }
    }
    std::string error;
    if (!flag->ParseFrom(*value, &error)) {
      ExitWithUsageError("--" + std::string(flag->Name()) + "=" + *value +
                         ": " + WhyBadValue(*flag, error));
    }
  }
  // Abseil's parser sees only its help flags now (--helpfull, ...), so it
  // finds nothing to complain about.
  absl::ParseCommandLine(static_cast<int>(abseil_args.size()),
                         abseil_args.data());
  return arguments;
}

int AtLeast(int minimum, int value, std::string_view flag) {
  if (value < minimum) {
    ExitWithUsageError("--" + std::string(flag) + "=" + std::to_string(value) +
                       ": at least " + std::to_string(minimum));
  }
  return value;
}

void CheckTargetFlag(std::string_view flag, const std::string& target) {
  const std::string where = "--" + std::string(flag) + "=" + target;
  // ipv4: a list of ADDRESS:PORT; gRPC would fail every call, one log line
  // each, on a bad one.
  if (target.rfind("ipv4:", 0) == 0) {
    const std::vector<std::string> addresses =
        absl::StrSplit(target.substr(5), ',');
    for (const std::string& address : addresses) {
      const size_t colon = address.rfind(':');
      in_addr ignored_address{};
      int port = 0;
      if (colon == std::string::npos ||
          inet_pton(AF_INET, address.substr(0, colon).c_str(),
                    &ignored_address) != 1 ||
          !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 1 ||
          port > 65535) {
        ExitWithUsageError(where + ": ipv4: takes IP:PORT,IP:PORT,... ('" +
                           address + "' is not one)");
      }
    }
    return;
  }
  if (target.find("://") != std::string::npos ||
      target.rfind("unix:", 0) == 0 || target.rfind("unix-abstract:", 0) == 0 ||
      target.rfind("ipv6:", 0) == 0 || target.rfind("dns:", 0) == 0) {
    return;
  }
  const size_t colon = target.rfind(':');
  const std::string port =
      colon == std::string::npos ? "" : target.substr(colon + 1);
  Port ignored;
  std::string error;
  if (port.empty() || target.back() == ']' ||
      !AbslParseFlag(port, &ignored, &error)) {
    if (port.empty() || target.back() == ']') {
      ExitWithUsageError(std::string("--") + std::string(flag) + "=" + target +
                         ": give the port too, as in localhost:50051");
    }
    ExitWithUsageError(std::string("--") + std::string(flag) + "=" + target +
                       ": " + error);
  }
}

bool AbslParseFlag(absl::string_view text, Port* port, std::string* error) {
  int value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < 0 || value > 65535) {
    *error = "a port is a number from 0 to 65535";
    return false;
  }
  port->value = value;
  return true;
}

std::string AbslUnparseFlag(Port port) { return std::to_string(port.value); }

}  // namespace common
