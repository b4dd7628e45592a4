"""nx.Batch (Nx.Batch): entries stacked or concatenated along the batch axis, with padding and
a batch key; consumed by `nx.jit`/`nx.defn` functions as a container."""
from __future__ import annotations

import numpy as np

from ..containers import container, flatten, unflatten
from ..tensor import Tensor, from_array, tensor

AXIS = 0


def _fmt_template(inner, tree):
    parts = [f"{t.name}{''.join(f'[{n}: {s}]' if n else f'[{s}]' for s, n in zip(shape, names))}"
             for shape, t, names in inner]
    return parts[0] if tree == ("leaf",) else "{" + ", ".join(parts) + "}"


def _names_compatible(a, b):
    return all(x is None or y is None or x == y for x, y in zip(a, b))


def _compatible(t1, t2):
    (tree1, in1), (tree2, in2) = t1, t2
    if tree1 != tree2 or len(in1) != len(in2):
        return False
    return all(s1 == s2 and ty1 == ty2 and _names_compatible(n1, n2)
               for (s1, ty1, n1), (s2, ty2, n2) in zip(in1, in2))


class Batch:
    """A batch of tensors (or containers of tensors) along a new (`stack`) or the first
    (`concatenate`) axis, with optional padding and a batch key (Nx.Batch).

    Fields: `size` (entries), `pad`, `key` (default `"default"`) and `template` (the shape,
    type and names of one entry). Batches are values: `stack`, `concatenate`, `key`, `pad`,
    `merge` and `split` return new batches. A batch given to a `nx.jit`/`nx.defn` function
    becomes its tensor (or container of tensors), concatenated and zero-padded:

        >>> batch = nx.Batch.stack([nx.tensor(1), nx.tensor(2), nx.tensor(3)])
        >>> batch
        nx.Batch<size: 3, pad: 0>
        >>> nx.jit(lambda x: x)(nx.Batch.pad(batch, 2))
        nx.Tensor<
          s32[5]
          [1, 2, 3, 0, 0]
        >
    """

    def __init__(self, key="default", _stack=(), size=0, template=None, pad=0):
        self.key = key
        self._stack = list(_stack)   # [(leaves: [np.ndarray with the batch axis], size)]
        self.size = size
        self.template = template      # (treedef, [(inner shape, type, names)]) or None
        self.pad = pad

    def __repr__(self):
        return f"nx.Batch<size: {self.size}, pad: {self.pad}>"

    def _copy(self, **kw):
        b = Batch(self.key, self._stack, self.size, self.template, self.pad)
        b.__dict__.update(kw)
        return b

    # -- construction ---------------------------------------------------------------------
    @staticmethod
    def new():
        """Returns a new empty batch (key `"default"`)."""
        return Batch()

    @staticmethod
    def stack(batch_or_entries, entries=None):
        """Stacks `entries` (a list of tensors, numbers or containers of them) as new entries of
        a batch: each entry counts as one. `nx.Batch.stack(entries)` creates a batch;
        `nx.Batch.stack(batch, entries)` adds to one.

            >>> batch = nx.Batch.stack([nx.tensor(1), nx.tensor(2)])
            >>> batch = nx.Batch.stack(batch, [nx.tensor(3), nx.tensor(4)])
            >>> batch.size
            4
            >>> nx.jit(lambda x: x)(batch)
            nx.Tensor<
              s32[4]
              [1, 2, 3, 4]
            >
            >>> batch = nx.Batch.stack([(nx.tensor(11), nx.tensor(21)),
            ...                         (nx.tensor(12), nx.tensor(22))])
            >>> nx.jit(lambda x: x)(batch)[1]
            nx.Tensor<
              s32[2]
              [21, 22]
            >
        """
        return _add("nx.Batch.stack", batch_or_entries, entries, True)

    @staticmethod
    def concatenate(batch_or_entries, entries=None):
        """Concatenates `entries` along their first axis: an entry of first axis `n` counts as
        `n` entries. `nx.Batch.concatenate(entries)` or `nx.Batch.concatenate(batch, entries)`.

            >>> batch = nx.Batch.concatenate([nx.tensor([1, 2]), nx.tensor([3, 4, 5])])
            >>> batch.size
            5
            >>> nx.jit(lambda x: x)(batch)
            nx.Tensor<
              s32[5]
              [1, 2, 3, 4, 5]
            >
        """
        return _add("nx.Batch.concatenate", batch_or_entries, entries, False)

    @staticmethod
    def key(batch, key):
        """Returns `batch` with the batch key `key` (any hashable value). A serving accumulates
        and runs batches of different keys separately (see `nx.Serving.new`)."""
        _check_batch("nx.Batch.key", batch)
        try:
            hash(key)
        except TypeError:
            raise TypeError(f"nx.Batch.key: the key must be hashable, got "
                            f"{type(key).__name__}") from None
        return batch._copy(key=key)

    @staticmethod
    def pad(batch, pad):
        """Returns `batch` padded with `pad` zero entries at its end when it is consumed."""
        _check_batch("nx.Batch.pad", batch)
        if isinstance(pad, bool) or not isinstance(pad, (int, np.integer)) or pad < 0:
            raise ValueError(f"nx.Batch.pad: expected a non-negative integer padding, got {pad!r}")
        return batch._copy(pad=int(pad))

    @staticmethod
    def merge(left, right=None):
        """Merges batches (two, or a list): the entries of the left come first; sizes and
        paddings are summed (the padding still goes at the end). Batch keys must be equal and
        templates compatible.

            >>> b1 = nx.Batch.stack([nx.tensor(1), nx.tensor(2), nx.tensor(3)])
            >>> b2 = nx.Batch.concatenate([nx.tensor([4, 5]), nx.tensor([6, 7, 8])])
            >>> batch = nx.Batch.merge(b1, b2)
            >>> batch.size
            8
            >>> nx.jit(lambda x: x)(batch)
            nx.Tensor<
              s32[8]
              [1, 2, 3, 4, 5, 6, 7, 8]
            >
        """
        batches = list(left) if right is None else [left, right]
        if not batches:
            return Batch()
        for b in batches:
            _check_batch("nx.Batch.merge", b)
        head = batches[0]
        template, stack, pad, size = head.template, list(head._stack), head.pad, head.size
        for b in batches[1:]:
            if b.key != head.key:
                raise ValueError(f"nx.Batch.merge: cannot merge batches with different batch "
                                 f"keys: {head.key!r} and {b.key!r}")
            if b.template is not None and template is not None and \
                    not _compatible(b.template, template):
                raise ValueError(f"nx.Batch.merge: cannot merge batches due to incompatible "
                                 f"templates: {_fmt_template(template[1], template[0])} and "
                                 f"{_fmt_template(b.template[1], b.template[0])}")
            template = template or b.template
            stack += b._stack
            pad += b.pad
            size += b.size
        return Batch(head.key, stack, size, template, pad)

    @staticmethod
    def split(batch, n):
        """Splits `batch` in two, the first with at most `n` entries. Padding goes to the
        first batch as far as it is not full, the rest stays with the second.

            >>> batch = nx.Batch.concatenate([nx.tensor([1, 2]), nx.tensor([3, 4, 5])])
            >>> left, right = nx.Batch.split(batch, 3)
            >>> nx.jit(lambda x: x)(left)
            nx.Tensor<
              s32[3]
              [1, 2, 3]
            >
            >>> nx.jit(lambda x: x)(right)
            nx.Tensor<
              s32[2]
              [4, 5]
            >
        """
        _check_batch("nx.Batch.split", batch)
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
            raise ValueError(f"nx.Batch.split: expected a positive integer, got {n!r}")
        n = int(n)
        if n < batch.size:
            left, right, need = [], [], n
            for leaves, sz in batch._stack:
                if need >= sz:
                    left.append((leaves, sz))
                    need -= sz
                elif need > 0:
                    left.append(([a[:need] for a in leaves], need))
                    right.append(([a[need:] for a in leaves], sz - need))
                    need = 0
                else:
                    right.append((leaves, sz))
            return (Batch(batch.key, left, n, batch.template, 0),
                    Batch(batch.key, right, batch.size - n, batch.template, batch.pad))
        right_pad = max(batch.size + batch.pad - n, 0)
        return (batch._copy(pad=batch.pad - right_pad),
                Batch(batch.key, [], 0, batch.template, right_pad))

    # -- consumption ----------------------------------------------------------------------
    def _materialize(self):
        """The batch as its tensor or container of tensors (concatenated and zero-padded)."""
        if not self._stack:
            raise ValueError("cannot traverse/jit/compile nx.Batch without entries")
        tree, inner = self.template
        out = []
        for i, (shape, t, names) in enumerate(inner):
            parts = [leaves[i] for leaves, _ in self._stack]
            if self.pad:
                parts.append(np.zeros((self.pad,) + tuple(shape), dtype=parts[0].dtype))
            arr = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=AXIS)
            out.append(from_array(arr, t, names=(None,) + tuple(names)))
        return unflatten(tree, out)


