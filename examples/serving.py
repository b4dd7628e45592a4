"""The Nx.Serving walkthrough (seed 002, the Nx.Serving module docs), in Python.

    python examples/serving.py

Elixir processes become Python threads: the "supervision tree" is `nx.Serving.start_link`, and
concurrent callers of `nx.Serving.batched_run` are threads (they could be asyncio tasks, or other
processes through Ray: `start_link(..., ray=True)`). Atoms are strings ("client_info"). The docs
were run with an Nx whose default integer type was s64; Nx 0.10 (and `nx`) default to s32.
"""
import threading

import nx
from nx import Batch, Serving

# --- Inline/serverless workflow --------------------------------------------------------------

@nx.defn
def print_and_multiply(x):
    x = nx.print_value(x, label="debug")
    return x * 2


# new/1: a function that receives the compiler options and returns a JIT-compiled function
serving = Serving.new(lambda opts: nx.jit(print_and_multiply, **opts))
batch = Batch.stack([nx.tensor([1, 2, 3])])
print(Serving.run(serving, batch))

# jit/2 wraps the function in nx.jit for us; the client hooks stack a list of tensors into a
# batch (with client information) and return the result with both informations
serving = (
    Serving.jit(print_and_multiply)
    .client_preprocessing(lambda input: (Batch.stack(input), "client_info"))
    .client_postprocessing(lambda output_and_metadata, info: (output_and_metadata, info))
)
print(Serving.run(serving, [nx.tensor([1, 2]), nx.tensor([3, 4])]))


# --- Stateful/process workflow ---------------------------------------------------------------

# The serving process: batches up to 10 entries or whatever arrived within 100 ms
Serving.start_link(serving=Serving.jit(print_and_multiply), name="MyServing",
                   batch_size=10, batch_timeout=100)

batch = Batch.stack([nx.tensor([1, 2, 3]), nx.tensor([4, 5, 6])])
print(Serving.batched_run("MyServing", batch))

# Many callers at once: their entries are merged into one batch (printed once by the
# computation, as debug: s32[4][3]); every caller gets back its own slice.
results = {}
start = threading.Barrier(4)


def caller(i):
    start.wait()
    results[i] = Serving.batched_run("MyServing", Batch.stack([nx.tensor([i, 10 * i, 100 * i])]))


threads = [threading.Thread(target=caller, args=(i,)) for i in range(1, 5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for i in sorted(results):
    print(f"caller {i}: {nx.to_list(results[i])}")

Serving.shutdown("MyServing")


# --- Partitioning ----------------------------------------------------------------------------

# partitions=True starts one worker per device of the compiler (here the PJRT devices of XLA):
# batches go to whichever partition is free.
Serving.start_link(serving=Serving.jit(lambda x: x * 2), name="MyPartitionedServing",
                   batch_size=10, batch_timeout=100, partitions=True)
print(Serving.batched_run("MyPartitionedServing", Batch.stack([nx.tensor([1, 2, 3])])))
Serving.shutdown("MyPartitionedServing")
