"""The notebook "Harnessing the Power of Math" (seed 000), cell by cell, in Python.

    python examples/harnessing_math.py          # pictures go to examples/output/

The notebook was run with an Nx whose default integer type was s64; Nx 0.10 (and `nx`) default
to s32, so its integer tensors print as s32 here. Pictures (written to examples/output/, or to
the folder named by the NX_EXAMPLES_OUTPUT environment variable) need the optional extras
(`pip install nxc[examples]`):

* the colour-inverting linear transformation is applied to scikit-image's `data.chelsea()` cat
  photograph (the notebook's Cat.jpg), resized to 256x256 with Pillow: cat.png and
  cat_inverted.png;
* the berry-farm charts are Vega-Lite specifications built with Altair (Vega-Lite's Python
  binding, as the notebook builds them with VegaLite) and rendered offline to PNG by
  vl-convert-python, plus HTML; without Altair/vl-convert, matplotlib draws the same lines.
"""
import json
import os

import nx

OUTPUT = os.environ.get("NX_EXAMPLES_OUTPUT") or os.path.join(
    os.path.dirname(os.path.abspath(globals().get("__file__", "harnessing_math.py"))), "output")


def output_path(name):
    os.makedirs(OUTPUT, exist_ok=True)
    return os.path.join(OUTPUT, name)


