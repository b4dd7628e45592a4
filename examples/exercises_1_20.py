""""Exercises: 1-20" (seed 002; inspired by 100 NumPy Exercises): each example solution, run.

    python examples/exercises_1_20.py

The seed's copy stops after exercise 17; exercises 18-20 follow Nx v0.10's notebook.
"""
import nx


def exercise(title, *values):
    print(f"# {title}")
    for v in values:
        print(v)
    print()


# --- 1-10 ------------------------------------------------------------------------------------

# 1. Install Nx: `pip install nxc` (the seed's Mix.install([{:nx, "~> 0.6"}]))
exercise("1. Install Nx", f"import nx  # {nx.__name__}")

exercise("2. Create a 1-D tensor of 10 zeros", nx.broadcast(0, (10,)))

tensor = nx.tensor([[1, 2, 3], [4, 5, 6]])
exercise("3. Find the number of elements in tensor", nx.size(tensor))
exercise("4. Find the number of bytes of memory in tensor", nx.byte_size(tensor))

tensor = nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
exercise("5a. The sum of all elements of tensor", nx.sum(tensor))
exercise("5b. The sum across the rows", nx.sum(tensor, axes=[1]))

zeros = nx.broadcast(0, (10,))
index = nx.tensor([4])
exercise("6. A tensor of zeros of size 10 but where the fifth value is 1",
         nx.indexed_put(zeros, index, 1))

exercise("7. A 3x3 tensor with values ranging from 0 to 8", nx.iota((3, 3)))

exercise("8. A tensor with values ranging from 10 to 49",
         nx.add(nx.iota((40,)), 10),                # example solution 1
         nx.linspace(10, 49, n=39, type="s64"))     # example solution 2 (as the seed gives it)

tensor = nx.tensor([2, 4, 6, 8])
exercise("9. Reverse tensor (first element becomes last)", nx.reverse(tensor))

tensor = nx.tensor([1, 2, 0, 0, 4, 0])
mask = nx.not_equal(tensor, 0)
exercise("10a. A mask of the non-zero elements", mask)
exercise("10b. Each 0 of tensor replaced by -1", nx.select(mask, tensor, -1))


# --- 11-20 -----------------------------------------------------------------------------------

exercise("11. A 3x3 identity tensor", nx.eye(3))

key = nx.random.key(0)
random, _ = nx.random.normal(key, shape=(3, 3, 3))
exercise("12. A 3x3x3 tensor with random values", random)

key = nx.random.key(0)
tensor, _ = nx.random.normal(key, shape=(10, 10))
exercise("13. A random 10x10 tensor, its minimum and maximum values",
         {"min": nx.reduce_min(tensor), "max": nx.reduce_max(tensor)})

key = nx.random.key(0)
tensor, _ = nx.random.normal(key, shape=(30,))
exercise("14. A random 1D tensor of size 30, its mean", nx.mean(tensor))

exercise("15. A 4x4 tensor with 1 on the border and 0 inside",
         nx.put_slice(nx.broadcast(1, (4, 4)), [1, 1], nx.broadcast(0, (2, 2))))

tensor = nx.broadcast(1, (3, 3))
exercise("16. A border of 0 around tensor", nx.pad(tensor, 0, [(1, 1, 0), (1, 1, 0)]))

nan = nx.constants.nan()
exercise("17. NaN arithmetic and comparisons",
         nx.multiply(0, nan),
         nx.equal(nan, nan),
         nx.greater(nan, nan),
         nx.subtract(nan, nan))

exercise("18. A 5x5 tensor with values 1,2,3,4 just below the diagonal",
         nx.make_diagonal(nx.tensor([1, 2, 3, 4]), offset=-1))

exercise("19. An 8x8 checkerboard of 0 and 1 (0 first) with nx.tile",
         nx.tile(nx.tensor([[0, 1], [1, 0]]), [4, 4]))

t = nx.iota((8, 1))
exercise("20. The same checkerboard without nx.tile",
         nx.remainder(nx.add(nx.transpose(t), t), 2),                   # example solution 1
         nx.slice(nx.remainder(nx.iota((9, 9)), 2), [0, 0], [8, 8]))    # example solution 2
