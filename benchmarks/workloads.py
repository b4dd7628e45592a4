"""What benchmarks/run.py measures: the functions (each built for nx and jax.numpy from one
definition) and the benchmarks that time them against JAX and NumPy, each returning a harness
`Result`; `BENCHMARKS` lists them in the order run.py runs them. benchmarks/passes.py and
vectorize_bench.py reuse some of them.
"""
from __future__ import annotations

import gc

import numpy as np

from harness import Result, check, interleaved, no_gc, perf, timed

# --------------------------------------------------------------------------------------------
# the functions being measured (built for nx and jnp from one definition)


def make_softmax(m):
    red_max = m.reduce_max if m.__name__ == "nx" else m.max

    def softmax(x):
        e = m.exp(x - red_max(x))
        return e / m.sum(e)
    return softmax


def make_chain(m, n_ops):
    """n_ops element-wise ops: n_ops/3 rounds of (sin|cos, multiply, add|subtract)."""
    rounds = n_ops // 3

    def chain(x):
        for i in range(rounds):
            if i % 2 == 0:
                x = m.sin(x) * 1.01 + 0.1
            else:
                x = m.cos(x) * 0.99 - 0.1
        return x
    return chain


def make_matmul_tanh(m):
    if m.__name__ == "nx":
        def matmul_tanh(a, b):
            return m.tanh(m.dot(a, b))
    else:
        def matmul_tanh(a, b):
            return m.tanh(a @ b)
    return matmul_tanh


def make_fusion(m):
    def fusion(x):
        return m.exp(m.sin(x) * 2.0 + m.cos(x)) / (1.0 + x * x)
    return fusion


def make_mlp_loss(m):
    """Softmax cross-entropy of a tanh MLP; `p` is a list of (w, b) pairs."""
    is_nx = m.__name__ == "nx"

    def loss(p, x, y):
        h = x
        for i, (w, b) in enumerate(p):
            h = (m.dot(h, w) if is_nx else h @ w) + b
            if i < len(p) - 1:
                h = m.tanh(h)
        if is_nx:
            z = h - m.stop_grad(m.reduce_max(h, axes=[1], keep_axes=True))
            lse = m.log(m.sum(m.exp(z), axes=[1], keep_axes=True))
        else:
            import jax
            z = h - jax.lax.stop_gradient(m.max(h, axis=1, keepdims=True))
            lse = m.log(m.sum(m.exp(z), axis=1, keepdims=True))
        return -m.sum(y * (z - lse)) / x.shape[0]
    return loss


def mlp_data(sizes=(784, 512, 512, 10), batch=256):
    rng = np.random.default_rng(0)
    params = [((rng.standard_normal((a, b)) / np.sqrt(a)).astype(np.float32),
               (rng.standard_normal(b) * 0.1).astype(np.float32))
              for a, b in zip(sizes, sizes[1:])]
    x = rng.standard_normal((batch, sizes[0])).astype(np.float32)
    y = np.eye(sizes[-1], dtype=np.float32)[rng.integers(0, sizes[-1], batch)]
    return params, x, y


def mlp_fns(env):
    nx, jax, jnp = env.nx, env.jax, env.jnp
    l_nx, l_j = make_mlp_loss(nx), make_mlp_loss(jnp)
    f_nx = nx.jit(lambda p, x, y: nx.value_and_grad(p, lambda q: l_nx(q, x, y)))
    f_j = jax.jit(jax.value_and_grad(l_j))
    return f_nx, f_j


def mlp_flat(v, g):
    return np.concatenate([np.ravel(np.asarray(v))] +
                          [np.ravel(np.asarray(a)) for pair in g for a in pair])


def numpy_fusion(x):
    two, one = np.float32(2.0), np.float32(1.0)
    return np.exp(np.sin(x) * two + np.cos(x)) / (one + x * x)


# --------------------------------------------------------------------------------------------
# benchmarks


