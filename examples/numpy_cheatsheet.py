"""The "NumPy -> Nx" cheatsheet (seed 002), cell by cell: each NumPy line and its `nx` spelling.

    python examples/numpy_cheatsheet.py

Elixir's `a[1..3]` (inclusive range) is Python's `a[1:4]`, `a[[.., 1]]` is `a[:, 1]` and a
shape tuple `{2, 3}` is `(2, 3)`; `Nx.type` returns `("s", 32)` for `{:s, 32}`.
"""
import numpy as np

import nx


def show(title, numpy_value, nx_value):
    print(f"# {title}")
    print(f"NumPy: {numpy_value!r}")
    print(f"Nx: {nx_value!r}")
    print()


# --- Tensor Creation -------------------------------------------------------------------------

show("From list or nested list", np.array([1, 2, 3]), nx.tensor([1, 2, 3]))
show("2D Arrays/Tensors", np.array([[1, 2], [3, 4]]), nx.tensor([[1, 2], [3, 4]]))
show("Zeros", np.zeros((2, 3)), nx.broadcast(0, (2, 3)))
show("Ones", np.ones((2, 3)), nx.broadcast(1, (2, 3)))
show("Range of Numbers", np.arange(0, 10, 2), nx.multiply(nx.iota((5,), axis=0), 2))
show("Linearly Spaced Values", np.linspace(0, 1, 5), nx.divide(nx.iota((5,)), 4))


# --- Tensor Inspection -----------------------------------------------------------------------

a_np = np.array([[1, 2, 3], [4, 5, 6]])
a = nx.tensor([[1, 2, 3], [4, 5, 6]])
print(repr(a))
show("Shape", a_np.shape, nx.shape(a))
show("Number of dimensions", a_np.ndim, nx.rank(a))
show("Data Type", a_np.dtype, tuple(nx.type(a)))   # s32, equal to ("s", 32)
show("Total Number of Elements", a_np.size, nx.size(a))


# --- Indexing and Slicing --------------------------------------------------------------------

a_np = np.array([[10, 20], [30, 40]])
tensor = nx.tensor([[10, 20], [30, 40]])
show("Indexing a Single Element", a_np[0, 1], tensor[0, 1])

a_np = np.array([10, 20, 30, 40, 50])
a = nx.tensor([10, 20, 30, 40, 50])
show("Slicing a Range", a_np[1:4], a[1:4])

a_np = np.array([[1, 2], [3, 4], [5, 6]])
a = nx.tensor([[1, 2], [3, 4], [5, 6]])
show("Selecting Along a Specific Axis", a_np[:, 1], a[:, 1])

# Boolean masking (x[x % 2 == 0]) needs a dynamic result shape, which Nx does not support:
# tensors have static shapes because every operation is compiled ahead of time. A mask can
# select between two tensors of the same shape instead.
x_np = np.arange(10)
x = nx.iota((10,))
show("Boolean Masking (nx.select keeps the shape)", x_np[x_np % 2 == 0],
     nx.select(nx.equal(nx.remainder(x, 2), 0), x, -1))


# --- Linear Algebra Operations ---------------------------------------------------------------

A = np.array([[1, 2], [3, 4]])
B = np.array([[5, 6], [7, 8]])
a = nx.tensor([[1, 2], [3, 4]])
b = nx.tensor([[5, 6], [7, 8]])
show("Matrix Multiplication", np.matmul(A, B), nx.dot(a, b))
show("Transpose", A.T, nx.transpose(a))
show("Identity Matrix", np.eye(3), nx.eye((3, 3)))
show("Determinant", np.linalg.det(A), nx.linalg.determinant(a))
show("Inverse", np.linalg.inv(A), nx.linalg.invert(a))

A = np.array([[3, 1], [1, 2]])
b_np = np.array([9, 8])
a = nx.tensor([[3.0, 1.0], [1.0, 2.0]])
b = nx.tensor([9.0, 8.0])
show("Solve a System of Linear Equations", np.linalg.solve(A, b_np), nx.linalg.solve(a, b))
show("Eigenvalues and Eigenvectors", np.linalg.eigh(A), nx.linalg.eigh(a))
