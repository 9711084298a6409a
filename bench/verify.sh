#!/bin/sh
# Times `dcycle verify` as a user runs it, whole process, on a Drupal 7 and a
# Drupal 10 project whose deploy module has 10 updates, written by dcycle init
# and new-update (settings and module installs). Without --base, so every
# update runs through the update path of the updated site: updb and cc all on
# Drupal 7, drush deploy on Drupal 10.
# Uses hyperfine when installed, else a loop timed with date +%s%N.
#
# Needs php with pdo_sqlite, gd, xml and mbstring, and the Drupal codebases:
# DRUPAL7_SRC and DRUPAL10_SRC, else ../shared/drupal/unpack.sh beside the
# repository provides them.
#
#   bench/verify.sh [RUNS]
set -eu

runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${DRUPAL7_SRC:-}" ] || [ -z "${DRUPAL10_SRC:-}" ]; then
  eval "$(bash "$root/../shared/drupal/unpack.sh")"
fi
work=$(mktemp -d)
cleanup() {
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/dcycle" "$root/cmd/dcycle"
dcycle="$work/dcycle"

# project SRC DEST: the codebase hard-linked (copied across file systems).
project() {
  mkdir -p "$2"
  cp -al "$1/." "$2/" 2>/dev/null || cp -a "$1/." "$2/"
}

d7="$work/d7"
project "$DRUPAL7_SRC" "$d7"
(
  cd "$d7"
  "$dcycle" init bench --core 7 >/dev/null
  "$dcycle" new-update "#1 site name" --set site_name=Bench >/dev/null
  "$dcycle" new-update "#2 slogan" --set site_slogan=Fast >/dev/null
  "$dcycle" new-update "#3 contact form" --enable contact >/dev/null
  "$dcycle" new-update "#4 js aggregation" --set preprocess_js=1 >/dev/null
  "$dcycle" new-update "#5 css aggregation" --set preprocess_css=1 >/dev/null
  "$dcycle" new-update "#6 syslog" --enable syslog >/dev/null
  "$dcycle" new-update "#7 front page" --set site_frontpage=contact >/dev/null
  "$dcycle" new-update "#8 statistics" --enable statistics >/dev/null
  "$dcycle" new-update "#9 page cache" --set cache=1 >/dev/null
  "$dcycle" new-update "#10 accounts made by administrators" --set user_register=0 >/dev/null
)

d10="$work/d10"
project "$DRUPAL10_SRC" "$d10"
(
  cd "$d10"
  "$dcycle" init bench --core 10 >/dev/null
  "$dcycle" new-update "#1 site name" --config system.site:name=Bench >/dev/null
  "$dcycle" new-update "#2 slogan" --config system.site:slogan=Fast >/dev/null
  "$dcycle" new-update "#3 contact form" --enable contact >/dev/null
  "$dcycle" new-update "#4 js aggregation" --config system.performance:js.preprocess=true >/dev/null
  "$dcycle" new-update "#5 css aggregation" --config system.performance:css.preprocess=true >/dev/null
  "$dcycle" new-update "#6 syslog" --enable syslog >/dev/null
  "$dcycle" new-update "#7 front page" --config system.site:page.front=/contact >/dev/null
  "$dcycle" new-update "#8 ban" --enable ban >/dev/null
  "$dcycle" new-update "#9 page cache" --config system.performance:cache.page.max_age=300 >/dev/null
  "$dcycle" new-update "#10 mail" --config system.site:mail=bench@example.com >/dev/null
)

# Both must agree before their times mean anything.
for p in "$d7" "$d10"; do
  if ! (cd "$p" && TMPDIR="$work" "$dcycle" verify -q >"$work/report.txt"); then
    cat "$work/report.txt"
    echo "verify of $p does not pass; not timing it" >&2
    exit 1
  fi
done

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --runs "$runs" \
    -n "verify, Drupal 7, 10 updates" "cd '$d7' && TMPDIR='$work' '$dcycle' verify -q >/dev/null" \
    -n "verify, Drupal 10, 10 updates" "cd '$d10' && TMPDIR='$work' '$dcycle' verify -q >/dev/null"
  exit 0
fi

for core in 7 10; do
  dir="$work/d$core"
  total=0
  best=
  i=0
  while [ "$i" -lt "$runs" ]; do
    start=$(date +%s%N)
    (cd "$dir" && TMPDIR="$work" "$dcycle" verify -q >/dev/null)
    end=$(date +%s%N)
    took=$(((end - start) / 1000000))
    total=$((total + took))
    if [ -z "$best" ] || [ "$took" -lt "$best" ]; then best=$took; fi
    i=$((i + 1))
  done
  echo "verify, Drupal $core, 10 updates: mean $((total / runs)) ms, best $best ms over $runs runs"
done
