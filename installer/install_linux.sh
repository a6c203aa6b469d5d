#!/usr/bin/env bash
# Install the unpacked bundle for the current user: ~/.local/opt/payout-desk, a `payout-desk`
# command in ~/.local/bin, the menu entry and the icon. Run it from the unpacked folder.
# `install.sh --uninstall` removes them again (your stores in the data folder stay).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$HOME/.local/opt/payout-desk"
if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$target" "$HOME/.local/bin/payout-desk" "$prefix/applications/payout-desk.desktop" \
    "$prefix/icons/hicolor/256x256/apps/payout-desk.png"
  echo "Payout Desk removed (your data folder was kept)"
  exit 0
fi
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$prefix/applications" \
  "$prefix/icons/hicolor/256x256/apps"
[ "$here" = "$target" ] || { rm -rf "$target"; cp -a "$here" "$target"; }
ln -sf "$target/payout-desk" "$HOME/.local/bin/payout-desk"
sed "s|^Exec=.*|Exec=$target/payout-desk|" "$here/payout-desk.desktop" \
  >"$prefix/applications/payout-desk.desktop"
cp "$here/payout-desk.png" "$prefix/icons/hicolor/256x256/apps/payout-desk.png"
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/applications" || true
echo "Payout Desk installed: run 'payout-desk' or find it in your applications menu"
