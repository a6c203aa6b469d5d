#!/usr/bin/env bash
# Build the Linux one-folder bundle (dist/payout-desk/) and smoke-test it headless.
#
#   installer/build_linux.sh              build, smoke-test, pack dist/payout-desk-VERSION-linux-ARCH.tar.gz
#   installer/build_linux.sh --smoke-only test an existing dist/payout-desk
#
# The smoke test runs the bundled executable in a clean environment (no venv, no PYTHONPATH,
# an empty HOME, Qt offscreen): `--version`, `--self-test` (a temporary store, a tiny payout
# run, a PDF statement, Qt started; must leave HOME empty), then `demo` and `statements` for a
# whole run (the PDF worker pool). Exit code 0 only when the bundle built and all passed.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/payout-desk
if [ "${1:-}" != "--smoke-only" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install -q -e '.[build]'
  started=$(date +%s)
  .venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
    --workpath build/pyinstaller installer/payout_desk.spec
  echo "built $bundle in $(( $(date +%s) - started )) s, $(du -sh "$bundle" | cut -f1)"
  install -m 644 installer/payout-desk.desktop "$bundle/payout-desk.desktop"
  install -m 644 resources/icons/payout-desk.png "$bundle/payout-desk.png"
  install -m 755 installer/install_linux.sh "$bundle/install.sh"
fi

home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
smoke() {
  env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen ${data:+PAYOUT_DESK_DATA_DIR="$data"} \
    "$bundle/payout-desk" "$@"
}
data=""
version="$(smoke --version)"
echo "smoke: $version"
smoke --self-test
[ -z "$(ls -A "$home")" ] || { echo "smoke: the self-test wrote into HOME: $(ls -A "$home")" >&2; exit 1; }
# The demo store and a full statement export (40 PDFs: the worker-process pool in the bundle).
data="$home/data"
smoke demo --database "$home/demo.sqlite" >/dev/null 2>&1
smoke statements 1 --database "$home/demo.sqlite" --out "$home/statements" --quiet
echo "smoke: demo store and statements ok ($(ls "$home/statements" | wc -l) PDFs)"

if [ "${1:-}" != "--smoke-only" ]; then
  archive="dist/payout-desk-${version##* }-linux-$(uname -m).tar.gz"
  tar -C dist -czf "$archive" payout-desk
  echo "packed $archive ($(du -h "$archive" | cut -f1))"
fi