def vega_lite(spec):
    """A spec as the notebook prints it: one line of JSON, keys sorted."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"))


def save_chart(chart, spec, name, lines):
    """Renders an Altair chart to PNG (vl-convert) and HTML; matplotlib if Altair is missing."""
    if chart is not None:
        chart.save(output_path(name + ".html"))
        try:
            chart.save(output_path(name + ".png"))
            print(f"wrote {name}.png and {name}.html (Vega-Lite)")
            return
        except Exception as e:  # noqa: BLE001 - no offline renderer: fall back to matplotlib
            print(f"(Vega-Lite PNG rendering failed: {e}; using matplotlib)")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        print(f"(skipping {name}.png: {e}; pip install nxc[examples])")
        return
    fig, ax = plt.subplots(figsize=(14.4, 10.8), dpi=100)
    for field, color in lines:
        ax.plot(spec["data"]["values"]["trees"], spec["data"]["values"][field], color=color,
                label=field)
    ax.set_title(spec["title"])
    ax.set_xlabel("trees")
    ax.legend()
    fig.savefig(output_path(name + ".png"))
    plt.close(fig)
    print(f"wrote {name}.png (matplotlib)")


try:
    import altair as alt
except ImportError:
    alt = None


# --- Speaking the Language of Data -----------------------------------------------------------

# Nx.default_backend(EXLA.Backend): the XLA backend runs every eager op as a compiled program
# (the notebook printed the previous backend, Nx.BinaryBackend: here "numpy")
print(nx.default_backend("xla"))


# --- The Building Blocks of Linear Algebra ---------------------------------------------------

a = nx.tensor([1, 2, 3])
b = nx.tensor([4.0, 5.0, 6.0])
c = nx.tensor([1, 0, 1], type=("u", 8))
print(f"a: {a!r}")
print(f"b: {b!r}")
print(f"c: {c!r}")

goog_current_price = 2677.32
goog_pe = 23.86
goog_mkt_cap = 1760
goog = nx.tensor([goog_current_price, goog_pe, goog_mkt_cap])
print(goog)

i_am_a_scalar = nx.tensor(5)
i_am_also_a_scalar = 5
print(i_am_also_a_scalar)

meta_current_price = 133.93
meta_pe = 11.10
meta_mkt_cap = 360

stocks_matrix = nx.tensor([
    [goog_current_price, goog_pe, goog_mkt_cap],
    [meta_current_price, meta_pe, meta_mkt_cap],
])
print(stocks_matrix)


# --- Important Operations in Linear Algebra: Vector Addition ---------------------------------

sales_day_1 = nx.tensor([32, 10, 14])
sales_day_2 = nx.tensor([10, 24, 21])
print(sales_day_2)

total_sales = nx.add(sales_day_1, sales_day_2)
print(total_sales)


# --- Scalar Multiplication -------------------------------------------------------------------

keep_rate = 0.9
unreturned_sales = nx.multiply(keep_rate, total_sales)
print(unreturned_sales)

price_per_product = nx.tensor([9.95, 10.95, 5.99])
revenue_per_product = nx.multiply(unreturned_sales, price_per_product)
print(revenue_per_product)


# --- Transpose -------------------------------------------------------------------------------

sales_matrix = nx.tensor([
    [32, 10, 14],
    [10, 24, 21],
])
print(nx.transpose(sales_matrix))


# --- Linear Transformation -------------------------------------------------------------------

invert_color_channels = nx.tensor([
    [-1, 0, 0],
    [0, -1, 0],
    [0, 0, -1],
])

try:
    import numpy as np
    from PIL import Image
    from skimage import data
except ImportError as e:      # the optional extras are not installed
    print(f"(skipping the cat picture: {e}; pip install nxc[examples])")
else:
    # StbImage.read_file! |> StbImage.resize(256, 256) |> StbImage.to_nx: a u8 {256, 256, 3}
    cat = Image.fromarray(data.chelsea()).resize((256, 256), Image.BILINEAR)
    image = nx.tensor(np.asarray(cat))
    print(f"image: {image.type}{list(image.shape)}")
    # |> Nx.dot(invert_color_channels) |> Nx.as_type({:u, 8}): each channel x becomes -x, which
    # wraps around to 256 - x in u8
    inverted = nx.as_type(nx.dot(image, invert_color_channels), ("u", 8))
    print(f"inverted: {inverted.type}{list(inverted.shape)}")
    print(f"first pixel: {nx.to_list(image[0, 0])} -> {nx.to_list(inverted[0, 0])}")
    cat.save(output_path("cat.png"))
    Image.fromarray(np.asarray(inverted)).save(output_path("cat_inverted.png"))
    print("wrote cat.png and cat_inverted.png")

vector = nx.dot(nx.tensor([1, 2, 3]), nx.tensor([1, 2, 3]))
vector_matrix = nx.dot(nx.tensor([1, 2]), nx.tensor([[1], [2]]))
matrix_matrix = nx.dot(nx.tensor([[1, 2]]), nx.tensor([[3], [4]]))

print(f"vector: {vector!r}")
print(f"vector_matrix: {vector_matrix!r}")
print(f"matrix_matrix: {matrix_matrix!r}")


# --- Thinking Probabilistically: Reasoning About Uncertainty ---------------------------------

# Nx.Random.uniform compiled once (nx.defn): each of the 11110 flips below is then one call of
# the compiled program instead of a dozen eager ops
@nx.defn
def uniform(key):
    return nx.random.uniform(key)


def simulation(key):
    value, key = uniform(key)
    return (0, key) if nx.to_number(value) < 0.5 else (1, key)


key = nx.random.key(42)

flips = []
for n in [10, 100, 1000, 10000]:
    k, heads = key, 0
    for _ in range(n):        # Enum.map_reduce(1..n, key, fn _, key -> simulation.(key) end)
        value, k = simulation(k)
        heads += value
    print(heads)
    flips.append(heads)
print(flips)


# --- Tracking Change: Understanding Differentiation ------------------------------------------

@nx.defn
def profits(trees):
    return -((trees - 1) ** 4) + trees ** 3 + trees ** 2


@nx.defn
def profits_derivative(trees):
    return nx.grad(trees, profits)


trees = nx.linspace(0, 4, n=100)
profits_ = profits(trees)

values = {"trees": nx.to_flat_list(trees), "profits": nx.to_flat_list(profits_)}
rows = [dict(zip(values, r)) for r in zip(*values.values())]
chart = None
if alt is not None:
    chart = (alt.Chart(alt.Data(values=rows), title="Berry Profits", width=1440, height=1080)
             .mark_line(interpolate="basis")
             .encode(x=alt.X("trees", type="quantitative"),
                     y=alt.Y("profits", type="quantitative")))
    print(vega_lite(chart.to_dict()))
else:
    print(vega_lite({"data": {"values": rows}, "title": "Berry Profits"}))
save_chart(chart, {"data": {"values": values}, "title": "Berry Profits"}, "berry_profits",
           [("profits", "#4c78a8")])

profits_derivative_ = profits_derivative(trees)

values = {"trees": nx.to_flat_list(trees), "profits": nx.to_flat_list(profits_),
          "profits_derivative": nx.to_flat_list(profits_derivative_)}
rows = [dict(zip(values, r)) for r in zip(*values.values())]
title = "Berry Profits and Profits Rate of Change"
chart = None
if alt is not None:
    base = alt.Chart().mark_line(interpolate="basis")
    chart = alt.layer(
        base.encode(x=alt.X("trees", type="quantitative"),
                    y=alt.Y("profits", type="quantitative")),
        base.encode(x=alt.X("trees", type="quantitative"),
                    y=alt.Y("profits_derivative", type="quantitative"),
                    color=alt.value("#ff0000")),
        data=alt.Data(values=rows), title=title, width=1440, height=1080)
    print(vega_lite(chart.to_dict()))
else:
    print(vega_lite({"data": {"values": rows}, "title": title}))
save_chart(chart, {"data": {"values": values}, "title": title}, "berry_profits_derivative",
           [("profits", "#4c78a8"), ("profits_derivative", "#ff0000")])


# --- Automatic differentiation with defn -----------------------------------------------------

@nx.defn
def my_function(x):
    return nx.print_expr(nx.sum(nx.exp(nx.cos(x))))


@nx.defn
def grad_my_function(x):
    return nx.print_expr(nx.grad(x, my_function))


print(grad_my_function(nx.tensor([1.0, 2.0, 3.0])))
