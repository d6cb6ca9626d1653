#!/bin/sh
echo "bazel coverage is not available offline: @remote_coverage_tools is a stub (see bazel/README.md)." >&2
exit 1
