"""The seed-002 guides as examples (vectorization, aggregation, the NumPy cheatsheet, exercises
1-20, Nx.Serving): each script runs and prints what the seed prints (see test_examples.py's
docstring for how outputs are compared)."""
from __future__ import annotations

import re

import numpy as np

from example_runner import (
    expect_in_order,
    expect_seed,
    run_example,
    squash,
    tensor_block,
)

# --- the vectorization guide (seed 002) -----------------------------------------------------

VECTORIZATION_SEED = """
Example.normalize(Nx.tensor([1, 2, 3]))
#Nx.Tensor<
  f32[3]
  [0.0, 0.5, 1.0]
>
#Nx.Tensor<
  s64[3][3]
  [
    [1, 2, 3],
    [10, 20, 30],
    [4, 5, 6]
  ]
>
vec = Nx.vectorize(t, :rows)
#Nx.Tensor<
  vectorized[rows: 3]
  s64[3]
  [
    [1, 2, 3],
    [10, 20, 30],
    [4, 5, 6]
  ]
>
normalized_vec = Example.normalize(vec)
#Nx.Tensor<
  vectorized[rows: 3]
  f32[3]
  [
    [0.0, 0.5, 1.0],
    [0.0, 0.5, 1.0],
    [0.0, 0.5, 1.0]
  ]
>
Nx.add(normalized_vec, right)
#Nx.Tensor<
  vectorized[rows: 3]
  f32[3][3]
  [
    [
      [1.0, 2.5, 4.0],
      [2.0, 3.5, 5.0],
      [3.0, 4.5, 6.0]
    ],
    [
      [1.0, 2.5, 4.0],
      [2.0, 3.5, 5.0],
      [3.0, 4.5, 6.0]
    ],
    [
      [1.0, 2.5, 4.0],
      [2.0, 3.5, 5.0],
      [3.0, 4.5, 6.0]
    ]
  ]
>
Nx.devectorize(normalized_vec)
#Nx.Tensor<
  f32[rows: 3][3]
  [
    [0.0, 0.5, 1.0],
    [0.0, 0.5, 1.0],
    [0.0, 0.5, 1.0]
  ]
>
devec = Nx.devectorize(normalized_vec, keep_names: false)
#Nx.Tensor<
  f32[3][3]
  [
    [0.0, 0.5, 1.0],
    [0.0, 0.5, 1.0],
    [0.0, 0.5, 1.0]
  ]
>
Nx.add(devec, right)
#Nx.Tensor<
  f32[3][3]
  [
    [1.0, 2.5, 4.0],
    [2.0, 3.5, 5.0],
    [3.0, 4.5, 6.0]
  ]
>
t = Nx.iota({2, 1, 3, 2, 2}) |> Nx.vectorize(x: 2, y: 1, z: 3)
#Nx.Tensor<
  vectorized[x: 2][y: 1][z: 3]
  s64[2][2]
  [
    [
      [
        [
          [0, 1],
          [2, 3]
        ],
        [
          [4, 5],
          [6, 7]
        ],
        [
          [8, 9],
          [10, 11]
        ]
      ]
    ],
    [
      [
        [
          [12, 13],
          [14, 15]
        ],
        [
          [16, 17],
          [18, 19]
        ],
        [
          [20, 21],
          [22, 23]
        ]
      ]
    ]
  ]
>
{constants, collapsed_t}
{#Nx.Tensor<
   vectorized[vectors: 6]
   s64
   [0, 100, 200, 300, 400, 500]
 >,
 #Nx.Tensor<
   vectorized[vectors: 6]
   s64[2][2]
   [
     [
       [0, 1],
       [2, 3]
     ],
     [
       [4, 5],
       [6, 7]
     ],
     [
       [8, 9],
       [10, 11]
     ],
     [
       [12, 13],
       [14, 15]
     ],
     [
       [16, 17],
       [18, 19]
     ],
     [
       [20, 21],
       [22, 23]
     ]
   ]
 >}
collapsed_t |> Nx.add(constants) |> Nx.revectorize(t.vectorized_axes)
#Nx.Tensor<
  vectorized[x: 2][y: 1][z: 3]
  s64[2][2]
  [
    [
      [
        [
          [0, 1],
          [2, 3]
        ],
        [
          [104, 105],
          [106, 107]
        ],
        [
          [208, 209],
          [210, 211]
        ]
      ]
    ],
    [
      [
        [
          [312, 313],
          [314, 315]
        ],
        [
          [416, 417],
          [418, 419]
        ],
        [
          [520, 521],
          [522, 523]
        ]
      ]
    ]
  ]
>
{#Nx.Tensor<
   s64[3]
   [10, 6, 10]
 >,
 #Nx.Tensor<
   s64[3]
   [10, 6, 10]
 >,
 #Nx.Tensor<
   vectorized[rows: 2]
   s64[3]
   [
     [10, 6, 10],
     [10, 6, 10]
   ]
 >,
 #Nx.Tensor<
   vectorized[rows: 2]
   s64[3]
   [
     [10, 6, 10],
     [14, 11, 16]
   ]
 >}
Nx.multiply(vec_i, vec_j)
#Nx.Tensor<
  vectorized[i: 10][j: 10]
  s64
  [
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [0, 2, 4, 6, 8, 10, 12, 14, 16, 18],
    [0, 3, 6, 9, 12, 15, 18, 21, 24, 27],
    [0, 4, 8, 12, 16, 20, 24, 28, 32, 36],
    ...
  ]
>
Nx.reshape_vectors([a, b], align_ranks: true)
[
  #Nx.Tensor<
    vectorized[x: 2][y: 1][z: 1]
    s64[2][1]
    [
      [
        [
          [
            [0],
            [1]
          ]
        ]
      ],
      [
        [
          [
            [0],
            [1]
          ]
        ]
      ]
    ]
  >,
  #Nx.Tensor<
    vectorized[x: 1][y: 1][z: 2]
    s64[1][1]
    [
      [
        [
          [
            [0]
          ],
          [
            [0]
          ]
        ]
      ]
    ]
  >
]
Nx.broadcast_vectors([x, y])
[
  #Nx.Tensor<
    vectorized[x: 2][y: 1][z: 2]
    s64[2][1]
    [
      [
        [
          [
            [0],
            [1]
          ],
          [
            [0],
            [1]
          ]
        ]
      ],
      [
        [
          [
            [0],
            [1]
          ],
          [
            [0],
            [1]
          ]
        ]
      ]
    ]
  >,
  #Nx.Tensor<
    vectorized[x: 2][y: 1][z: 2]
    s64
    [
      [
        [0, 0]
      ],
      [
        [0, 0]
      ]
    ]
  >
]
{#Nx.Tensor<
   vectorized[rows: 2]
   s64[3]
   [
     [10, 6, 10],
     [10, 6, 10]
   ]
 >,
 #Nx.Tensor<
   vectorized[rows: 2][cols: 2]
   s64[3]
   [
     [
       [10, 6, 10],
       [14, 11, 16]
     ],
     [
       [10, 6, 10],
       [14, 11, 16]
     ]
   ]
 >}
"""


