"""Not a test (lit.cfg.py excludes Inputs/): loads an artifact written by `nxc compile` and runs
it on [1, 2, 3]. Usage: run_artifact.py executable|stablehlo FILE. A portable artifact is read
by jaxlib's own StableHLO deserializer and compiled by PJRT directly (not through nx)."""
import sys

import numpy as np

import nx  # noqa: F401  (quiet logs, x64)
from nx.runtime import pjrt

kind, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
if kind == "executable":
    from nx.runtime.artifact import read_executable
    exe = read_executable(data, path)[0]   # the nx container: header, signature, payload
else:
    from jaxlib.mlir.dialects import stablehlo
    assert data.startswith(b"ML\xefR"), data[:8]
    stablehlo.deserialize_portable_artifact_str(data)  # raises if it is not one
    print("portable artifact")
    exe = pjrt.compile(data, "cpu", 1)
out = exe([pjrt.to_device(np.array([1.0, 2.0, 3.0], np.float32))])[0]
print(np.asarray(out))
