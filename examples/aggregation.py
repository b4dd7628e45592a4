"""The "Aggregation" guide (seed 002), cell by cell, in Python.

    python examples/aggregation.py

The seed's copy of the guide stops in the middle of its weighted-mean section; the cells after
"First, we'll compute the full-tensor aggregation" (the rest of the weighted means and the
`tie_break` option of argmin) follow Nx v0.10's guide. The guide was run with an Nx whose
default integer type was s64; Nx 0.10 (and `nx`) default to s32.
"""
import nx

# --- What is aggregation? --------------------------------------------------------------------

m = nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"])
print(m)

max = nx.reduce_max(m)
max_x = nx.reduce_max(m, axes=["x"])
max_y = nx.reduce_max(m, axes=["y"])
print({"max": max, "max_x": max_x, "max_y": max_y})

# Elixir's ~MAT sigil is nx.mat
m = nx.mat("""
  1 2
  3 4
""")
print(m)

# The full-tensor weighted mean: the element-wise product with the weights, summed, divided by
# the sum of the weights
w = nx.mat("""
  10 20
  30 40
""")
nx_w_avg = nx.weighted_mean(m, w)
man_w_avg = (1 * 10 + 2 * 20 + 3 * 30 + 4 * 40) / (10 + 20 + 30 + 40)
# 300/100
print({"nx_weighted_avg": nx.to_number(nx_w_avg), "manual_weighted_avg": man_w_avg})

# Per axis: along the first axis ("by column")
w_avg_x = nx.weighted_mean(m, w, axes=[0])
man_w_avg_x = [(1 * 10 + 3 * 30) / (10 + 30), (2 * 20 + 4 * 40) / (20 + 40)]
# [100/40, 200/60]
print((w_avg_x, man_w_avg_x))

# Along the second axis ("by row")
nx_w_avg_y = nx.weighted_mean(m, w, axes=[1])
man_w_avg_y = [(1 * 10 + 2 * 20) / (10 + 20), (3 * 30 + 4 * 40) / (30 + 40)]
# [50/30, 250/70]
print((nx_w_avg_y, man_w_avg_y))


# --- argmin / argmax: the tie_break option ---------------------------------------------------

t4 = nx.vec("2 0 0 0 1")
print({
    "argmin_with_default": nx.to_number(nx.argmin(t4)),
    "argmin_with_tie_break_high_option": nx.to_number(nx.argmin(t4, tie_break="high")),
})
