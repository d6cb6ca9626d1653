#!/bin/bash
# Stands in for a gRPC server in the docs checker's own tests: prints the line
# the checker waits for, then exits with code $1 on SIGTERM.
trap 'exit "$1"' TERM
echo "fake server listening on nowhere"
while true; do sleep 0.1; done