def bench_dispatch(env, cfg, sync=True):
    nx, jax = env.nx, env.jax
    name = "dispatch" if sync else "dispatch_async"
    what = ("cached call `x + 1.0`, f32[4], device input, block on each output" if sync else
            "cached call `x + 1.0`, f32[4], device input, block only on the batch's last output")
    res = Result(name, what, "per call")
    host = np.arange(4, dtype=np.float32)
    x_nx, x_j, x_np = env.nx_dev(host), env.jax_dev(host), host.copy()
    f_nx = nx.jit(lambda x: x + 1.0)
    f_j = jax.jit(lambda x: x + 1.0)
    one = np.float32(1.0)
    n = cfg.disp_calls

    def w_nx():
        return f_nx(x_nx).data.block_until_ready()

    def w_j():
        return f_j(x_j).block_until_ready()

    for _ in range(cfg.disp_warm):
        w_nx()
        w_j()
        _ = x_np + one
    check(res, {"nx": f_nx(x_nx).to_numpy(), "jax": np.asarray(f_j(x_j)), "numpy": x_np + one})
    if env.nx_cache.stats["compiles"] == 0:
        res.notes.append("nx compiled nothing?")

    if sync:
        def run_nx():
            t = perf()
            for _ in range(n):
                f_nx(x_nx).data.block_until_ready()
            return (perf() - t) / n

        def run_j():
            t = perf()
            for _ in range(n):
                f_j(x_j).block_until_ready()
            return (perf() - t) / n
    else:
        def run_nx():
            t = perf()
            for _ in range(n):
                y = f_nx(x_nx)
            y.data.block_until_ready()
            return (perf() - t) / n

        def run_j():
            t = perf()
            for _ in range(n):
                y = f_j(x_j)
            y.block_until_ready()
            return (perf() - t) / n

    def run_np():
        t = perf()
        for _ in range(n):
            x_np + one
        return (perf() - t) / n

    interleaved(res, {"nx": lambda: no_gc(run_nx), "jax": lambda: no_gc(run_j),
                      "numpy": lambda: no_gc(run_np)}, cfg.disp_reps, cfg)
    return res


def bench_first(env, cfg, which):
    nx, jax, jnp = env.nx, env.jax, env.jnp
    if which == "softmax":
        name, what = "first_softmax", "first call (trace+lower+compile+run), softmax f32[1024]"
        mk_nx, mk_j = (lambda: make_softmax(nx)), (lambda: make_softmax(jnp))
    else:
        k = cfg.chain_ops
        name = f"first_chain{k}"
        what = f"first call (trace+lower+compile+run), {k}-op element-wise chain f32[1024]"
        mk_nx, mk_j = (lambda: make_chain(nx, k)), (lambda: make_chain(jnp, k))
    res = Result(name, what, "per first call")
    host = np.linspace(-1, 1, 1024, dtype=np.float32)
    x_nx, x_j = env.nx_dev(host), env.jax_dev(host)
    outs = {}

    def run_nx():
        env.nx_cache.clear_memory()
        before = env.nx_cache.stats["compiles"]
        j = nx.jit(mk_nx())              # a fresh function object and a fresh Jit
        gc.collect()
        t = perf()
        y = j(x_nx)
        y.data.block_until_ready()
        dt = perf() - t
        if env.nx_cache.stats["compiles"] == before and "nx-cache-hit" not in res.notes:
            res.notes.append("nx-cache-hit")  # would mean the number is not a first call
        outs["nx"] = y
        return dt

    def run_j():
        jax.clear_caches()
        j = jax.jit(mk_j())              # a fresh function object and a fresh jit
        gc.collect()
        t = perf()
        y = j(x_j)
        y.block_until_ready()
        dt = perf() - t
        outs["jax"] = y
        return dt

    interleaved(res, {"nx": run_nx, "jax": run_j}, cfg.first_reps, cfg)
    if "nx" in outs and "jax" in outs:
        check(res, {"nx": outs["nx"].to_numpy(), "jax": np.asarray(outs["jax"])},
               rtol=1e-3, atol=1e-3)
    return res


