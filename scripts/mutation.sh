#!/usr/bin/env bash
# Mutation testing with mutmut, run locally (not in CI: a full run takes hours on 2 cores).
#
#   scripts/mutation.sh                                   # the default modules below
#   scripts/mutation.sh src/oitparse/rules.py             # one module
#   MUTMUT_TESTS="tests/test_validate.py" scripts/mutation.sh src/oitparse/rules.py
#   MUTMUT_K="not typo_title" MUTMUT_TESTS="tests/test_validate.py" scripts/mutation.sh src/oitparse/rules.py
#
# MUTMUT_K is a pytest -k expression; MUTMUT_TIMEOUT_MULTIPLIER (default 2.0; mutmut's own is
# much larger) bounds how long a mutant that makes the tests loop may run.
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
# mutants no selected test reaches ("no tests") count as survivors: nothing would catch them
survived=$(grep -c ": survived\|: no tests" results.txt || true)
total=$(tail -c 400 mutmut.log | grep -o '[0-9]*/[0-9]*' | tail -1 | cut -d/ -f2)
echo "mutants: ${total:-?}  killed (or timed out): $(( ${total:-0} - survived ))  survived (or reached by no test): $survived"
grep ": survived\|: no tests" results.txt || true
echo "worktree: $WORK   (remove with: git worktree remove --force $WORK)"
