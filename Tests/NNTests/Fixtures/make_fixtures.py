"""Writes python_written.safetensors with Hugging Face's own safetensors library.

NOT run by the tests: it was run once (safetensors 0.8.0, numpy 2.4.6) and its output is
committed, so SafetensorsTests can check that rlrun reads what the reference writer writes.
Run it again only to regenerate the fixture:

    pip install safetensors numpy
    python3 Tests/NNTests/Fixtures/make_fixtures.py

The values are simple formulas so the Swift test can state them; keep the two in step.
"""
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

tensors = {
    # A 2×3 matrix 0, 0.5, 1, …: checks row-major order.
    "layer.weight": (np.arange(6, dtype=np.float32) * 0.5).reshape(2, 3),
    # Negative and fractional values, rank 1.
    "layer.bias": np.array([-1.25, 3.0], dtype=np.float32),
    # Rank 0.
    "scale": np.array(7.5, dtype=np.float32),
    # No elements.
    "empty": np.zeros((0, 4), dtype=np.float32),
}
metadata = {"rlrun.format": "1", "source": "make_fixtures.py", "note": "héllo \"quoted\""}

save_file(tensors, str(Path(__file__).with_name("python_written.safetensors")), metadata=metadata)