def test_vectorization_guide():
    out = run_example("vectorization.py")
    expect_seed(out, VECTORIZATION_SEED, old_nx=True)
    assert "ValueError: invalid shape" in out     # normalize(t) on a matrix


# --- the aggregation guide (seed 002) -------------------------------------------------------

AGGREGATION_SEED = """
m = Nx.tensor([[1, 2, 3], [4, 5, 6]], names: [:x, :y])
#Nx.Tensor<
  s64[x: 2][y: 3]
  [
    [1, 2, 3],
    [4, 5, 6]
  ]
>
%{
  max: #Nx.Tensor<
    s64
    6
  >,
  max_x: #Nx.Tensor<
    s64[y: 3]
    [4, 5, 6]
  >,
  max_y: #Nx.Tensor<
    s64[x: 2]
    [3, 6]
  >
}
m = ~MAT[
  1 2
  3 4
]
#Nx.Tensor<
  s64[2][2]
  [
    [1, 2],
    [3, 4]
  ]
>
"""


def test_aggregation_guide():
    out = run_example("aggregation.py")
    expect_seed(out, AGGREGATION_SEED, old_nx=True)
    m, w = np.array([[1, 2], [3, 4]]), np.array([[10, 20], [30, 40]])
    full = float(np.float32((m * w).sum() / w.sum()))
    by_col = (m * w).sum(0) / w.sum(0)
    by_row = (m * w).sum(1) / w.sum(1)
    expect_in_order(out, [
        f"{{'nx_weighted_avg': {full}, 'manual_weighted_avg': {(m * w).sum() / w.sum()}}}",
        f"(nx.Tensor< f32[2] {[float(np.float32(v)) for v in by_col]} >, {by_col.tolist()})",
        f"(nx.Tensor< f32[2] {[float(np.float32(v)) for v in by_row]} >, {by_row.tolist()})",
        # argmin of [2 0 0 0 1]: the first minimum, or the last with tie_break: :high
        "{'argmin_with_default': 1, 'argmin_with_tie_break_high_option': 3}",
    ])