def bench_steady(env, cfg, which):
    nx, jax, jnp = env.nx, env.jax, env.jnp
    rng = np.random.default_rng(0)
    if which == "matmul":
        name, what = "matmul_tanh", "steady state: tanh(a @ b), f32[1024,1024] x f32[1024,1024]"
        a = (rng.standard_normal((1024, 1024)) / 32).astype(np.float32)
        b = (rng.standard_normal((1024, 1024)) / 32).astype(np.float32)
        f_nx = nx.jit(make_matmul_tanh(nx))
        f_j = jax.jit(make_matmul_tanh(jnp))
        args_nx = (env.nx_dev(a), env.nx_dev(b))
        args_j = (env.jax_dev(a), env.jax_dev(b))
        args_np = (a, b)

        def f_np(a, b):
            return np.tanh(a @ b)
    else:
        name = "fusion_1e6"
        what = "steady state: exp(sin(x)*2 + cos(x)) / (1 + x*x), f32[1e6]"
        x = rng.uniform(-3, 3, 1_000_000).astype(np.float32)
        f_nx = nx.jit(make_fusion(nx))
        f_j = jax.jit(make_fusion(jnp))
        f_np = numpy_fusion
        args_nx, args_j, args_np = (env.nx_dev(x),), (env.jax_dev(x),), (x,)
    res = Result(name, what, "per call")
    n = cfg.steady_calls

    for _ in range(cfg.steady_warm):
        f_nx(*args_nx).data.block_until_ready()
        f_j(*args_j).block_until_ready()
        f_np(*args_np)
    check(res, {"nx": f_nx(*args_nx).to_numpy(), "jax": np.asarray(f_j(*args_j)),
                 "numpy": f_np(*args_np)}, rtol=2e-3, atol=2e-4)

    # each timed batch follows one untimed call of the same implementation, so what the
    # previous implementation left behind (caches, spinning threads) is not billed to it
    def run_nx():
        f_nx(*args_nx).data.block_until_ready()
        t = perf()
        for _ in range(n):
            f_nx(*args_nx).data.block_until_ready()
        return (perf() - t) / n

    def run_j():
        f_j(*args_j).block_until_ready()
        t = perf()
        for _ in range(n):
            f_j(*args_j).block_until_ready()
        return (perf() - t) / n

    def run_np():
        f_np(*args_np)
        t = perf()
        for _ in range(n):
            f_np(*args_np)
        return (perf() - t) / n

    interleaved(res, {"nx": lambda: no_gc(run_nx), "jax": lambda: no_gc(run_j),
                      "numpy": lambda: no_gc(run_np)}, cfg.steady_reps, cfg)
    res.hlo = (f_nx, f_j, args_nx, args_j)
    return res


def bench_mlp_grad(env, cfg, first):
    """value_and_grad of an MLP loss (784-512-512-10, batch 256, f32): steady state, or the
    first call (trace + grad expansion + lower + compile + run)."""
    jax = env.jax
    params, x, y = mlp_data()
    p_nx = [(env.nx_dev(w), env.nx_dev(b)) for w, b in params]
    p_j = [(env.jax_dev(w), env.jax_dev(b)) for w, b in params]
    x_nx, y_nx, x_j, y_j = env.nx_dev(x), env.nx_dev(y), env.jax_dev(x), env.jax_dev(y)
    what = "value_and_grad, MLP 784-512-512-10, batch 256, f32"
    if first:
        res = Result("first_mlp_grad", "first call (trace+grad+lower+compile+run), " + what,
                     "per first call")
        outs = {}

        def run_nx():
            env.nx_cache.clear_memory()
            f_nx, _ = mlp_fns(env)
            gc.collect()
            t = perf()
            v, g = f_nx(p_nx, x_nx, y_nx)
            for pair in g:
                for a in pair:
                    a.data.block_until_ready()
            dt = perf() - t
            outs["nx"] = mlp_flat(v.to_numpy(), [[a.to_numpy() for a in pr] for pr in g])
            return dt

        def run_j():
            jax.clear_caches()
            _, f_j = mlp_fns(env)
            gc.collect()
            t = perf()
            v, g = f_j(p_j, x_j, y_j)
            jax.block_until_ready(g)
            dt = perf() - t
            outs["jax"] = mlp_flat(v, g)
            return dt

        interleaved(res, {"nx": run_nx, "jax": run_j}, cfg.first_reps, cfg)
        if len(outs) == 2:
            check(res, outs, rtol=1e-3, atol=1e-4)
        return res
    res = Result("mlp_grad", "steady state: " + what, "per call")
    f_nx, f_j = mlp_fns(env)
    n = cfg.steady_calls

    def call_nx():
        v, g = f_nx(p_nx, x_nx, y_nx)
        g[-1][-1].data.block_until_ready()
        return v, g

    def call_j():
        v, g = f_j(p_j, x_j, y_j)
        jax.block_until_ready(g)
        return v, g

    for _ in range(cfg.steady_warm):
        call_nx()
        call_j()
    v, g = call_nx()
    vj, gj = call_j()
    check(res, {"nx": mlp_flat(v.to_numpy(), [[a.to_numpy() for a in pr] for pr in g]),
                 "jax": mlp_flat(vj, gj)}, rtol=1e-3, atol=1e-4)

    interleaved(res, {"nx": timed(call_nx, n), "jax": timed(call_j, n)}, cfg.steady_reps, cfg)
    return res


