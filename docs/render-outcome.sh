#!/usr/bin/env bash
# PNG renders of the demo dialogue's outcome document (its cover and its consensus matrix) for the README:
# a throwaway SQLite database, the demo, `flask export --format pdf --all`, then pdftoppm (poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DATABASE_URL="sqlite:///$tmp/demo.db"
flask() { .venv/bin/flask --app wsgi "$@"; }
flask db upgrade 2>/dev/null
flask seed-demo
flask export 1 --format pdf --all --out "$tmp/demo.pdf"
pdftotext "$tmp/demo.pdf" "$tmp/demo.txt"
matrix=$(awk -v RS='\f' '/Matriz de consenso/ { print NR; exit }' "$tmp/demo.txt")
pdftoppm -r 70 -png -singlefile -f 1 -l 1 "$tmp/demo.pdf" docs/outcome-cover
pdftoppm -r 70 -png -singlefile -f "$matrix" -l "$matrix" "$tmp/demo.pdf" docs/outcome-matrix
echo "docs/outcome-cover.png, docs/outcome-matrix.png (page $matrix)"