# --- the NumPy -> Nx cheatsheet (seed 002) --------------------------------------------------

CHEATSHEET_SEED = """
iex> Nx.tensor([1, 2, 3])
#Nx.Tensor<
  s32[3]
  [1, 2, 3]
>
iex> Nx.tensor([[1, 2], [3, 4]])
#Nx.Tensor<
  s32[2][2]
  [
    [1, 2],
    [3, 4]
  ]
>
iex> Nx.broadcast(0, {2, 3})
#Nx.Tensor<
  s32[2][3]
  [
    [0, 0, 0],
    [0, 0, 0]
  ]
>
iex> Nx.broadcast(1, {2, 3})
#Nx.Tensor<
  s32[2][3]
  [
    [1, 1, 1],
    [1, 1, 1]
  ]
>
iex> Nx.iota({5}, axis: 0) |> Nx.multiply(2)
#Nx.Tensor<
  s32[5]
  [0, 2, 4, 6, 8]
>
iex> Nx.iota({5}) |> Nx.divide(4)
#Nx.Tensor<
  f32[5]
  [0.0, 0.25, 0.5, 0.75, 1.0]
>
iex> a = Nx.tensor([[1, 2, 3], [4, 5, 6]])
#Nx.Tensor<
  s32[2][3]
  [
    [1, 2, 3],
    [4, 5, 6]
  ]
>
iex> tensor[[0, 1]]
#Nx.Tensor<
  s32
  20
>
iex> a[1..3]
#Nx.Tensor<
  s32[3]
  [20, 30, 40]
>
iex> a[[.., 1]]
#Nx.Tensor<
  s32[3]
  [2, 4, 6]
>
iex> Nx.dot(a, b)
#Nx.Tensor<
  s32[2][2]
  [
    [19, 22],
    [43, 50]
  ]
>
iex> Nx.transpose(a)
#Nx.Tensor<
  s32[2][2]
  [
    [1, 3],
    [2, 4]
  ]
>
iex> Nx.eye({3, 3})
#Nx.Tensor<
  s32[3][3]
  [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1]
  ]
>
iex> Nx.LinAlg.determinant(a)
#Nx.Tensor<
  f32
  -2.0
>
"""


