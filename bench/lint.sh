#!/usr/bin/env bash
# Times "dcycle lint" against SPEC §5's targets and prints the figures side
# by side: a deploy module of 1,000 updates (≤ 20 ms for the whole process,
# ≤ 50 MB peak RSS), and a tree of 500 deploy modules (≥ 50× faster than
# "php -l" over the same files, within 1.5× of the parser alone, measured by
# bench/parseonly). Inputs are generated in a temporary folder.
#
#   bench/lint.sh [RUNS]      (default 10 runs; the best run is reported)
set -euo pipefail

runs=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && go build -o "$work/dcycle" ./cmd/dcycle && go build -o "$work/parseonly" ./bench/parseonly)

# module DIR NAME UPDATES writes a Drupal 7 deploy module with the resumable
# replay and UPDATES updates, numbered from 7001 and skipping x000.
module() {
  local dir=$1/$2 name=$2 n=$3
  mkdir -p "$dir"
  printf 'name = %s\ncore = 7.x\n' "$name" >"$dir/$name.info"
  printf '<?php\n' >"$dir/$name.module"
  awk -v name="$name" -v n="$n" 'BEGIN {
    printf "<?php\n\n/**\n * @file\n * Site deployment functions.\n */\n\n"
    printf "/**\n * Implements hook_install().\n */\nfunction %s_install() {\n  $last = 7000;\n  try {\n", name
    printf "    foreach (drupal_get_schema_versions(\047%s\047) as $number) {\n      $sandbox = array();\n      do {\n", name
    printf "        $function = \047%s_update_\047 . $number;\n        $function($sandbox);\n", name
    printf "      } while (isset($sandbox[\047#finished\047]) && $sandbox[\047#finished\047] < 1);\n      $last = $number;\n    }\n  }\n"
    printf "  catch (Exception $e) {\n    drupal_set_installed_schema_version(\047%s\047, $last);\n    throw $e;\n  }\n}\n", name
    number = 7001
    for (i = 0; i < n; i++) {
      if (number % 1000 == 0) number++
      printf "\n/**\n * #%d: Set variable %d.\n */\nfunction %s_update_%d() {\n", 1000 + i, i, name, number
      printf "  variable_set(\047example_setting_%d\047, %d);\n", i, i
      printf "  if (!module_enable(array(\047module_%d\047))) {\n    throw new DrupalUpdateException(\047module_%d could not be enabled.\047);\n  }\n}\n", i, i
      number++
    }
  }' >"$dir/$name.install"
}

module "$work/big" big_deploy 1000
for i in $(seq -w 0 499); do module "$work/tree" "site${i}_deploy" 20; done
files=$(find "$work/tree" -name '*.install' | wc -l)
bytes=$(find "$work/tree" -name '*.install' -exec cat {} + | wc -c)

# best_ms CMD... runs CMD $runs times and prints the fastest wall time in ms.
best_ms() {
  local best=""
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    local ms=$(((end - start) / 1000))
    if [[ -z $best || $ms -lt $best ]]; then best=$ms; fi
  done
  printf '%d.%03d' $((best / 1000)) $((best % 1000))
}

# peak_mb CMD... prints the peak resident set of one run, in MB.
peak_mb() {
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ { printf "%.1f", $6 / 1024 }'
  else
    printf 'n/a (install GNU time)'
  fi
}

phpl() { find "$work/tree" -name '*.install' -print0 | xargs -0 -n 1 -P "$(nproc)" php -l >/dev/null; }

cores=$(nproc)
big_kb=$(($(wc -c <"$work/big/big_deploy/big_deploy.install") / 1024))
echo "dcycle lint benchmarks: best of $runs runs, $cores cores"
echo
printf '%-48s %12s %10s\n' "what" "wall (ms)" "peak (MB)"
printf '%-48s %12s %10s\n' "dcycle lint, 1,000 updates (${big_kb} KB)" "$(best_ms "$work/dcycle" lint "$work/big/big_deploy")" "$(peak_mb "$work/dcycle" lint "$work/big/big_deploy")"
lint_tree=$(best_ms "$work/dcycle" lint "$work/tree")
# The parser runs with the collector pace dcycle itself sets in main, so that
# the ratio compares the work done, not two garbage-collection settings.
parse_tree=$(best_ms env GOGC=off GOMEMLIMIT=64MiB "$work/parseonly" "$work/tree")
printf '%-48s %12s %10s\n' "dcycle lint, $files modules ($((bytes / 1024)) KB)" "$lint_tree" "$(peak_mb "$work/dcycle" lint "$work/tree")"
printf '%-48s %12s %10s\n' "parser alone (bench/parseonly), same files" "$parse_tree" "$(peak_mb env GOGC=off GOMEMLIMIT=64MiB "$work/parseonly" "$work/tree")"
if command -v php >/dev/null; then
  php_tree=$(best_ms phpl)
  printf '%-48s %12s %10s\n' "php -l, same files, $cores in parallel" "$php_tree" "-"
  awk -v l="$lint_tree" -v p="$php_tree" 'BEGIN { printf "\nphp -l / dcycle lint: %.1fx (target >= 50x)\n", p / l }'
else
  echo "php not installed: php -l comparison skipped"
fi
awk -v l="$lint_tree" -v p="$parse_tree" 'BEGIN { printf "dcycle lint / parser alone: %.2fx (target <= 1.5x)\n", l / p }'
