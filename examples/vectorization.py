"""The "Vectorization" guide (seed 002), cell by cell, in Python.

    python examples/vectorization.py

The guide was run with an Nx whose default integer type was s64; Nx 0.10 (and `nx`) default to
s32, so its integer tensors print as s32 here. Elixir keyword lists such as `[x: 2, y: 1]` are
written as lists of `(name, size)` pairs (or dicts) and `:auto` as `"auto"`.
"""
import nx

# --- What is vectorization? ------------------------------------------------------------------

@nx.defn
def normalize(t):
    if len(t.shape) != 1:          # `case Nx.shape(t)`: the shape is static inside defn
        raise ValueError("invalid shape")
    min = nx.reduce_min(t)
    zero_min = nx.subtract(t, min)
    return nx.divide(zero_min, nx.reduce_max(zero_min))


print(normalize(nx.tensor([1, 2, 3])))

t = nx.tensor([
    [1, 2, 3],
    [10, 20, 30],
    [4, 5, 6],
])
print(t)

# normalize(t) raises: the function only accepts 1-D tensors
try:
    normalize(t)
except ValueError as e:
    print(f"ValueError: {e}")

# To address this, we can vectorize the tensor
vec = nx.vectorize(t, "rows")
print(vec)

normalized_vec = normalize(vec)
print(normalized_vec)

right = nx.tensor([
    [1, 2, 3],
    [2, 3, 4],
    [3, 4, 5],
])

# The results might be unexpected, but they behave the same as nx.add(nx.tensor([1, 2, 3]), right)
# and so on, resulting in a vectorized tensor with 3 inner matrices.
print(nx.add(normalized_vec, right))

# If we want to keep the vectorized axes' names
print(nx.devectorize(normalized_vec))

# If we want to drop the vectorized axes' names
devec = nx.devectorize(normalized_vec, keep_names=False)
print(devec)

# Once devectorized, we can effectively add the two matrices together
print(nx.add(devec, right))


# --- Revectorization -------------------------------------------------------------------------

# This version of vectorize also asserts on the size of the dimensions being vectorized
t = nx.vectorize(nx.iota((2, 1, 3, 2, 2)), [("x", 2), ("y", 1), ("z", 3)])
print(t)

collapsed_t = nx.revectorize(t, [("vectors", "auto")], target_shape=t.shape)

[(_, vectorized_size)] = collapsed_t.vectorized_axes

constants = nx.vectorize(nx.multiply(nx.iota((vectorized_size,)), 100),
                         [("vectors", vectorized_size)])

print((constants, collapsed_t))

print(nx.revectorize(nx.add(collapsed_t, constants), t.vectorized_axes))


@nx.defn
def while_sum_and_multiply(x, y):
    if len(x.shape) != 2:
        raise ValueError("expected x to have rank 2")
    n = x.shape[0]
    out = nx.broadcast(0, (n,))
    if y.shape != (n,):
        raise ValueError("expected y to have rank 1 and the same number of elements as x")

    def body(i, state):
        out, (x, y) = state
        update = nx.sum(x[i]) + y[i]
        updated = nx.indexed_put(out, nx.reshape(i, (1,)), update)
        return (updated, (x, y))

    out, _ = nx.fori_loop(0, n, (out, (x, y)), body)
    return out


@nx.defn
def vectorized_sum_and_multiply(x, y):
    # for the sake of equivalence, we'll keep the limitation of accepting only rank-2 tensors for x
    if len(x.shape) != 2:
        raise ValueError("expected x to have rank 2")
    n, m = x.shape
    if y.shape != (n,):
        raise ValueError("expected y to have rank 1 and the same number of elements as x")

    # this enables us to accept vectorized tensors for x and y
    vectorized_axes = x.vectorized_axes

    x = nx.revectorize(x, [("collapsed", "auto"), ("vectors", n)], target_shape=(m,))
    y = nx.revectorize(y, [("collapsed", "auto"), ("vectors", n)], target_shape=())

    out = nx.sum(x) + y

    return nx.revectorize(out, vectorized_axes, target_shape=(n,))


x = nx.tensor([
    [1, 2, 3],
    [1, 0, 0],
    [0, 1, 3],
])

y = nx.tensor([4, 5, 6])

x_vec = nx.vectorize(nx.reshape(nx.tile(x, [2, 1]), (2, 3, 3)), "rows")
# use a different set of vectorized axes for y
y_vec = nx.vectorize(nx.reshape(nx.concatenate([y, nx.multiply(y, 2)]), (2, 3)), "cols")

print((
    while_sum_and_multiply(x, y),
    vectorized_sum_and_multiply(x, y),
    vectorized_sum_and_multiply(x_vec, y),
    vectorized_sum_and_multiply(x_vec, y_vec),
))


# --- Reshape and Broadcast Vectors -----------------------------------------------------------

base = nx.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
vec_i = nx.vectorize(nx.reshape(base, (10, 1)), [("i", 10), ("j", 1)])
vec_j = nx.vectorize(base, "j")

# easy way to build a multiplication table from 0 to 9
print(nx.multiply(vec_i, vec_j))

a = nx.iota((2, 1), vectorized_axes=[("x", 2), ("y", 1)])
b = nx.iota((), vectorized_axes=[("z", 2), ("x", 1)])

print(nx.reshape_vectors([a, b], align_ranks=True))

x = nx.iota((2, 1), vectorized_axes=[("x", 2), ("y", 1)])
y = nx.iota((), vectorized_axes=[("z", 2), ("x", 1)])

print(nx.broadcast_vectors([x, y]))


@nx.defn
def broadcast_vectorized_sum_and_multiply(x, y):
    # for the sake of equivalence, we'll keep the limitation of accepting only rank-2 tensors for x
    [x, y] = nx.broadcast_vectors([x, y])

    if len(x.shape) != 2:
        raise ValueError("expected x to have rank 2")
    n, m = x.shape
    if y.shape != (n,):
        raise ValueError("expected y to have rank 1 and the same number of elements as x")

    # this enables us to accept vectorized tensors for x and y
    vectorized_axes = x.vectorized_axes

    x = nx.revectorize(x, [("collapsed", "auto"), ("vectors", n)], target_shape=(m,))
    y = nx.revectorize(y, [("collapsed", "auto"), ("vectors", n)], target_shape=())

    out = nx.sum(x) + y

    return nx.revectorize(out, vectorized_axes, target_shape=(n,))


x = nx.tensor([
    [1, 2, 3],
    [1, 0, 0],
    [0, 1, 3],
])

y = nx.tensor([4, 5, 6])

x_vec = nx.vectorize(nx.reshape(nx.tile(x, [2, 1]), (2, 3, 3)), "rows")
# use a different set of vectorized axes for y
y_vec = nx.vectorize(nx.reshape(nx.concatenate([y, nx.multiply(y, 2)]), (2, 3)), "cols")

print((
    broadcast_vectorized_sum_and_multiply(x_vec, y),
    broadcast_vectorized_sum_and_multiply(x_vec, y_vec),
))
