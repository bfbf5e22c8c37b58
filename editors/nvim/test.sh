#!/usr/bin/env bash
# The editor set-ups, tested against the real server:
#  1. editors/vscode/check.py: the VS Code extension's files (no npm needed);
#  2. Neovim (Debian's package, installed here if missing) headless, with
#     editors/nvim/campaign.lua, on a temporary copy of the examples plus two files:
#     it attaches, waits for a diagnostic, asks for completion, hover and a quick fix,
#     formats a badly formatted file and compares it with `campaign fmt`, runs the code
#     lens on the examples' data and compares it with `campaign plan`, and shuts the
#     server down (editors/nvim/test.lua says what each step expects); then, with
#     vim.lsp.start replaced by a recorder, that campaign.lua's branch for Neovim 0.8+
#     calls it as 0.8 expects (editors/nvim/start_test.lua).
#
# CAMPAIGN=/path/to/campaign uses that binary; otherwise this builds one with
# `swift build --product campaign` (debug). Every wait is bounded: the whole Neovim run
# is killed after CAMPAIGN_TEST_SECONDS (default 300). Exit status 0 when everything
# passed, 1 with the failing step named otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."

python3 editors/vscode/check.py

if ! command -v nvim >/dev/null 2>&1; then
  # Like any CI step on a fresh Debian or Ubuntu image: as root, or through sudo.
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "editors/nvim/test.sh: installing neovim with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q neovim >/dev/null \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q neovim >/dev/null; }
fi
nvim --version | head -1

if [ -z "${CAMPAIGN:-}" ]; then
  swift build --product campaign
  CAMPAIGN="$(swift build --show-bin-path)/campaign"
fi
CAMPAIGN="$(cd "$(dirname "$CAMPAIGN")" && pwd)/$(basename "$CAMPAIGN")"
if [ ! -x "$CAMPAIGN" ]; then
  echo "editors/nvim/test.sh: $CAMPAIGN is not an executable" >&2
  exit 1
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
project="$scratch/project"
mkdir "$project"
cp examples/*.campaign "$project/"
cp -R examples/data "$project/data"
# A project's root for campaign.lua (the temporary folder has no .git). It names no sample
# data: the code lens must get it from campaign.lua's initializationOptions.
echo '{}' > "$project/.campaign-lsp.json"

# One error: E0102 at 5:12, with a fix-it that writes `sms_opt_in`.
cat > "$project/broken.campaign" <<'EOF'
import "schema.campaign"

# An audience that names a field the schema does not declare.
campaign broken_sms {
  audience sms_optin and not loyal
  trigger 30d after last(purchase)

  send sms hello { text "Hi {{ first_name | default: 'there' }}" }
}
EOF

# Valid, in no canonical layout at all.
cat > "$project/messy.campaign" <<'EOF'
import   "schema.campaign"
campaign   messy_sms{
audience sms_opt_in   and not loyal
    trigger 30d after last( purchase )
send sms  hi { text "Hi {{ first_name | default: 'there' }}" }
  wait 3d
if not clicked(hi){ send sms again { text "Still there?" } }
}
EOF
"$CAMPAIGN" fmt "$project/messy.campaign" > "$scratch/messy.formatted"
if cmp -s "$project/messy.campaign" "$scratch/messy.formatted"; then
  echo "editors/nvim/test.sh: messy.campaign is already formatted; the formatting step would prove nothing" >&2
  exit 1
fi

# What the code lens must count: `campaign plan` on the examples alone (the project on disk
# holds broken.campaign, which the test fixes only in its buffer).
cp -R examples "$scratch/examples"
CAMPAIGN_PLAN="$("$CAMPAIGN" plan "$scratch/examples" --campaign winback_sms \
  --customers examples/data/customers.csv --events examples/data/events.csv \
  --from 2026-04-01 --to 2027-01-01 --format csv | python3 -c '
import collections, csv, sys
actions = collections.Counter(row["action"] for row in csv.DictReader(sys.stdin))
print(actions["enter"], actions["send"], actions["suppress"])')"

# Neovim's own files (its LSP log holds the server's standard error) in the scratch folder.
for folder in config data state cache; do mkdir -p "$scratch/xdg/$folder"; done
status=0
XDG_CONFIG_HOME="$scratch/xdg/config" XDG_DATA_HOME="$scratch/xdg/data" \
  XDG_STATE_HOME="$scratch/xdg/state" XDG_CACHE_HOME="$scratch/xdg/cache" \
  CAMPAIGN="$CAMPAIGN" CAMPAIGN_PROJECT="$project" CAMPAIGN_FORMATTED="$scratch/messy.formatted" \
  CAMPAIGN_PLAN="$CAMPAIGN_PLAN" \
  timeout --kill-after=10 "${CAMPAIGN_TEST_SECONDS:-300}" \
  nvim --headless -u NONE -i NONE -n -c "luafile editors/nvim/test.lua" </dev/null || status=$?

# The branch of campaign.lua for Neovim 0.8+ (vim.lsp.start), with that function recorded.
if [ "$status" -eq 0 ]; then
  XDG_CONFIG_HOME="$scratch/xdg/config" XDG_DATA_HOME="$scratch/xdg/data" \
    XDG_STATE_HOME="$scratch/xdg/state" XDG_CACHE_HOME="$scratch/xdg/cache" CAMPAIGN_PROJECT="$project" \
    timeout --kill-after=10 60 nvim --headless -u NONE -i NONE -n -c "luafile editors/nvim/start_test.lua" </dev/null \
    || status=$?
fi

if [ "$status" -ne 0 ]; then
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "editors/nvim/test.sh: Neovim did not finish in ${CAMPAIGN_TEST_SECONDS:-300} s" >&2
  fi
  log="$(find "$scratch/xdg" -name 'lsp.log' | head -1)"
  if [ -n "$log" ]; then
    echo "--- the end of Neovim's LSP log ($log), with the server's standard error:" >&2
    tail -n 40 "$log" >&2
  fi
  echo "editors/nvim/test.sh: FAILED (status $status)" >&2
  exit 1
fi
echo "editors/nvim/test.sh: passed"
