# Sourced by the demos' launcher scripts: start_server NAME COMMAND... runs a
# server in the background, shows its output, and returns once it prints
# "listening on ADDRESS" (waiting on its output, not on a timer). Sets
# $address to ADDRESS and appends the server's pid to the array $server_pids.
# Needs $server_fifo_dir, an existing private directory.
start_server() {
  local fifo="$server_fifo_dir/$1" line fd
  local name="$1"
  shift
  rm -f "$fifo"
  mkfifo "$fifo"
  "$@" >"$fifo" 2>&1 &
  server_pids+=($!)
  exec {fd}<"$fifo"
  address=""
  while IFS= read -r line <&"$fd"; do
    echo "$line"
    if [[ "$line" == *"listening on "* ]]; then
      address="${line##*listening on }"
      break
    fi
  done
  if [[ -z "$address" ]]; then
    echo "$name did not start" >&2
    return 1
  fi
  cat <&"$fd" &  # keep showing its log
}

# Stops the servers started with start_server (SIGTERM: background children
# of a script ignore SIGINT) and waits for them.
stop_servers() {
  if ((${#server_pids[@]})); then
    kill -TERM "${server_pids[@]}" 2>/dev/null || true
    wait "${server_pids[@]}" 2>/dev/null || true
  fi
  server_pids=()
}
