#!/bin/sh
# Times `dcycle new-update` as a user runs it, whole process, on a Drupal 10
# deploy module of UPDATES updates (default 1,000; a Drupal 7 module holds at
# most 999). Target: 30 ms or less.
# Uses hyperfine when installed, else a loop timed with date +%s%N.
#
#   bench/new-update.sh [UPDATES] [RUNS]
set -eu

updates=${1:-1000}
runs=${2:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/dcycle" "$root/cmd/dcycle"

module="$work/big_deploy"
mkdir "$module"
printf 'name: Big deploy\ntype: module\ncore_version_requirement: ^10\n' >"$module/big_deploy.info.yml"
{
  printf '<?php\n\n/**\n * @file\n * Site deployment functions.\n */\n\n'
  printf '/**\n * Implements hook_install().\n */\nfunction big_deploy_install($is_syncing) {\n'
  printf "  \$registry = \\\\Drupal::service('update.update_hook_registry');\n"
  printf '  $last = 10000;\n  try {\n'
  printf "    foreach (\$registry->getAvailableUpdates('big_deploy') as \$number) {\n"
  printf '      $sandbox = [];\n      do {\n'
  printf "        \$function = 'big_deploy_update_' . \$number;\n"
  printf '        $function($sandbox);\n'
  printf "      } while (isset(\$sandbox['#finished']) && \$sandbox['#finished'] < 1);\n"
  printf '      $last = $number;\n    }\n  }\n  catch (\\Throwable $e) {\n'
  printf "    \$registry->setInstalledVersion('big_deploy', \$last);\n"
  printf '    throw $e;\n  }\n}\n'
  i=1
  while [ "$i" -le "$updates" ]; do
    n=$((10000 + i + i / 1000))
    printf '\n/**\n * #%d: Set key number %d.\n */\nfunction big_deploy_update_%d() {\n' $((10000 + i)) "$i" "$n"
    printf "  \\\\Drupal::configFactory()->getEditable('big.settings')->set('k_%d', %d)->save();\n}\n" "$i" "$i"
    i=$((i + 1))
  done
} >"$work/original.install"
cp "$work/original.install" "$module/big_deploy.install"
echo "module: $updates updates, $(wc -c <"$work/original.install") bytes"

cmd="cd '$module' && '$work/dcycle' new-update '#1 bench' --config system.performance:css.preprocess=true >/dev/null"
reset="cp '$work/original.install' '$module/big_deploy.install'"

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 --runs "$runs" --prepare "$reset" "$cmd"
  exit 0
fi

total=0
best=
i=0
while [ "$i" -lt "$runs" ]; do
  sh -c "$reset"
  start=$(date +%s%N)
  sh -c "$cmd"
  end=$(date +%s%N)
  took=$(((end - start) / 1000))
  total=$((total + took))
  if [ -z "$best" ] || [ "$took" -lt "$best" ]; then best=$took; fi
  i=$((i + 1))
done
echo "new-update: mean $((total / runs / 1000)).$(((total / runs) % 1000 / 100)) ms, best $((best / 1000)).$((best % 1000 / 100)) ms over $runs runs (includes a sh -c)"
