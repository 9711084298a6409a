#!/usr/bin/env bash
# The steps of dcycle's GitHub Action (action.yml), one per subcommand:
#
#   install  downloads the release binary of DCYCLE_VERSION for the runner
#            (RUNNER_OS, RUNNER_ARCH), checks it against the release's
#            checksums file, and puts it on the job's PATH (GITHUB_PATH);
#            DCYCLE_DOWNLOAD_URL replaces the release's download folder.
#   lint     runs dcycle lint DCYCLE_ARGS with annotations (--format github),
#            writes every finding to the job summary (GITHUB_STEP_SUMMARY)
#            and their number to the step's outputs (GITHUB_OUTPUT), and
#            fails as lint does (DCYCLE_FAIL_ON, default warning).
set -euo pipefail

fail() {
  echo "::error title=dcycle::$*"
  exit 1
}

install() {
  local version=${DCYCLE_VERSION#v} os arch ext=""
  [ -n "$version" ] || fail "no dcycle version to install"
  case "${RUNNER_OS:-}" in
    Linux) os=linux ;;
    macOS) os=darwin ;;
    Windows) os=windows ext=.exe ;;
    *) fail "no dcycle release for the runner system '${RUNNER_OS:-}'" ;;
  esac
  case "${RUNNER_ARCH:-}" in
    X64) arch=amd64 ;;
    ARM64) arch=arm64 ;;
    *) fail "no dcycle release for the runner processor '${RUNNER_ARCH:-}'" ;;
  esac
  local name="dcycle_${version}_${os}_${arch}${ext}"
  local base=${DCYCLE_DOWNLOAD_URL:-https://github.com/dcycle/dcycle/releases/download/v$version}
  local tmp
  tmp=$(mktemp -d "${RUNNER_TEMP:-/tmp}/dcycle-download.XXXXXX")
  curl -fsSL --retry 3 -o "$tmp/checksums.txt" "$base/dcycle_${version}_checksums.txt" ||
    fail "cannot download the checksums of dcycle $version from $base"
  local want got
  want=$(awk -v name="$name" '$2 == name || $2 == "*" name { print $1 }' "$tmp/checksums.txt")
  [ -n "$want" ] || fail "the checksums of dcycle $version list no $name"
  curl -fsSL --retry 3 -o "$tmp/$name" "$base/$name" || fail "cannot download $name from $base"
  if command -v sha256sum >/dev/null 2>&1; then
    got=$(sha256sum "$tmp/$name" | cut -d' ' -f1)
  else
    got=$(shasum -a 256 "$tmp/$name" | cut -d' ' -f1)
  fi
  if [ "$got" != "$want" ]; then
    rm -rf "$tmp"
    fail "$name does not match its checksum (sha256 $got, the release says $want): refusing to install it"
  fi
  local dir="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/dcycle/$version/${os}_${arch}"
  mkdir -p "$dir"
  mv "$tmp/$name" "$dir/dcycle$ext"
  chmod +x "$dir/dcycle$ext"
  rm -rf "$tmp"
  echo "$dir" >>"$GITHUB_PATH"
  echo "installed dcycle $version ($name) in $dir"
}

lint() {
  local args=() report status=0
  read -r -a args <<<"${DCYCLE_ARGS:-}"
  report=$(mktemp "${RUNNER_TEMP:-/tmp}/dcycle-findings.XXXXXX")
  dcycle lint --format github --fail-on "${DCYCLE_FAIL_ON:-warning}" --report "text=$report" ${args[@]+"${args[@]}"} || status=$?
  local count
  count=$(grep -cE '^.+:[0-9]+:[0-9]+: (error|warning|info) DC[0-9]{3} ' "$report" || true)
  echo "findings=$count" >>"$GITHUB_OUTPUT"
  {
    echo "### dcycle lint"
    echo
    if [ ! -s "$report" ] && [ "$status" -ne 0 ]; then
      echo "dcycle lint could not run (exit $status): see the step's log."
    elif [ "$count" -eq 0 ]; then
      echo "No findings."
    else
      # A fence longer than any run of backticks in the findings.
      local fence='```'
      while grep -qF -- "$fence" "$report"; do fence="$fence\`"; done
      tail -n 1 "$report"
      echo
      echo "$fence"
      sed '$d' "$report"
      echo "$fence"
    fi
  } >>"$GITHUB_STEP_SUMMARY"
  rm -f "$report"
  return "$status"
}

case "${1:-}" in
  install) install ;;
  lint) lint ;;
  *) echo "usage: $0 install|lint" >&2; exit 2 ;;
esac
