#!/usr/bin/env python3
"""PyTorch's float64 numbers for snapshots of the runs stored in stored-runs.relulab.

tst_storedruncli evaluates each snapshot of FIXTURES with `relulab evaluate NOTEBOOK
--experiment ... --run ... --snapshot ...` and compares with the JSON files written here
(1e-9 relative). Each is a reference case (../reference/README.md): the snapshot's case as
`relulab export --case` writes it, with PyTorch's output, loss, gradients, dead units, gradient
norms, and for one-output nets the Jacobian and its singular values.

Run from this folder, with a built relulab (needs PyTorch; CI has none, so the output is
committed):
    /usr/bin/python3 make_fixtures.py ../../../build/src/app/relulab

stored-runs.relulab itself was made by make_notebook.sh.
"""
import json
import os
import subprocess
import sys
import tempfile

import torch

NOTEBOOK = "stored-runs.relulab"
# (file, experiment, run label or None, step or None): None is what the command defaults to.
# The 7-layer sigmoid net is taken at step 100: by step 500 it predicts the class frequencies
# and its gradient (2e-7) is what is left of sums 1e5 times larger, on which two correct
# float64 engines agree to about 1e-8 only.
FIXTURES = [
    ("sigmoid_7layers_step100.json", "Sigmoid, 7 layers, constant hidden 3", None, 100),
    ("sigmoid_sweep_4hidden_step100.json", "Sigmoid depth sweep", "4 hidden", 100),
    ("relu_negative_step0.json", "ReLU, negative initializer", None, 0),
    ("relu_negative_last.json", "ReLU, negative initializer", None, None),
    ("xor_relu_last.json", "ReLU net", None, None),
]

torch.set_default_dtype(torch.float64)


def activation(layer):
    kind = layer["activation"]
    if kind == "identity":
        return torch.nn.Identity()
    if kind == "relu":
        return torch.nn.ReLU()
    if kind == "leaky_relu":
        return torch.nn.LeakyReLU(layer.get("slope", 0.01))
    if kind == "elu":
        return torch.nn.ELU(layer.get("alpha", 1.0))
    if kind == "sigmoid":
        return torch.nn.Sigmoid()
    if kind == "tanh":
        return torch.nn.Tanh()
    if kind == "selu":
        return torch.nn.SELU()
    if kind == "softplus":
        return torch.nn.Softplus(layer.get("beta", 1.0))
    raise ValueError("unknown activation " + kind)


def network(case):
    linears, modules, inputs = [], [], case["network"]["inputs"]
    for layer in case["network"]["layers"]:
        linear = torch.nn.Linear(inputs, layer["units"])
        linears.append(linear)
        modules += [linear, activation(layer)]
        inputs = layer["units"]
    net = torch.nn.Sequential(*modules)
    with torch.no_grad():
        for tensor, values in zip(net.parameters(), case["parameters"]):
            tensor.copy_(torch.tensor(values, dtype=torch.float64))
    return net, linears


def loss_of(case, output, y):
    kind = case["loss"]
    if kind == "mse":
        return torch.nn.functional.mse_loss(output, y)
    if kind == "bce_logits":
        return torch.nn.functional.binary_cross_entropy_with_logits(output, y)
    if kind == "cross_entropy":
        return torch.nn.functional.cross_entropy(output, y[:, 0].long())
    raise ValueError("unknown loss " + kind)


def reference(case):
    net, linears = network(case)
    x = torch.tensor(case["x"], dtype=torch.float64)
    y = torch.tensor(case["y"], dtype=torch.float64)
    # Pre-activations of each hidden layer, for its dead units.
    pre, h = [], x
    for i, module in enumerate(net):
        h = module(h)
        if i % 2 == 0:
            pre.append(h)
    output = h
    loss = loss_of(case, output, y)
    net.zero_grad()
    loss.backward()
    grads = [p.grad for p in net.parameters()]
    layers = case["network"]["layers"]
    dead = [int((z <= 0).all(dim=0).sum()) if layer["activation"] == "relu" else None
            for z, layer in zip(pre[:-1], layers[:-1])]
    norms = [float(torch.sqrt((grads[2 * l] ** 2).sum() + (grads[2 * l + 1] ** 2).sum()))
             for l in range(len(layers))]
    out = dict(case)
    out["dtype"] = "float64"
    out["output"] = output.detach().tolist()
    out["loss_value"] = float(loss)
    out["loss_gradients"] = [g.tolist() for g in grads]
    out["dead_units_per_layer"] = dead
    out["gradient_norm_per_layer"] = norms
    if layers[-1]["units"] == 1:
        rows = []
        for i in range(x.shape[0]):
            net.zero_grad()
            net(x[i:i + 1])[0, 0].backward()
            rows.append(torch.cat([p.grad.reshape(-1) for p in net.parameters()]))
        jacobian = torch.stack(rows)
        out["jacobian"] = jacobian.tolist()
        out["singular_values"] = torch.linalg.svdvals(jacobian).tolist()
    return out


def main():
    relulab = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        for name, experiment, run, step in FIXTURES:
            exported = os.path.join(tmp, name)
            command = [relulab, "export", NOTEBOOK, exported, "--experiment", experiment, "--case"]
            if run is not None:
                command += ["--run", run]
            if step is not None:
                command += ["--snapshot", str(step)]
            subprocess.run(command, check=True)
            with open(exported) as f:
                case = json.load(f)
            with open(name, "w") as f:
                json.dump(reference(case), f, indent=1)
                f.write("\n")
            print(name)


if __name__ == "__main__":
    main()