def _check_batch(fun, b):
    if not isinstance(b, Batch):
        raise TypeError(f"{fun}: expected an nx.Batch, got {type(b).__name__}")


def _traverse(fun, entry, new_axis):
    leaves, tree = flatten(entry)
    if not leaves:
        raise ValueError(f"{fun}: cannot have an empty container in the batch: {entry!r}")
    arrays, inner, size = [], [], None
    for x in leaves:
        if not isinstance(x, Tensor):
            try:
                x = tensor(x)
            except (TypeError, ValueError) as e:
                raise TypeError(f"{fun}: entries must be tensors, numbers or containers of them, "
                                f"got {type(x).__name__}: {e}") from None
        if x.is_traced():
            raise ValueError(f"{fun}: cannot batch a traced tensor; build batches outside defn")
        if x.vectorized_axes:
            raise ValueError(f"{fun}: cannot batch a vectorized tensor "
                             f"(vectorized axes {list(x.vectorized_axes)}); devectorize it first")
        arr = np.asarray(x.to_numpy())
        if new_axis:
            arrays.append(arr[None])
            inner.append((tuple(x.shape), x.type, tuple(x.names)))
        else:
            if x.shape == ():
                raise ValueError(f"{fun}: cannot concatenate scalar tensor in {entry!r}")
            if size is not None and x.shape[0] != size:
                raise ValueError(f"{fun}: expects all tensors in the same container to have the "
                                 f"same value for first axis, got {x.shape[0]} and {size}")
            size = x.shape[0]
            arrays.append(arr)
            inner.append((tuple(x.shape[1:]), x.type, tuple(x.names[1:])))
    return (tree, inner), (1 if new_axis else size), arrays


def _add(fun, batch_or_entries, entries, new_axis):
    if entries is None:
        batch, entries = Batch(), batch_or_entries
    else:
        batch = batch_or_entries
        _check_batch(fun, batch)
    if not isinstance(entries, (list, tuple)):
        raise TypeError(f"{fun}: expected a list of entries, got {type(entries).__name__}")
    template, size, stack = batch.template, batch.size, list(batch._stack)
    for e in entries:
        tpl, n, arrays = _traverse(fun, e, new_axis)
        if template is not None and not _compatible(template, tpl):
            raise ValueError(f"{fun}: cannot add to batch due to incompatible tensors/containers: "
                             f"the batch has template {_fmt_template(template[1], template[0])} "
                             f"but an entry has template {_fmt_template(tpl[1], tpl[0])}")
        template = template or tpl
        stack.append((arrays, n))
        size += n
    return Batch(batch.key, stack, size, template, batch.pad)


container(Batch, flatten=lambda b: ([b._materialize()], None), unflatten=lambda aux, ch: ch[0])
