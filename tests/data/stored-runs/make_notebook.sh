#!/bin/bash
# Makes stored-runs.relulab, the notebook tst_storedruncli reads. It is committed: its runs are
# data, and training them again could differ in float32's last bits from one CPU to another.
# The xor template with only its "ReLU net" trained (one output; the two linear nets stay
# without runs), and from the templates' experiments, trained: vanishing-gradients' 7-layer
# sigmoid net, its depth sweep cut to 1, 2 and 4 hidden layers (to keep the file small), and
# dead-relu's "ReLU, negative initializer".
# Usage: bash make_notebook.sh RELULAB (then make_fixtures.py for PyTorch's numbers).
set -euo pipefail
relulab=$(realpath "$1")
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
notebook=$work/notebook.relulab
"$relulab" new --template xor "$notebook"
for template in vanishing-gradients dead-relu; do
    "$relulab" new --template "$template" "$work/$template.relulab"
done
take() { # take TEMPLATE EXPERIMENT: its settings, imported into the notebook
    "$relulab" export "$work/$1.relulab" "$work/export.json" --experiment "$2"
    "$relulab" import "$notebook" "$work/export.json"
}
take vanishing-gradients "Sigmoid, 7 layers, constant hidden 3"
take dead-relu "ReLU, negative initializer"
"$relulab" export "$work/vanishing-gradients.relulab" "$work/sweep.json" \
    --experiment "Sigmoid depth sweep"
python3 - "$work/sweep.json" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    export = json.load(f)
export["experiment"]["sweep"]["hidden_layers"] = [1, 2, 4]
with open(sys.argv[1], "w") as f:
    json.dump(export, f)
PY
"$relulab" import "$notebook" "$work/sweep.json"
"$relulab" run "$notebook" --threads 1 --backend cpu --experiment "ReLU net" \
    --experiment "Sigmoid, 7 layers, constant hidden 3" --experiment "Sigmoid depth sweep" \
    --experiment "ReLU, negative initializer" > /dev/null 2>&1
cp "$notebook" stored-runs.relulab
"$relulab" info stored-runs.relulab
