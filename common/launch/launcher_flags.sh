# Sourced by the demos' launcher scripts: the command-line rules of the C++
# programs (common/flags/flags.h), in bash. Set $launcher (the program's name
# in messages, e.g. "meter-demo") before calling these.

# usage_error MESSAGE: "<launcher>: MESSAGE" and a hint on stderr, exit 2.
usage_error() {
  echo "$launcher: $1" >&2
  echo "Try '$launcher --help'." >&2
  exit 2
}

# check_port FLAG VALUE: a usage error unless VALUE is a port, 0 to 65535.
check_port() {
  if ! [[ "$2" =~ ^[0-9]{1,5}$ ]] || ((10#$2 > 65535)); then
    usage_error "$1=$2: a port is a number from 0 to 65535"
  fi
}

# unknown_flag ARG FLAG...: a usage error for ARG, naming the closest of the
# known FLAGs if one is close ("did you mean --http_port?").
unknown_flag() {
  local arg="$1" name="${1%%=*}" flag
  shift
  for flag in "$@"; do
    # A known flag without its value (the launchers take --flag=VALUE only).
    if [[ "$arg" == "$flag" && "$flag" != --help ]]; then
      usage_error "$flag needs a value: $flag=VALUE"
    fi
  done
  local closest
  closest=$(printf '%s\n' "$@" | awk -v word="$name" '
    # Levenshtein distance, as common/flags does for the C++ programs.
    function distance(a, b,    i, j, n, m, cost, d) {
      n = length(a); m = length(b)
      for (i = 0; i <= n; i++) d[i, 0] = i
      for (j = 0; j <= m; j++) d[0, j] = j
      for (i = 1; i <= n; i++)
        for (j = 1; j <= m; j++) {
          cost = substr(a, i, 1) == substr(b, j, 1) ? 0 : 1
          d[i, j] = d[i - 1, j] + 1
          if (d[i, j - 1] + 1 < d[i, j]) d[i, j] = d[i, j - 1] + 1
          if (d[i - 1, j - 1] + cost < d[i, j]) d[i, j] = d[i - 1, j - 1] + cost
        }
      return d[n, m]
    }
    BEGIN { limit = int((length(word) - 2) / 3); if (limit < 2) limit = 2; best = limit + 1 }
    { x = distance(word, $0); if (x < best) { best = x; found = $0 } }
    END { if (found != "") print found }')
  # --port where the launcher has --grpc_port and --http_port: name both.
  local suffixed=()
  for flag in "$@"; do
    [[ "$flag" == --*_"${name#--}" ]] && suffixed+=("$flag")
  done
  if ((${#suffixed[@]})); then
    local joined
    joined=$(printf ' or %s' "${suffixed[@]}")
    closest=${joined# or }
  fi
  if [[ "$arg" != -* ]]; then
    usage_error "unexpected argument '$arg' (the launcher takes only flags)"
  elif [[ -n "$closest" ]]; then
    usage_error "unknown flag $name (did you mean $closest?)"
  else
    usage_error "unknown flag $name"
  fi
}
