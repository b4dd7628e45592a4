"""The notebook "Harnessing the Power of Math" (seed 000), cell by cell, in Python.

    python examples/harnessing_math.py          # pictures go to examples/output/

The notebook was run with an Nx whose default integer type was s64; Nx 0.10 (and `nx`) default
to s32, so its integer tensors print as s32 here. Pictures (written to examples/output/, or to
the folder named by the NX_EXAMPLES_OUTPUT environment variable) need the optional extras
(`pip install nxc[examples]`):

* the colour-inverting linear transformation is applied to scikit-image's `data.chelsea()` cat
  photograph (the notebook's Cat.jpg), resized to 256x256 with Pillow: cat.png and
  cat_inverted.png;
* the berry-farm charts are the notebook's Vega-Lite v5 specifications, built with the same
  calls as Elixir's VegaLite (`Vl.new(...)`, `data_from_values`, `mark`, `encode_field`,
  `layers`: the small `Vl` class below) and rendered offline to PNG and HTML by
  vl-convert-python; without vl-convert, matplotlib draws the same lines.
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


class Vl:
    """A Vega-Lite specification built as Elixir's VegaLite builds it (`alias VegaLite, as:
    Vl`): `Vl.new(title=..., width=..., height=...)`, then `.data_from_values(columns)`,
    `.mark(type, **opts)`, `.encode_field(channel, field, **opts)`, `.encode(channel,
    **opts)` and `.layers([...])`; `.spec` is the JSON the notebook prints (top level only:
    the v5 `$schema`)."""

    SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"

    def __init__(self, spec):
        self.spec = spec

    @classmethod
    def new(cls, **opts):
        return cls(dict(opts))

    def _with(self, **entries):
        return Vl({**self.spec, **entries})

    def data_from_values(self, columns):
        keys = list(columns)
        return self._with(data={"values": [dict(zip(keys, row))
                                           for row in zip(*columns.values())]})

    def mark(self, type, **opts):
        return self._with(mark={"type": type, **opts})

    def encode_field(self, channel, field, **opts):
        return self._with(encoding={**self.spec.get("encoding", {}),
                                    channel: {"field": field, **opts}})

    def encode(self, channel, **opts):
        return self._with(encoding={**self.spec.get("encoding", {}), channel: dict(opts)})

    def layers(self, layers):
        return self._with(layer=[layer.spec for layer in layers])

    def to_spec(self):
        return {"$schema": self.SCHEMA, **self.spec}
    def _repr_mimebundle_(self, include=None, exclude=None):
        """Jupyter shows the chart (Vega-Lite's MIME type, and HTML with vega-embed)."""
        spec = self.to_spec()
        bundle = {"application/vnd.vegalite.v5+json": spec,
                  "text/plain": f"Vega-Lite chart: {spec.get('title', '')}"}
        try:
            import vl_convert as vlc
            bundle["text/html"] = vlc.vegalite_to_html(spec, vl_version=_vl5(vlc))
        except ImportError:
            pass
        return bundle


def _vl5(vlc):
    """The newest Vega-Lite 5 that vl-convert has (None: its default)."""
    v5 = [v for v in vlc.get_vegalite_versions() if v.startswith("5.")]
    return max(v5, key=lambda v: tuple(int(x) for x in v.split("."))) if v5 else None


def save_chart(chart, name, lines):
    """Renders a `Vl` chart to PNG and HTML with vl-convert (Vega-Lite 5); matplotlib draws
    the same lines when vl-convert is missing."""
    spec = chart.to_spec()
    try:
        import vl_convert as vlc
    except ImportError:
        vlc = None
    if vlc is not None:
        version = _vl5(vlc)
        try:
            with open(output_path(name + ".png"), "wb") as f:
                f.write(vlc.vegalite_to_png(spec, vl_version=version))
            with open(output_path(name + ".html"), "w") as f:
                f.write(vlc.vegalite_to_html(spec, vl_version=version))
            print(f"wrote {name}.png and {name}.html (Vega-Lite)")
            return
        except Exception as e:  # noqa: BLE001 - no offline renderer: fall back to matplotlib
            print(f"(Vega-Lite PNG rendering failed: {e}; using matplotlib)")
    rows = spec["data"]["values"]
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        print(f"(skipping {name}.png: {e}; pip install nxc[examples])")
        return
    fig, ax = plt.subplots(figsize=(14.4, 10.8), dpi=100)
    for field, color in lines:
        ax.plot([r["trees"] for r in rows], [r[field] for r in rows], color=color, label=field)
    ax.set_title(spec["title"])
    ax.set_xlabel("trees")
    ax.legend()
    fig.savefig(output_path(name + ".png"))
    plt.close(fig)
    print(f"wrote {name}.png (matplotlib)")



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

# The seed's code as it is: Nx.Random.uniform called eagerly, 11110 times. As Nx's defn
# functions do, an eager nx.random call runs as one compiled program cached per signature:
# the first flip compiles it, every other flip is one call of the cached program.
def simulation(key):
    value, key = nx.random.uniform(key)
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

# The seed's `defn`s run on Nx's default defn compiler, the Evaluator: each op a program of its
# own on EXLA.Backend, rounded on its own. nx.defn's default compiler fuses the whole function
# (XLA contracts `a * b + c` into one FMA on CPUs that have it, which moves last bits), so these
# two ask for the evaluator, as the seed has it, and print the seed's values bit for bit.
@nx.defn(compiler="evaluator")
def profits(trees):
    return -((trees - 1) ** 4) + trees ** 3 + trees ** 2


@nx.defn(compiler="evaluator")
def profits_derivative(trees):
    return nx.grad(trees, profits)


trees = nx.linspace(0, 4, n=100)
profits_ = profits(trees)

chart = (Vl.new(title="Berry Profits", width=1440, height=1080)
         .data_from_values({"trees": nx.to_flat_list(trees),
                            "profits": nx.to_flat_list(profits_)})
         .mark("line", interpolate="basis")
         .encode_field("x", "trees", type="quantitative")
         .encode_field("y", "profits", type="quantitative"))
print(vega_lite(chart.to_spec()))
save_chart(chart, "berry_profits", [("profits", "#4c78a8")])

profits_derivative_ = profits_derivative(trees)

chart = (Vl.new(title="Berry Profits and Profits Rate of Change", width=1440, height=1080)
         .data_from_values({"trees": nx.to_flat_list(trees),
                            "profits": nx.to_flat_list(profits_),
                            "profits_derivative": nx.to_flat_list(profits_derivative_)})
         .layers([
             Vl.new()
             .mark("line", interpolate="basis")
             .encode_field("x", "trees", type="quantitative")
             .encode_field("y", "profits", type="quantitative"),
             Vl.new()
             .mark("line", interpolate="basis")
             .encode_field("x", "trees", type="quantitative")
             .encode_field("y", "profits_derivative", type="quantitative")
             .encode("color", value="#ff0000"),
         ]))
print(vega_lite(chart.to_spec()))
save_chart(chart, "berry_profits_derivative",
           [("profits", "#4c78a8"), ("profits_derivative", "#ff0000")])


# --- Automatic differentiation with defn -----------------------------------------------------

@nx.defn
def my_function(x):
    return nx.print_expr(nx.sum(nx.exp(nx.cos(x))))


@nx.defn
def grad_my_function(x):
    return nx.print_expr(nx.grad(x, my_function))


print(grad_my_function(nx.tensor([1.0, 2.0, 3.0])))
