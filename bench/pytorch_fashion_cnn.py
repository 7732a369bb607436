"""The Fashion-MNIST CNN of models/cnn.toml without its dropout and flips -- the network of
the speed comparison in docs/benchmarks.md -- in PyTorch, for the epoch-time comparison with
`rlrun bench --only fashion` and `rlrun fit`.

conv 32 3x3 pad 1, ReLU, max-pool 2, conv 64 3x3 pad 1, ReLU, max-pool 2, dense 128, ReLU,
dense 10; Adam 1e-3; batch 64; every one of the 60,000 training images an epoch; the same
thread count as rlrun (2 here). Reads Debian's dataset-fashion-mnist files.

    python3 bench/pytorch_fashion_cnn.py [--epochs 2] [--threads 2]
"""
import argparse
import gzip
import json
import time

import numpy as np
import torch
from torch import nn

FOLDER = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(f"{FOLDER}/{name}", "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the epoch times as JSON")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    train_x = torch.tensor(idx("train-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
    train_y = torch.tensor(idx("train-labels-idx1-ubyte.gz"), dtype=torch.long)
    test_x = torch.tensor(idx("t10k-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
    test_y = torch.tensor(idx("t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_function = nn.CrossEntropyLoss()
    times = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(train_x))
        started = time.perf_counter()
        for start in range(0, len(train_x), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss = loss_function(model(train_x[batch]), train_y[batch])
            loss.backward()
            optimizer.step()
        seconds = time.perf_counter() - started
        times.append(seconds)
        model.eval()
        with torch.no_grad():
            accuracy = (model(test_x).argmax(1) == test_y).float().mean().item()
        if not args.json:
            print(f"epoch {epoch}: {seconds:.1f} s, test accuracy {accuracy:.4f} (torch {torch.__version__}, {args.threads} threads)")
    if args.json:
        print(json.dumps({"epoch_seconds": times, "test_accuracy": accuracy}))


if __name__ == "__main__":
    main()