def bench_eager(env, cfg, backend):
    """Eager per-op overhead on small operands (f32[16]): `a + b`, `exp(a)`, `sum(a)`; the time
    is per op. nx on the `backend` backend; JAX eager (jnp on device arrays) and NumPy."""
    nx, jnp = env.nx, env.jnp
    res = Result(f"eager_{backend}", f"eager per-op time, nx {backend} backend, f32[16] "
                 "operands (a + b, exp(a), sum(a))", "per op")
    host_a = np.linspace(-1, 1, 16, dtype=np.float32)
    host_b = np.linspace(2, 3, 16, dtype=np.float32)
    a_nx = nx.tensor(host_a, backend=backend)
    b_nx = nx.tensor(host_b, backend=backend)
    a_j, b_j = env.jax_dev(host_a), env.jax_dev(host_b)
    n = cfg.disp_calls // 2

    def ops_nx():
        c = a_nx + b_nx
        d = nx.exp(a_nx)
        e = nx.sum(a_nx)
        return c, d, e

    def ops_j():
        c = a_j + b_j
        d = jnp.exp(a_j)
        e = jnp.sum(a_j)
        return c, d, e

    def ops_np():
        return host_a + host_b, np.exp(host_a), np.sum(host_a)

    sync_nx = (lambda r: r[2].data.block_until_ready()) if backend == "xla" else (lambda r: r)
    for _ in range(cfg.disp_warm // 10):
        sync_nx(ops_nx())
        ops_j()[2].block_until_ready()
        ops_np()
    outs = {"nx": np.concatenate([np.ravel(t.to_numpy()) for t in ops_nx()]),
            "jax": np.concatenate([np.ravel(np.asarray(t)) for t in ops_j()]),
            "numpy": np.concatenate([np.ravel(t) for t in ops_np()])}
    check(res, outs, rtol=1e-5, atol=1e-6)

    def loop(ops, sync):
        def run():
            t = perf()
            for _ in range(n):
                sync(ops())
            return (perf() - t) / (3 * n)
        return lambda: no_gc(run)

    interleaved(res, {"nx": loop(ops_nx, sync_nx),
                      "jax": loop(ops_j, lambda r: r[2].block_until_ready()),
                      "numpy": loop(ops_np, lambda r: r)}, cfg.disp_reps // 2, cfg)
    return res


def bench_loop(env, cfg, which):
    """Control flow in steady state: a 1,000-iteration fori_loop, or a while loop whose trip
    count depends on the data (written as a Python while in a defn for nx)."""
    nx, jax, jnp = env.nx, env.jax, env.jnp
    host = np.linspace(-1, 1, 1024, dtype=np.float32)
    if which == "fori":
        name, what = "fori_1000", ("steady state: fori_loop, 1,000 iterations of "
                                   "s*0.999 + sin(s)*0.001, f32[1024]")

        @nx.defn
        def f_nx(x):
            return nx.fori_loop(0, 1000, x, lambda i, s: s * 0.999 + nx.sin(s) * 0.001)
        f_j = jax.jit(lambda x: jax.lax.fori_loop(0, 1000,
                                                  lambda i, s: s * 0.999 + jnp.sin(s) * 0.001, x))
    else:
        name, what = "while_data", ("steady state: while sum(|x|) < 1e6: x = x*1.01 + 0.1 "
                                    "(data-dependent trips), f32[1024]")

        @nx.defn
        def f_nx(x):
            while nx.sum(nx.abs(x)) < 1e6:
                x = x * 1.01 + 0.1
            return x
        f_j = jax.jit(lambda x: jax.lax.while_loop(lambda x: jnp.sum(jnp.abs(x)) < 1e6,
                                                   lambda x: x * 1.01 + 0.1, x))
    res = Result(name, what, "per call")
    x_nx, x_j = env.nx_dev(host), env.jax_dev(host)
    for _ in range(cfg.steady_warm):
        f_nx(x_nx).data.block_until_ready()
        f_j(x_j).block_until_ready()
    check(res, {"nx": f_nx(x_nx).to_numpy(), "jax": np.asarray(f_j(x_j))}, rtol=1e-4, atol=1e-4)
    n = cfg.steady_calls

    interleaved(res, {"nx": timed(lambda: f_nx(x_nx).data.block_until_ready(), n),
                      "jax": timed(lambda: f_j(x_j).block_until_ready(), n)}, cfg.steady_reps, cfg)
    return res


def standardize_dot_workload(env, entries=256):
    """The per-entry function `tanh(x @ w)`, centred and scaled, on `entries` entries of f32[64]:
    (per_entry, by_hand, per_entry_jax, [xs]). Shared with benchmarks/vectorize_bench.py."""
    nx, jnp = env.nx, env.jnp
    rng = np.random.default_rng(0)
    w = (rng.standard_normal((64, 64)) / 8).astype(np.float32)
    xs = rng.standard_normal((entries, 64)).astype(np.float32)
    w_nx = env.nx_dev(w)

    def per_entry(x):             # one entry: f32[64]
        h = nx.tanh(nx.dot(x, w_nx))
        h = h - nx.mean(h)
        return h / nx.sqrt(nx.sum(h * h) + 1e-6)

    def by_hand(x):               # the batch axis written out: f32[entries, 64]
        h = nx.tanh(nx.dot(x, w_nx))
        h = h - nx.mean(h, axes=[1], keep_axes=True)
        return h / nx.sqrt(nx.sum(h * h, axes=[1], keep_axes=True) + 1e-6)

    def per_entry_j(x):
        h = jnp.tanh(x @ w)
        h = h - jnp.mean(h)
        return h / jnp.sqrt(jnp.sum(h * h) + 1e-6)
    return per_entry, by_hand, per_entry_j, [xs]


def compare_vectorized(env, cfg, res, per_entry, by_hand, per_entry_j, arrays, keys):
    """Times `per_entry` under `nx.jit` on the vectorized `arrays` (first axis), `by_hand` on
    the plain arrays and `jax.jit(jax.vmap(per_entry_j))`, interleaved, into `res` under
    `keys` = (vectorized, by hand, vmap); the outputs are checked against each other first."""
    nx, jax = env.nx, env.jax
    k_vec, k_hand, k_vmap = keys
    f_vec, f_hand = nx.jit(per_entry), nx.jit(by_hand)
    f_vmap = jax.jit(jax.vmap(per_entry_j))
    x_vec = [nx.vectorize(env.nx_dev(a), "entries") for a in arrays]
    x_hand = [env.nx_dev(a) for a in arrays]
    x_j = [env.jax_dev(a) for a in arrays]
    calls = {k_vec: lambda: f_vec(*x_vec).data.block_until_ready(),
             k_hand: lambda: f_hand(*x_hand).data.block_until_ready(),
             k_vmap: lambda: f_vmap(*x_j).block_until_ready()}
    for _ in range(cfg.steady_warm):
        for c in calls.values():
            c()
    out_vec = f_vec(*x_vec)
    entries = arrays[0].shape[0]
    assert out_vec.vectorized_axes == (("entries", entries),), out_vec.vectorized_axes
    # the vmap output first: the reference when no output is keyed "jax"
    check(res, {k_vmap: np.asarray(f_vmap(*x_j)), k_vec: nx.to_numpy(out_vec),
                 k_hand: nx.to_numpy(f_hand(*x_hand))}, rtol=1e-4, atol=1e-5)
    interleaved(res, {k: timed(c, cfg.steady_calls * 10) for k, c in calls.items()},
                cfg.steady_reps, cfg)
    return res


def bench_vectorized(env, cfg):
    """A per-entry function on a vectorized input (256 entries of f32[64]) vs the same written
    by hand with an explicit batch axis (nx) vs jax.jit(jax.vmap(f)). Columns: nx = vectorized,
    numpy = nx hand-batched (so nx/NumPy is the cost of vectorization), JAX = vmap."""
    res = Result("vectorized", "steady state: per-entry tanh(x @ w) normalized, 256 entries of "
                 "f32[64]; NumPy column = nx written by hand with a batch axis", "per call")
    return compare_vectorized(env, cfg, res, *standardize_dot_workload(env),
                              keys=("nx", "numpy", "jax"))


def bench_train(env, cfg):
    """A training loop written the obvious way: a tanh MLP (784-128-10) trained by SGD on 8
    minibatches of 128, made once with `nx.tensor(ndarray)` (default backend) and reused every
    epoch. Columns: nx = those default tensors, numpy = the same loop on tensors moved to the
    device first (`nx.backend_transfer(t, "xla")`), so nx/NumPy is what the default costs
    (bar: 1.05x); JAX = the same step under jax.jit on jax.device_put arrays."""
    nx, jax, jnp = env.nx, env.jax, env.jnp
    res = Result("train_loop", "a training loop on default tensors: SGD on a 784-128-10 tanh MLP, "
                 "8 minibatches of 128 reused each epoch; NumPy column = the same loop on "
                 "device-resident tensors", "per step")
    params, _, _ = mlp_data(sizes=(784, 128, 10), batch=1)
    rng = np.random.default_rng(1)
    xs = [rng.standard_normal((128, 784)).astype(np.float32) for _ in range(8)]
    ys = [np.eye(10, dtype=np.float32)[rng.integers(0, 10, 128)] for _ in range(8)]
    l_nx, l_j = make_mlp_loss(nx), make_mlp_loss(jnp)

    @nx.defn
    def step_nx(p, x, y):
        g = nx.grad(p, lambda q: l_nx(q, x, y))
        return [(w - 0.01 * gw, b - 0.01 * gb) for (w, b), (gw, gb) in zip(p, g)]

    @jax.jit
    def step_j(p, x, y):
        g = jax.grad(l_j)(p, x, y)
        return [(w - 0.01 * gw, b - 0.01 * gb) for (w, b), (gw, gb) in zip(p, g)]

    batches = {"nx": [(nx.tensor(x), nx.tensor(y)) for x, y in zip(xs, ys)],
               "numpy": [(nx.backend_transfer(nx.tensor(x), "xla"),
                          nx.backend_transfer(nx.tensor(y), "xla")) for x, y in zip(xs, ys)],
               "jax": [(jax.device_put(x), jax.device_put(y)) for x, y in zip(xs, ys)]}
    start = {"nx": [(nx.tensor(w), nx.tensor(b)) for w, b in params],
             "numpy": [(nx.tensor(w, backend="xla"), nx.tensor(b, backend="xla"))
                       for w, b in params],
             "jax": [(jax.device_put(w), jax.device_put(b)) for w, b in params]}
    steps = {"nx": step_nx, "numpy": step_nx, "jax": step_j}
    sync = {"nx": lambda p: p[-1][1].data.block_until_ready(),
            "numpy": lambda p: p[-1][1].data.block_until_ready(),
            "jax": lambda p: p[-1][1].block_until_ready()}
    epochs = 2 if cfg.steady_reps < 20 else 3

    def train(impl):
        def run():
            p, step, data = start[impl], steps[impl], batches[impl]
            t = perf()
            for _ in range(epochs):
                for x, y in data:
                    p = step(p, x, y)
            sync[impl](p)
            return (perf() - t) / (epochs * len(data))
        return lambda: no_gc(run)

    outs = {}
    for impl in ("jax", "nx", "numpy"):
        p = start[impl]
        for x, y in batches[impl]:
            p = steps[impl](p, x, y)
        outs[impl] = np.concatenate([np.ravel(np.asarray(a)) for pair in p for a in pair])
    check(res, outs, rtol=1e-3, atol=1e-5)
    interleaved(res, {k: train(k) for k in ("nx", "jax", "numpy")}, cfg.steady_reps, cfg)
    return res


BENCHMARKS = [
    ("dispatch", lambda env, cfg: bench_dispatch(env, cfg, sync=True)),
    ("dispatch_async", lambda env, cfg: bench_dispatch(env, cfg, sync=False)),
    ("first_softmax", lambda env, cfg: bench_first(env, cfg, "softmax")),
    ("first_chain300", lambda env, cfg: bench_first(env, cfg, "chain")),
    ("matmul_tanh", lambda env, cfg: bench_steady(env, cfg, "matmul")),
    ("fusion_1e6", lambda env, cfg: bench_steady(env, cfg, "fusion")),
    ("mlp_grad", lambda env, cfg: bench_mlp_grad(env, cfg, first=False)),
    ("first_mlp_grad", lambda env, cfg: bench_mlp_grad(env, cfg, first=True)),
    ("fori_1000", lambda env, cfg: bench_loop(env, cfg, "fori")),
    ("while_data", lambda env, cfg: bench_loop(env, cfg, "while")),
    ("vectorized", bench_vectorized),
    ("eager_numpy", lambda env, cfg: bench_eager(env, cfg, "numpy")),
    ("eager_xla", lambda env, cfg: bench_eager(env, cfg, "xla")),
    ("train_loop", bench_train),
]