def _numbers(text):
    return [float(x) for x in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", text)]


def test_numpy_cheatsheet():
    out = run_example("numpy_cheatsheet.py")
    expect_seed(out, CHEATSHEET_SEED)
    sections = {s.split("\n", 1)[0]: s for s in out.split("# ")[1:]}
    assert "Nx: (2, 3)" in sections["Shape"] and "Nx: 2" in sections["Number of dimensions"]
    assert "Nx: ('s', 32)" in sections["Data Type"]
    assert "Nx: 6" in sections["Total Number of Elements"]
    # the seed's EXLA prints [[-2.000000476837158, 1.0000003576278687], [1.5000004768371582,
    # -0.5000002384185791]], [2.0, 3.0] and eigh's ({3.618025779724121, 1.381974220275879},
    # [[0.8516583442687988, -0.5240974426269531], [0.5240974426269531, 0.8516583442687988]]):
    # its iterative f32 algorithms; the exact values are NumPy's
    inv = sections["Inverse"].split("Nx:")[1]
    assert "f32[2][2]" in inv
    np.testing.assert_allclose(_numbers(inv), [-2.000000476837158, 1.0000003576278687,
                                               1.5000004768371582, -0.5000002384185791],
                               atol=1e-5)
    solve = sections["Solve a System of Linear Equations"].split("Nx:")[1]
    assert squash(solve).startswith("nx.Tensor< f32[2] [2.0, 3.0] >")
    eigh = sections["Eigenvalues and Eigenvectors"].split("Nx:")[1]
    vals = _numbers(eigh)
    np.testing.assert_allclose(vals[:2], [3.618025779724121, 1.381974220275879], atol=1e-4)
    w, v = np.linalg.eigh(np.array([[3.0, 1.0], [1.0, 2.0]]))
    np.testing.assert_allclose(vals[:2], w[::-1], atol=1e-6)
    vecs = np.array(vals[2:]).reshape(2, 2)
    np.testing.assert_allclose(np.abs(vecs), np.abs(v[:, ::-1]), atol=1e-6)
    np.testing.assert_allclose(np.abs(vecs), [[0.8516583442687988, 0.5240974426269531],
                                              [0.5240974426269531, 0.8516583442687988]],
                               atol=2e-3)


# --- Exercises 1-20 (seed 002) --------------------------------------------------------------

EXERCISES_SEED = """
#Nx.Tensor<
  f32
  NaN
>
#Nx.Tensor<
  u8
  0
>
#Nx.Tensor<
  u8
  0
>
#Nx.Tensor<
  f32
  NaN
>
"""


def test_exercises_1_20():
    out = run_example("exercises_1_20.py")
    sections = {s.split("\n", 1)[0].split(".")[0]: s for s in out.split("\n# ")}
    t = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    zeros5 = np.zeros(10, int)
    zeros5[4] = 1
    mask = np.array([1, 2, 0, 0, 4, 0])
    checker = (np.arange(8)[:, None] + np.arange(8)) % 2
    expected = {
        "2": [tensor_block("s32[10]", np.zeros(10, int))],
        "3": ["6"], "4": ["24"],                # 6 s32 elements of 4 bytes
        "5a": [tensor_block("s32", t.sum())],
        "5b": [tensor_block("s32[3]", t.sum(axis=1))],
        "6": [tensor_block("s32[10]", zeros5)],
        "7": [tensor_block("s32[3][3]", np.arange(9).reshape(3, 3))],
        "8": [tensor_block("s32[40]", np.arange(10, 50)),
              tensor_block("s64[39]", np.linspace(10, 49, 39).astype(np.int64))],
        "9": [tensor_block("s32[4]", [8, 6, 4, 2])],
        "10a": [tensor_block("u8[6]", (mask != 0).astype(int))],
        "10b": [tensor_block("s32[6]", np.where(mask != 0, mask, -1))],
        "11": [tensor_block("s32[3][3]", np.eye(3, dtype=int))],
        "15": [tensor_block("s32[4][4]", np.pad(np.zeros((2, 2), int), 1, constant_values=1))],
        "16": [tensor_block("s32[5][5]", np.pad(np.ones((3, 3), int), 1))],
        "18": [tensor_block("s32[5][5]", np.diag([1, 2, 3, 4], k=-1))],
        # an 8x8 tensor prints its first 50 elements (Nx's inspect limit)
        "19": ["s32[8][8] [ " + ", ".join(str(r) for r in checker[:6].tolist())
               + ", [0, 1, ...], ... ] >"],
    }
    expected["20"] = expected["19"] * 2
    for ex, texts in expected.items():
        expect_in_order(sections[ex], texts)
    expect_seed(sections["17"], EXERCISES_SEED)
    # 12-14: normal samples from Nx.Random.key(0) (the seed prints none of them)
    for ex, header in (("12", "f32[3][3][3]"), ("14", "f32")):
        assert f"nx.Tensor< {header} " in squash(sections[ex])
    vals = _numbers(sections["12"])
    assert len(vals) == 27 and all(abs(v) < 6 for v in vals) and len(set(vals)) == 27
    lo, hi = _numbers(sections["13"])
    assert lo < 0 < hi
    (mean,) = _numbers(sections["14"])
    assert abs(mean) < 1


# --- Nx.Serving (seed 002) ------------------------------------------------------------------

SERVING_SEED = """
debug: #Nx.Tensor<
  s64[1][3]
  [
    [1, 2, 3]
  ]
>
#Nx.Tensor<
  s64[1][3]
  [
    [2, 4, 6]
  ]
>
debug: #Nx.Tensor<
  s64[2][2]
  [
    [1, 2],
    [3, 4]
  ]
>
{{#Nx.Tensor<
    s64[2][2]
    [
      [2, 4],
      [6, 8]
    ]
  >,
  :server_info},
 :client_info}
debug: #Nx.Tensor<
  s64[2][3]
  [
    [1, 2, 3],
    [4, 5, 6]
  ]
>
#Nx.Tensor<
  s64[2][3]
  [
    [2, 4, 6],
    [8, 10, 12]
  ]
>
"""


def test_serving():
    out = run_example("serving.py")
    expect_seed(out, SERVING_SEED, old_nx=True)
    expect_in_order(out, ["'server_info'), 'client_info')"])
    expect_in_order(out, [f"caller {i}: [[{2 * i}, {20 * i}, {200 * i}]]" for i in range(1, 5)]
                    + [tensor_block("s32[1][3]", [[2, 4, 6]])])
