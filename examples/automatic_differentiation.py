"""The "Automatic Differentiation" guide (the seed 001), cell by cell, in Python.

    python examples/automatic_differentiation.py
"""
import nx

# --- Automatic Differentiation ---------------------------------------------------------------

@nx.defn
def f(x):
    return x ** 3 + x


@nx.defn
def grad_f(x):
    return nx.grad(x, f)


x = nx.tensor([
    [1, 1],
    [2, 3],
    [5, 8],
])

print((f(x), grad_f(x)))

# What happens under the hood: the symbolic expressions of f and of its gradient
print(nx.debug_expr(f)(x))
print(nx.debug_expr(grad_f)(x))

# value_and_grad computes both at once
print(nx.value_and_grad(x, f))
print(nx.debug_expr(nx.value_and_grad(f))(x))


# --- Functions of several arguments ----------------------------------------------------------

def add_multiply(x, y, z):
    addition = nx.add(x, y)
    return nx.multiply(z, addition)


x = nx.tensor([1, 2])
y = nx.tensor([3, 4])
z = nx.tensor([5, 6])

print((
    nx.grad(x, lambda t: add_multiply(t, y, z)),
    nx.grad(y, lambda t: add_multiply(x, t, z)),
    nx.grad(z, lambda t: add_multiply(x, y, t)),
))

# containers: one gradient per element, in the same structure
print(nx.grad((x, y, z), lambda t: add_multiply(*t)))


# --- Functions returning several values ------------------------------------------------------

x = nx.tensor([
    [1, 1],
    [2, 3],
    [5, 8],
])


def multi_valued_return_fn(x):
    return nx.pow(x, 3), x


def transform_fn(values):
    x_cubed, x = values
    return nx.add(x_cubed, x)


(x_cubed, x), grad = nx.value_and_grad(x, multi_valued_return_fn, transform_fn)
print(((x_cubed, x), grad))
