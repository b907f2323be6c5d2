#!/usr/bin/env bash
# One-command installer for Raspberry Pi OS / Debian. Not written yet: the "Install and operate"
# issue completes it. Until then it says so and changes nothing.
echo "install.sh is not implemented yet; see README.md (\"Running from source\") to run atmo-edge by hand." >&2
exit 2
