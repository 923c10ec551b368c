#!/usr/bin/env bash
# Mutation testing with mutmut, run locally (not in CI: a full run takes hours on 2 cores).
#
#   scripts/mutation.sh                                   # the default modules below
#   scripts/mutation.sh src/oitparse/rules.py             # one module
#   MUTMUT_TESTS="tests/test_validate.py" scripts/mutation.sh src/oitparse/rules.py
#   MUTMUT_K="not typo_title" MUTMUT_TESTS="tests/test_validate.py" scripts/mutation.sh src/oitparse/rules.py
#   MUTMUT_FRESH="_pua_table|_valid_thai_pattern|_abbr_pattern" MUTMUT_TESTS="tests/test_thai.py tests/test_thai_validity.py" \
#     scripts/mutation.sh src/oitparse/thai.py
#
# MUTMUT_K is a pytest -k expression; MUTMUT_TIMEOUT_MULTIPLIER (default 2.0; mutmut's own is
# much larger) bounds how long a mutant that makes the tests loop may run.
#
# MUTMUT_FRESH is a regular expression of functions that run at import (tables and patterns
# built once, such as thai's "_pua_table|_valid_thai_pattern|_abbr_pattern"). mutmut starts
# each mutant in a fork of a process that has imported everything already, so their mutants
# never run and all "survive"; the survivors whose name matches are run again, one fresh
# pytest process each with MUTANT_UNDER_TEST set before the import.
#
# It works in a throwaway git worktree of HEAD (so mutmut's mutants/ folder and its config
# never touch your checkout), prints the score and the surviving mutants; inspect one with
# `cd "$WORK" && mutmut show NAME`. Tests that start `python -m oitparse` in a subprocess are
# left out of the selection: mutmut's trampolines cannot follow a child process.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q "mutmut>=3.3"
modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
  modules=(src/oitparse/codes.py src/oitparse/urls.py src/oitparse/readers/tables.py
           src/oitparse/rules.py src/oitparse/thai.py src/oitparse/assemble.py
           src/oitparse/readers/docx.py src/oitparse/readers/html.py)
fi
tests=${MUTMUT_TESTS:-"tests/test_codes.py tests/test_urls.py tests/test_validate.py tests/test_tables.py
  tests/test_assemble.py tests/test_thai.py tests/test_docx_reader.py tests/test_html_reader.py
  tests/test_webpages.py tests/test_seed.py tests/test_accuracy.py tests/test_mutations.py
  tests/test_regressions.py tests/test_pdf_reader.py tests/test_schema.py"}
WORK=$(mktemp -d /tmp/oitparse-mutation.XXXXXX)
git worktree add -q "$WORK" HEAD
[ -e "$WORK/../shared" ] || ln -s "$(cd ../shared 2>/dev/null && pwd || echo /nonexistent)" "$WORK/../shared" 2>/dev/null || true
quote() { local out=""; for x in "$@"; do out+="\"$x\", "; done; echo "[${out%, }]"; }
k_args=""
if [ -n "${MUTMUT_K:-}" ]; then k_args=", \"-k\", \"${MUTMUT_K//\"/\\\"}\""; fi
# shellcheck disable=SC2086
cat >> "$WORK/pyproject.toml" <<CFG

[tool.mutmut]
source_paths = $(quote "${modules[@]}")
also_copy = ["tests", "scripts", "benchmarks", "docs", "examples", "src"]
pytest_add_cli_args = ["-q", "-p", "no:cacheprovider"$k_args]
timeout_multiplier = ${MUTMUT_TIMEOUT_MULTIPLIER:-2.0}
pytest_add_cli_args_test_selection = $(quote $tests)
CFG
cd "$WORK"
PYTHAINLP_READ_ONLY=1 mutmut run --max-children "${MUTMUT_CHILDREN:-2}" > mutmut.log 2>&1 || true
mutmut results > results.txt 2>&1 || true
if [ -n "${MUTMUT_FRESH:-}" ]; then
  # shellcheck disable=SC2086
  grep ": survived" results.txt | sed 's/^ *//; s/: survived$//' | grep -E "${MUTMUT_FRESH}" | while read -r m; do
    if (cd mutants && MUTANT_UNDER_TEST=$m PYTHONPATH=src PYTHAINLP_READ_ONLY=1 timeout 600 \
          python -m pytest -x -q -p no:cacheprovider $tests ${MUTMUT_K:+-k "$MUTMUT_K"} > /dev/null 2>&1); then
      echo "    $m: survived (fresh process)"
    else
      echo "    $m: killed (fresh process)"
    fi
  done > fresh.txt
  # a mutant killed in a fresh process is killed: take it out of the survivors
  grep ": killed (fresh process)" fresh.txt | sed 's/: killed (fresh process)$/: survived/' > fresh_killed.txt || true
  grep -v -x -F -f fresh_killed.txt results.txt > results.tmp || true
  [ -s fresh_killed.txt ] && mv results.tmp results.txt || rm -f results.tmp
  echo "import-time mutants run in fresh processes: $(wc -l < fresh.txt), killed there: $(wc -l < fresh_killed.txt)"
fi
# mutants no selected test reaches ("no tests") count as survivors: nothing would catch them
survived=$(grep -c ": survived\|: no tests" results.txt || true)
total=$(tail -c 400 mutmut.log | grep -o '[0-9]*/[0-9]*' | tail -1 | cut -d/ -f2)
echo "mutants: ${total:-?}  killed (or timed out): $(( ${total:-0} - survived ))  survived (or reached by no test): $survived"
grep ": survived\|: no tests" results.txt || true
echo "worktree: $WORK   (remove with: git worktree remove --force $WORK)"
